package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.internal.Base64Url;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass strict decoder against the JDK's decoder and the canonical-form check. */
class Base64UrlTest {

    @Test
    void decodesWhatTheJdkEncodesAtEveryLength() {
        Random random = new Random(7);
        for (int n = 0; n <= 600; n++) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            assertThat(Base64Url.decodeOrNull(text, 0, text.length())).as("length %d", n).isEqualTo(bytes);
            String framed = "x." + text + ".y";
            assertThat(Base64Url.decodeOrNull(framed, 2, 2 + text.length())).isEqualTo(bytes);
        }
    }

    @Test
    void refusesExactlyWhatIsNotCanonical() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. \u00e9\u0100\u0141";
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
            byte[] decoded = Base64Url.decodeOrNull(s, 0, s.length());
            if (Base64Url.isCanonical(s, 0, s.length())) {
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
        for (String s : new String[] {"QR", "QUF", "QQ==", "Q", "QUFBQ", "QUFB=", "QU FB", "QUF\u0100", "QUF+", "QUF/"}) {
            assertThat(Base64Url.decodeOrNull(s, 0, s.length())).as(s).isNull();
        }
        assertThat(Base64Url.decodeOrNull("QQ", 0, 2)).containsExactly('A');
        assertThat(Base64Url.decodeOrNull("QUE", 0, 3)).containsExactly('A', 'A');
        assertThatThrownBy(() -> Base64Url.decode("QR", 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
