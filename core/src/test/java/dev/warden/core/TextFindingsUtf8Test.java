package dev.warden.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.testsupport.Jws;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Security review finding 3: Jackson guessed the encoding of the bytes it was given, so headers, payloads, key
 * sets and discovery documents in UTF-16 or UTF-32, with a byte-order mark, or in invalid UTF-8 (overlong forms
 * such as C0 AF read as '/', encoded surrogates, code points past U+10FFFF) were accepted. RFC 7519 section 7.2
 * and RFC 8259 section 8.1 say UTF-8 without a BOM: anything else is refused, tokens as MALFORMED and fetched
 * documents as not a key set (JWKS_UNAVAILABLE when no keys are cached).
 */
class TextFindingsUtf8Test {

    static final String PAYLOAD = TextFindingsTest.payload("\"bob\"", TextFindingsTest.LAST_EXP, "");
    static final String HEADER = "{\"alg\":\"ES256\",\"kid\":\"k\"}";

    /** Each way of mis-encoding an ASCII JSON document whose text contains {@code marker}. */
    static Stream<Arguments> encodings(String marker) {
        return Stream.of(
                Arguments.of("UTF-16BE", charset("UTF-16BE")),
                Arguments.of("UTF-16LE", charset("UTF-16LE")),
                Arguments.of("UTF-16 with a BOM", charset("UTF-16")),
                Arguments.of("UTF-16LE with a BOM", bom(new byte[] {(byte) 0xff, (byte) 0xfe}, charset("UTF-16LE"))),
                Arguments.of("UTF-32BE", charset("UTF-32BE")),
                Arguments.of("UTF-32LE", charset("UTF-32LE")),
                Arguments.of("UTF-8 with a BOM", bom(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                        charset("UTF-8"))),
                Arguments.of("overlong 2-byte form of a character (C0/C1 lead)", latin1(marker, overlong2(marker))),
                Arguments.of("overlong 3-byte form of a character", latin1(marker, overlong3(marker))),
                Arguments.of("overlong NUL (C0 80)", latin1(marker, marker + "\u00c0\u0080")),
                Arguments.of("lone continuation byte", latin1(marker, marker + "\u0080")),
                Arguments.of("surrogate encoded in UTF-8 (ED A0 80)", latin1(marker, marker + "\u00ed\u00a0\u0080")),
                Arguments.of("surrogate pair encoded as CESU-8", latin1(marker,
                        marker + "\u00ed\u00a0\u00bd\u00ed\u00b8\u0080")),
                Arguments.of("code point past U+10FFFF (F4 90 80 80)", latin1(marker,
                        marker + "\u00f4\u0090\u0080\u0080")),
                Arguments.of("5-byte sequence (F8 lead)", latin1(marker, marker + "\u00f8\u0088\u0080\u0080\u0080")),
                Arguments.of("truncated sequence", latin1(marker, marker + "\u00e2\u0082")));
    }

    static Stream<Arguments> payloadEncodings() {
        return encodings("bob");
    }

    static Stream<Arguments> headerEncodings() {
        return encodings("k");
    }

    static Stream<Arguments> documentEncodings() {
        return encodings("rsa-1");
    }

    static Function<String, byte[]> charset(String name) {
        Charset cs = Charset.forName(name);
        return text -> text.getBytes(cs);
    }

    static Function<String, byte[]> bom(byte[] mark, Function<String, byte[]> encoding) {
        return text -> {
            byte[] body = encoding.apply(text);
            byte[] out = new byte[mark.length + body.length];
            System.arraycopy(mark, 0, out, 0, mark.length);
            System.arraycopy(body, 0, out, mark.length, body.length);
            return out;
        };
    }

