package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import dev.warden.testsupport.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

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
    void farFutureExpIsCachedNoLongerThanTheCacheTtl() throws InterruptedException {
        String token = token(payload("\"bob\"", LAST_EXP, ""));
        try (TokenValidator v = validator(b -> b.verifiedTokenCache(64 * 1024, Duration.ofSeconds(1)))) {
            v.validate(token);
            v.validate(token);
            assertThat(events.cacheHits).hasValue(1);
            Thread.sleep(1_500);
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
}
