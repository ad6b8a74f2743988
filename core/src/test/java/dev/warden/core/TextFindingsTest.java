package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.internal.StrictJson;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import dev.warden.testsupport.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Security review findings on how token text is read: far-future {@code exp} in the verified-token cache,
 * unpaired UTF-16 surrogates in JSON strings. Each rejection asserts its exact reason.
 */
class TextFindingsTest {

    static final Instant NOW = TokenValidatorTest.NOW;
    static final String ISSUER = "https://idp.example";
    static final String AUDIENCE = "client-1";
    /** 9999-12-31T23:59:59Z, the last NumericDate Warden accepts. */
    static final long LAST_EXP = 253_402_300_799L;
    static final KeyPair EC = TestKeys.ec();

    final SettableClock clock = new SettableClock(NOW);
    final KeyLifecycleTest.Events events = new KeyLifecycleTest.Events();

    TokenValidator validator(UnaryOperator<TokenValidator.Builder> custom) {
        return custom.apply(TokenValidator.builder().clock(clock).listener(events)
                .trust(TrustedIssuer.builder(ISSUER).audiences(AUDIENCE).staticKey("k", EC.getPublic()).build()))
                .build();
    }

    static String token(String payloadJson) {
        return Jws.sign("{\"alg\":\"ES256\",\"kid\":\"k\"}", payloadJson, EC.getPrivate(), "ES256");
    }

