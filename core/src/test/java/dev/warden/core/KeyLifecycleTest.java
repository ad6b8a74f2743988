package dev.warden.core;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.jwk.JWKSet;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Key rotation, refetch rate limiting, single flight, outages, redirects and the verified-token cache. */
class KeyLifecycleTest {

    static final Instant NOW = TokenValidatorTest.NOW;

    final FakeIssuer idp = new FakeIssuer();
    final SettableClock clock = new SettableClock(NOW);
    final Events events = new Events();
    TokenValidator validator;

    static final class Events implements ValidationListener {
        final AtomicInteger fetched = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger stale = new AtomicInteger();
        final AtomicInteger cacheHits = new AtomicInteger();
        final Map<RejectionReason, AtomicInteger> rejected = new ConcurrentHashMap<>();

        @Override
        public void keysFetched(String issuer, int keyCount) {
            fetched.incrementAndGet();
        }

        @Override
        public void keyFetchFailed(String issuer, String message) {
            failed.incrementAndGet();
        }

        @Override
        public void staleKeysServed(String issuer, long remainingMillis) {
            stale.incrementAndGet();
        }

        @Override
        public void accepted(VerifiedToken token, boolean fromCache) {
            if (fromCache) {
                cacheHits.incrementAndGet();
            }
        }

        @Override
        public void rejected(RejectionReason reason, String issuer) {
            rejected.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
        }
    }

    TokenValidator build(TrustedIssuer.Builder issuer, boolean cache) {
        TokenValidator.Builder b = TokenValidator.builder().trust(issuer.build()).clock(clock).listener(events);
        if (!cache) {
            b.noVerifiedTokenCache();
        }
        validator = b.build();
        return validator;
    }