    /** Replaces the first {@code marker} by {@code bytes}, given as the chars U+0000 to U+00FF. */
    static Function<String, byte[]> latin1(String marker, String bytes) {
        return text -> {
            assertThat(text).contains(marker);
            return text.replaceFirst(java.util.regex.Pattern.quote(marker),
                    java.util.regex.Matcher.quoteReplacement(bytes)).getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    /** The marker with its last character written in the overlong 2-byte form a lax decoder reads as it. */
    static String overlong2(String marker) {
        char c = marker.charAt(marker.length() - 1);
        return marker.substring(0, marker.length() - 1) + (char) (0xc0 | c >> 6) + (char) (0x80 | c & 0x3f);
    }

    static String overlong3(String marker) {
        char c = marker.charAt(marker.length() - 1);
        return marker.substring(0, marker.length() - 1) + (char) 0xe0 + (char) (0x80 | c >> 6)
                + (char) (0x80 | c & 0x3f);
    }

    static String signRaw(byte[] header, byte[] payload) {
        String input = Jws.b64(header) + "." + Jws.b64(payload);
        return input + "." + Jws.b64(Jws.signature(input, TextFindingsTest.EC.getPrivate(), "ES256"));
    }

    // tokens

    final TextFindingsTest tokens = new TextFindingsTest();

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadEncodings")
    void aPayloadNotInStrictUtf8IsMalformed(String what, Function<String, byte[]> encoding) {
        String token = signRaw(HEADER.getBytes(StandardCharsets.UTF_8), encoding.apply(PAYLOAD));
        try (TokenValidator v = tokens.validator(b -> b)) {
            assertThat(assertRejected(v, token, RejectionReason.MALFORMED))
                    .hasMessageContaining("payload is not a strict JSON object");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerEncodings")
    void aHeaderNotInStrictUtf8IsMalformed(String what, Function<String, byte[]> encoding) {
        String token = signRaw(encoding.apply(HEADER), PAYLOAD.getBytes(StandardCharsets.UTF_8));
        try (TokenValidator v = tokens.validator(b -> b)) {
            assertThat(assertRejected(v, token, RejectionReason.MALFORMED))
                    .hasMessageContaining("header is not a strict JSON object");
        }
    }

    @Test
    void wellFormedUtf8IsAcceptedIncludingCharactersOfEveryLength() {
        String sub = "\"b\u00f6b \u20ac \ud83d\ude00\"";
        String token = signRaw(HEADER.getBytes(StandardCharsets.UTF_8), TextFindingsTest.payload(sub,
                TextFindingsTest.LAST_EXP, "").getBytes(StandardCharsets.UTF_8));
        try (TokenValidator v = tokens.validator(b -> b)) {
            assertThat(v.validate(token).subject()).isEqualTo("b\u00f6b \u20ac \ud83d\ude00");
        }
    }

    // fetched documents

    final FakeIssuer idp = new FakeIssuer();
    final List<String> fetchFailures = new CopyOnWriteArrayList<>();
    final String jwks = new JWKSet(Keys.rsaJwk(idp.rsa, "rsa-1").build()).toString();
    final String discovery = "{\"issuer\":\"" + idp.issuer() + "\",\"jwks_uri\":\"" + idp.issuer()
            + FakeIssuer.JWKS_PATH + "\",\"x\":\"rsa-1\"}";

    @AfterEach
    void stop() {
        idp.close();
    }

    TokenValidator fetching() {
        return TokenValidator.builder().clock(tokens.clock).noVerifiedTokenCache().trust(idp.trust().build())
                .listener(new ValidationListener() {
                    @Override
                    public void keyFetchFailed(String issuer, String message) {
                        fetchFailures.add(message);
                    }
                }).build();
    }

    void serve(String path, byte[] body) {
        idp.server.stubFor(get(path).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void theSameDocumentsInStrictUtf8AreAccepted() {
        serve(FakeIssuer.JWKS_PATH, jwks.getBytes(StandardCharsets.UTF_8));
        serve(FakeIssuer.DISCOVERY_PATH, discovery.getBytes(StandardCharsets.UTF_8));
        try (TokenValidator v = fetching()) {
            assertThat(v.validate(idp.rs256(TokenValidatorTest.NOW)).keyId()).contains("rsa-1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentEncodings")
    void aKeySetNotInStrictUtf8IsNotAKeySet(String what, Function<String, byte[]> encoding) {
        serve(FakeIssuer.JWKS_PATH, encoding.apply(jwks));
        try (TokenValidator v = fetching()) {
            assertRejected(v, idp.rs256(TokenValidatorTest.NOW), RejectionReason.JWKS_UNAVAILABLE);
        }
        assertThat(fetchFailures).isNotEmpty().allMatch(m -> m.contains("JWKS is not a strict JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentEncodings")
    void aDiscoveryDocumentNotInStrictUtf8IsRefused(String what, Function<String, byte[]> encoding) {
        serve(FakeIssuer.DISCOVERY_PATH, encoding.apply(discovery));
        try (TokenValidator v = fetching()) {
            assertRejected(v, idp.rs256(TokenValidatorTest.NOW), RejectionReason.JWKS_UNAVAILABLE);
        }
        assertThat(fetchFailures).isNotEmpty()
                .allMatch(m -> m.contains("discovery document is not a strict JSON object"));
    }
}
