package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.internal.Base64Url;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass strict decoder against the JDK's decoder and an independent statement of the canonical form
 * (RFC 7515 section 2: the URL-safe alphabet, no padding, zero unused bits). Text is given to it as
 * {@code CompactJws} gives it: a byte per character, {@code '?'} for a character above U+00FF.
 */
class Base64UrlTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static byte[] decode(String s) {
        byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
        return Base64Url.decodeOrNull(text, 0, text.length);
    }

    /** The canonical form, written as its definition rather than as a decoder. */
    private static boolean canonical(String s) {
        if (s.length() % 4 == 1 || s.chars().anyMatch(c -> ALPHABET.indexOf(c) < 0)) {
            return false;
        }
        int last = s.isEmpty() ? 0 : ALPHABET.indexOf(s.charAt(s.length() - 1));
        return s.length() % 4 == 2 ? (last & 0x0f) == 0 : s.length() % 4 != 3 || (last & 0x03) == 0;
    }

    @Test
    void decodesWhatTheJdkEncodesAtEveryLength() {
        Random random = new Random(7);
        for (int n = 0; n <= 600; n++) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            assertThat(decode(text)).as("length %d", n).isEqualTo(bytes);
            byte[] framed = ("x." + text + ".y").getBytes(StandardCharsets.ISO_8859_1);
            assertThat(Base64Url.decodeOrNull(framed, 2, 2 + text.length())).isEqualTo(bytes);
        }
    }

    @Test
    void refusesExactlyWhatIsNotCanonical() {
        String alphabet = ALPHABET + "+/=. \u00e9\u0100\u0141";
        Random random = new Random(11);
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            int n = random.nextInt(13);
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < n; j++) {
                // mostly the base64url alphabet, sometimes a character outside it
                b.append(alphabet.charAt(random.nextInt(random.nextInt(10) == 0 ? alphabet.length() : 64)));
            }
            String s = b.toString();
            byte[] decoded = decode(s);
            if (canonical(s)) {
                assertThat(decoded).as(s).isEqualTo(Base64.getUrlDecoder().decode(s));
            } else {
                assertThat(decoded).as(s).isNull();
                refused++;
            }
        }
        assertThat(refused).as("the sample holds non-canonical text").isGreaterThan(10_000);
    }

    @Test
    void refusesNonZeroUnusedBitsPaddingAndStrayLengths() {
        for (String s : new String[] {"QR", "QUF", "QQ==", "Q", "QUFBQ", "QUFB=", "QU FB", "QUF\u0100", "QUF\u00c1",
            "QUF+", "QUF/"}) {
            assertThat(decode(s)).as(s).isNull();
        }
        assertThat(decode("QQ")).containsExactly('A');
        assertThat(decode("QUE")).containsExactly('A', 'A');
        assertThat(decode("")).isEmpty();
    }
}