    @AfterEach
    void stop() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }

    String tokenSignedBy(KeyPair kp, String kid) {
        return Jws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", idp.payload(NOW, ""), kp.getPrivate(), "RS256");
    }

    @Test
    void rotatedKeyIsAcceptedAfterExactlyOneRefetch() {
        build(idp.trust(), false);
        validator.validate(idp.rs256(NOW));
        assertThat(idp.jwksFetches()).isEqualTo(1);

        KeyPair next = TestKeys.rsa(2048);
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.rsaJwk(next, "rsa-2").build());
        assertThat(validator.validate(tokenSignedBy(next, "rsa-2")).keyId()).contains("rsa-2");
        assertThat(idp.jwksFetches()).isEqualTo(2);
        validator.validate(tokenSignedBy(next, "rsa-2"));
        validator.validate(idp.rs256(NOW));
        assertThat(idp.jwksFetches()).isEqualTo(2);
        assertThat(events.fetched).hasValue(2);
    }

    @Test
    void bogusKidStormCausesOneRefetchPerWindowAndNeverBlocksValidKids() {
        build(idp.trust().minRefetchInterval(Duration.ofSeconds(10)), false);
        validator.validate(idp.rs256(NOW));
        for (int i = 0; i < 500; i++) {
            assertRejected(validator, tokenSignedBy(idp.rsa, UUID.randomUUID().toString()), RejectionReason.UNKNOWN_KEY);
            assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
        }
        assertThat(idp.jwksFetches()).isEqualTo(2);

        // a genuine rotation during the storm is picked up by the next window's refetch
        KeyPair next = TestKeys.rsa(2048);
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.rsaJwk(next, "rsa-2").build());
        assertRejected(validator, tokenSignedBy(next, "rsa-2"), RejectionReason.UNKNOWN_KEY);
        clock.advance(Duration.ofSeconds(10));
        assertThat(validator.validate(tokenSignedBy(next, "rsa-2")).keyId()).contains("rsa-2");
        assertThat(idp.jwksFetches()).isEqualTo(3);
        assertThat(events.rejected.get(RejectionReason.UNKNOWN_KEY)).hasValue(501);
    }

    @Test
    void concurrentValidationsDuringARotationCauseOneFetch() throws Exception {
        build(idp.trust(), false);
        validator.validate(idp.rs256(NOW));
        KeyPair next = TestKeys.ec();
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.ecJwk(next, "ec-2").build());
        idp.server.stubFor(get(FakeIssuer.JWKS_PATH).willReturn(okJson(new JWKSet(List.of(
                Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.ecJwk(next, "ec-2").build())).toString())
                .withFixedDelay(200)));
        String token = Jws.sign("{\"alg\":\"ES256\",\"kid\":\"ec-2\"}", idp.payload(NOW, ""), next.getPrivate(), "ES256");

        int callers = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<VerifiedToken>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return validator.validate(token);
            }));
        }
        start.countDown();
        int accepted = 0;
        for (Future<VerifiedToken> f : results) {
            try {
                assertThat(f.get(30, TimeUnit.SECONDS).keyId()).contains("ec-2");
                accepted++;
            } catch (java.util.concurrent.ExecutionException e) {
                // callers beyond the bounded number of waiters are turned away while the refetch is in flight
                TokenRejectedException r = (TokenRejectedException) e.getCause();
                assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY);
                assertThat(r.getMessage()).endsWith("(its key set is being refreshed)");
            }
        }
        pool.shutdown();
        assertThat(accepted).isGreaterThan(dev.warden.core.internal.IssuerKeys.MAX_REFETCH_WAITERS);
        assertThat(validator.validate(token).keyId()).contains("ec-2");
        assertThat(idp.jwksFetches()).isEqualTo(2);
    }

    @Test
    void outageServesCachedKeysThenRejectsWithJwksUnavailableThenRecovers() {
        build(idp.trust().keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                .outageTolerance(Duration.ofMinutes(10)).timeouts(Duration.ofMillis(300), Duration.ofMillis(300)), false);
        String token = idp.rs256(NOW, b -> b.expiration(java.util.Date.from(NOW.plus(Duration.ofHours(2)))));
        validator.validate(token);

        idp.jwksRespondsStatus(503);
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(token).subject()).isEqualTo("user-42");
        assertThat(events.failed.get()).isPositive();
        assertThat(events.stale.get()).isPositive();

        idp.jwksResponds(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(token).subject()).isEqualTo("user-42");

        idp.jwksResponds(okJson("{\"keys\": not json"));
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(token).subject()).isEqualTo("user-42");

        idp.jwksResponds(okJson("{}").withFixedDelay(2_000));
        clock.advance(Duration.ofSeconds(61));
        long started = System.nanoTime();
        assertThat(validator.validate(token).subject()).isEqualTo("user-42");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));

        // past outage tolerance (plus one cache period) the cached keys may no longer be used
        idp.jwksRespondsStatus(500);
        clock.advance(Duration.ofMinutes(12));
        assertRejected(validator, token, RejectionReason.JWKS_UNAVAILABLE);

        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build());
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(token).subject()).isEqualTo("user-42");
    }

    @Test
    void noKeysEverMeansJwksUnavailable() {
        idp.jwksRespondsStatus(500);
        build(idp.trust(), false);
        TokenRejectedException e = assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 500");
    }

    @Test
    void discoveryMustNameTheConfiguredIssuer() {
        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(okJson("{\"issuer\":\"https://evil.example\","
                + "\"jwks_uri\":\"" + idp.issuer() + FakeIssuer.JWKS_PATH + "\"}")));
        build(idp.trust(), false);
        TokenRejectedException e = assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("evil.example");
        assertThat(idp.jwksFetches()).isZero();
    }

    @Test
    void discoveredJwksUriMustBeSecure() {
        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(okJson("{\"issuer\":\"" + idp.issuer()
                + "\",\"jwks_uri\":\"http://keys.example/jwks\"}")));
        build(idp.trust(), false);
        assertThat(assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE).getMessage())
                .contains("https");
    }

    @Test
    void redirectsToAnotherHostAreNotFollowed() {
        idp.jwksResponds(aResponse().withStatus(302).withHeader("Location", "http://localhost:" + idp.server.port()
                + "/elsewhere"));
        build(idp.trust(), false);
        assertThat(assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE).getMessage())
                .contains("another origin");
    }

    @Test
    void sameOriginRedirectIsFollowed() {
        idp.server.stubFor(get("/moved").willReturn(okJson(new JWKSet(Keys.rsaJwk(idp.rsa, "rsa-1").build()).toString())));
        idp.jwksResponds(aResponse().withStatus(301).withHeader("Location", "/moved"));
        build(idp.trust(), false);
        assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
    }

    @Test
    void oversizedOrOvercrowdedJwksIsRefused() {
        StringBuilder keys = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < 150; i++) {
            keys.append(i == 0 ? "" : ",").append(Keys.rsaJwk(idp.rsa, "k" + i).build().toJSONString());
        }
        idp.jwksResponds(okJson(keys.append("]}").toString()));
        build(idp.trust(), false);
        assertThat(assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE).getMessage())
                .contains("150 keys");
        validator.close();
        build(idp.trust().jwksLimits(4096, 1000), false);
        assertThat(assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE).getMessage())
                .contains("larger than 4096 bytes");
    }

    @Test
    void repeatedTokenIsACacheHitWhoseTimesAreCheckedAgain() {
        build(idp.trust(), true);
        String token = idp.rs256(NOW);
        VerifiedToken first = validator.validate(token);
        assertThat(validator.validate(token)).isSameAs(first);
        assertThat(events.cacheHits).hasValue(1);
        clock.advance(Duration.ofSeconds(600 + 61));
        assertRejected(validator, token, RejectionReason.EXPIRED);
    }

    @Test
    void aCachedTokenOfARetiredKeyIsVerifiedAgainOnceTheInjectedClockPassesTheCacheTtl() {
        validator = TokenValidator.builder().trust(idp.trust().build()).clock(clock).listener(events)
                .verifiedTokenCache(1 << 20, Duration.ofMinutes(1)).build();
        String token = idp.rs256(NOW);
        validator.validate(token);
        validator.validate(token);
        assertThat(events.cacheHits).as("second validation is a cache hit").hasValue(1);

        idp.publish(Keys.rsaJwk(TestKeys.rsa(2048), "rsa-2").build());   // rsa-1 retired
        clock.advance(Duration.ofMinutes(6));    // past the 1 min cache TTL and the 5 min key cache; exp is 10 min
        assertRejected(validator, token, RejectionReason.UNKNOWN_KEY);
        assertThat(events.cacheHits).as("the entry expired by the validator's clock, not the system's").hasValue(1);
    }

    @Test
    void aForgedVariantOfACachedTokenIsNotACacheHit() {
        build(idp.trust(), true);
        String token = idp.rs256(NOW);
        validator.validate(token);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BA" : "AA");
        assertRejected(validator, forged, RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void aThrowingListenerDoesNotBreakValidation() {
        validator = TokenValidator.builder().trust(idp.trust().build()).clock(clock).listener(new ValidationListener() {
            @Override
            public void accepted(VerifiedToken token, boolean fromCache) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void rejected(RejectionReason reason, String issuer) {
                throw new IllegalStateException("boom");
            }
        }).build();
        assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
        assertRejected(validator, "a.b.c", RejectionReason.MALFORMED);
    }
}