    /** The standard claims with {@code sub} and {@code exp} as raw JSON, plus {@code extra} members (may be empty). */
    static String payload(String rawSub, long exp, String extra) {
        return "{\"iss\":\"" + ISSUER + "\",\"sub\":" + rawSub + ",\"aud\":\"" + AUDIENCE + "\",\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + exp + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    // Finding 1: exp beyond ~292 years overflowed the cache's nanosecond lifetime and failed as MALFORMED.

    @Test
    void expAtTheLastSecondOf9999ValidatesTwiceTheSecondFromTheCache() {
        String token = token(payload("\"bob\"", LAST_EXP, ""));
        try (TokenValidator v = validator(b -> b)) {
            VerifiedToken first = v.validate(token);
            assertThat(first.expiresAt()).contains(Instant.parse("9999-12-31T23:59:59Z"));
            assertThat(v.validate(token)).isSameAs(first);
            assertThat(events.cacheHits).as("second validation is a cache hit").hasValue(1);
            assertThat(events.rejected).isEmpty();
        }
    }

    @Test
    void farFutureExpIsCachedNoLongerThanTheCacheTtl() {
        String token = token(payload("\"bob\"", LAST_EXP, ""));
        try (TokenValidator v = validator(b -> b.verifiedTokenCache(64 * 1024, Duration.ofSeconds(1)))) {
            v.validate(token);
            v.validate(token);
            assertThat(events.cacheHits).hasValue(1);
            clock.advance(Duration.ofMillis(1_500));
            v.validate(token);
            assertThat(events.cacheHits).as("entry expired after the 1 s TTL, not at exp").hasValue(1);
        }
    }

    @Test
    void cacheLifetimeIsTheEarlierOfTheTtlAndExpAndNeverOverflows() {
        long fiveMinutes = Duration.ofMinutes(5).toNanos();
        Instant last = Instant.ofEpochSecond(LAST_EXP);
        assertThat(VerifiedTokenCache.lifetimeNanos(NOW, last, 60, fiveMinutes)).isEqualTo(fiveMinutes);
        assertThat(VerifiedTokenCache.lifetimeNanos(Instant.EPOCH, last, 300, Long.MAX_VALUE))
                .as("longer than a long of nanoseconds: saturated").isEqualTo(Long.MAX_VALUE);
        assertThat(VerifiedTokenCache.lifetimeNanos(NOW, NOW.plusSeconds(10), 60, fiveMinutes))
                .isEqualTo(Duration.ofSeconds(70).toNanos());
        assertThat(VerifiedTokenCache.lifetimeNanos(NOW, NOW.minusSeconds(61), 60, fiveMinutes)).isZero();
        assertThat(VerifiedTokenCache.lifetimeNanos(NOW, null, 60, fiveMinutes)).isEqualTo(fiveMinutes);
        assertThat(VerifiedTokenCache.saturatedNanos(Duration.ofDays(365L * 1000))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCacheTtlOfCenturiesIsAcceptedAndStillEndsAtExp() {
        String soon = token(payload("\"bob\"", NOW.plusSeconds(30).getEpochSecond(), ""));
        try (TokenValidator v = validator(b -> b.verifiedTokenCache(64 * 1024, Duration.ofDays(365L * 1000)))) {
            v.validate(soon);
            v.validate(soon);
            assertThat(events.cacheHits).hasValue(1);
            clock.advance(Duration.ofSeconds(91));
            assertRejected(v, soon, RejectionReason.EXPIRED);
        }
    }

    // Finding 2: an escaped unpaired surrogate ("bob\ud800") became '?' in UTF-8, so the identity was that of "bob?".

    static Stream<Arguments> payloadsWithAnUnpairedSurrogate() {
        return Stream.of(
                Arguments.of("high surrogate at the end of sub", payload("\"bob\\ud800\"", LAST_EXP, "")),
                Arguments.of("upper-case escape", payload("\"bob\\uDBFF\"", LAST_EXP, "")),
                Arguments.of("lone low surrogate", payload("\"bob\\udc00\"", LAST_EXP, "")),
                Arguments.of("pair in the wrong order", payload("\"\\ude00\\ud83d\"", LAST_EXP, "")),
                Arguments.of("high surrogate then a letter", payload("\"\\ud800bob\"", LAST_EXP, "")),
                Arguments.of("high surrogate then an escaped letter", payload("\"\\ud800\\u0041\"", LAST_EXP, "")),
                Arguments.of("two high surrogates", payload("\"\\ud800\\ud800\"", LAST_EXP, "")),
                Arguments.of("in iss", payload("\"bob\"", LAST_EXP, "").replace(ISSUER, ISSUER + "\\udfff")),
                Arguments.of("in an aud array", payload("\"bob\"", LAST_EXP, "")
                        .replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":[\"" + AUDIENCE + "\",\"x\\ud800\"]")),
                Arguments.of("in a custom claim", payload("\"bob\"", LAST_EXP, "\"name\":\"x\\udfff\"")),
                Arguments.of("nested deep in a claim", payload("\"bob\"", LAST_EXP, "\"ext\":{\"r\":[[\"\\ud800\"]]}")),
                Arguments.of("in a claim name", payload("\"bob\"", LAST_EXP, "\"\\ud800\":1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsWithAnUnpairedSurrogate")
    void anUnpairedSurrogateInAnyPayloadStringIsMalformed(String what, String payloadJson) {
        try (TokenValidator v = validator(b -> b)) {
            assertThat(assertRejected(v, token(payloadJson), RejectionReason.MALFORMED))
                    .hasMessageContaining("payload is not a strict JSON object");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"alg\":\"ES256\",\"kid\":\"k\\ud800\"}", "{\"alg\":\"ES256\",\"kid\":\"k\",\"typ\":\"JWT\\udc00\"}",
        "{\"alg\":\"ES256\",\"kid\":\"k\",\"\\ud800\":1}"})
    void anUnpairedSurrogateInAnyHeaderStringIsMalformed(String header) {
        String token = Jws.sign(header, payload("\"bob\"", LAST_EXP, ""), EC.getPrivate(), "ES256");
        try (TokenValidator v = validator(b -> b)) {
            assertThat(assertRejected(v, token, RejectionReason.MALFORMED))
                    .hasMessageContaining("header is not a strict JSON object");
        }
    }

    @Test
    void wellFormedSurrogatePairsAndQuestionMarksAreAccepted() {
        try (TokenValidator v = validator(b -> b)) {
            VerifiedToken escaped = v.validate(token(payload("\"bob\\ud83d\\ude00\"", LAST_EXP, "")));
            assertThat(escaped.subject()).isEqualTo("bob\ud83d\ude00");
            assertThat(escaped.identity()).isEqualTo(Identity.fromClaims(ISSUER, "bob\ud83d\ude00"));
            VerifiedToken question = v.validate(token(payload("\"bob?\"", LAST_EXP, "")));
            assertThat(question.identity()).isEqualTo(Identity.fromClaims(ISSUER, "bob?"))
                    .isNotEqualTo(escaped.identity());
        }
    }

    @Test
    void identityRefusesStringsWithAnUnpairedSurrogateInsteadOfHashingThemAsQuestionMarks() {
        assertThatThrownBy(() -> Identity.fromClaims(ISSUER, "bob\ud800"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Identity.fromClaims(ISSUER + "\udc00", "bob"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
        assertThat(Identity.fromClaims(ISSUER, "bob\ud83d\ude00")).isNotEqualTo(Identity.fromClaims(ISSUER, "bob?"));
    }

    @Test
    void keySetsAndDiscoveryDocumentsWithAnUnpairedSurrogateAreNotStrictJson() {
        assertThatThrownBy(() -> StrictJson.parseObject(
                "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k\\ud800\"}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> StrictJson.parseObject(
                "{\"issuer\":\"https://idp.example\",\"\\udc00\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("surrogate");
    }
}
