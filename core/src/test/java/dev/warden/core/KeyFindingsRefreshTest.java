package dev.warden.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Security review findings on key refresh: a moved jwks_uri, and unknown-kid callers waiting for a refetch. */
class KeyFindingsRefreshTest extends FakeIssuerTest {

    static final Instant NOW = TokenValidatorTest.NOW;

    final List<String> failures = new CopyOnWriteArrayList<>();
    TokenValidator build(TrustedIssuer.Builder issuer) {
        validator = TokenValidator.builder().trust(issuer.build()).clock(clock).noVerifiedTokenCache()
                .listener(new ValidationListener() {
                    @Override
                    public void keyFetchFailed(String issuer, String message) {
                        failures.add(message);
                    }
                }).build();
        return validator;
    }

    String tokenSignedBy(KeyPair kp, String kid) {
        return Jws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", idp.payload(NOW, ""), kp.getPrivate(), "RS256");
    }

    int requests(String path) {
        return idp.server.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount();
    }

    void discoveryPointsAt(String path) {
        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(okJson("{\"issuer\":\"" + idp.issuer()
                + "\",\"jwks_uri\":\"" + idp.issuer() + path + "\"}")));
    }

    // ---- Finding 4: the discovered jwks_uri is re-read when the keys are refreshed ----

    @Test
    void aMovedJwksUriIsFollowedWhenTheKeysAreRefreshed() {
        KeyPair next = TestKeys.rsa(2048);
        idp.server.stubFor(get("/jwks-a").willReturn(okJson(new JWKSet(Keys.rsaJwk(idp.rsa, "rsa-1").build()).toString())));
        idp.server.stubFor(get("/jwks-b").willReturn(okJson(new JWKSet(Keys.rsaJwk(next, "rsa-2").build()).toString())));
        discoveryPointsAt("/jwks-a");
        build(idp.trust().keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                .minRefetchInterval(Duration.ofSeconds(10)));
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");

        discoveryPointsAt("/jwks-b"); // the provider moves its keys and rotates
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(tokenSignedBy(next, "rsa-2")).keyId()).contains("rsa-2");
        assertRejected(validator, idp.rs256(NOW), RejectionReason.UNKNOWN_KEY);
        assertThat(requests("/jwks-b")).isPositive();
        // discovery is read no more often than the keys themselves
        assertThat(requests(FakeIssuer.DISCOVERY_PATH)).isLessThanOrEqualTo(requests("/jwks-a") + requests("/jwks-b"));
    }

    @Test
    void whenRediscoveryFailsTheLastDiscoveredJwksUriKeepsBeingRefreshed() {
        KeyPair next = TestKeys.rsa(2048);
        build(idp.trust().keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                .minRefetchInterval(Duration.ofSeconds(10)));
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");

        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(aResponse().withStatus(503)));
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.rsaJwk(next, "rsa-2").build());
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(tokenSignedBy(next, "rsa-2")).keyId()).contains("rsa-2");
        assertThat(failures).anyMatch(m -> m.contains("HTTP 503"));

        // a discovery document that now names another issuer is not followed either
        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(okJson("{\"issuer\":\"https://evil.example\","
                + "\"jwks_uri\":\"" + idp.issuer() + "/evil\"}")));
        idp.server.stubFor(get("/evil").willReturn(okJson(new JWKSet(Keys.rsaJwk(TestKeys.rsa(2048), "rsa-1").build())
                .toString())));
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");
        assertThat(requests("/evil")).isZero();
        assertThat(failures).anyMatch(m -> m.contains("evil.example"));
    }

    @Test
    void concurrentCallersWaitForARefreshSlowedByBothDiscoveryAndTheJwks() throws Exception {
        build(idp.trust().keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                .outageTolerance(Duration.ofMinutes(30)).timeouts(Duration.ofMillis(300), Duration.ofMillis(500)));
        String token = idp.rs256(NOW);
        assertThat(validator.validate(token).keyId()).contains("rsa-1");
        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(okJson("{}").withFixedDelay(3_000)));
        idp.jwksResponds(okJson("{}").withFixedDelay(3_000));
        clock.advance(Duration.ofSeconds(61));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<VerifiedToken>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> validator.validate(token)));
            }
            for (java.util.concurrent.Future<VerifiedToken> f : results) {
                assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).keyId()).as("cached keys serve every caller")
                        .contains("rsa-1");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- Finding 5: callers with unknown kids waiting for a stalled refetch are bounded ----

    /** What one validation ended with, and whether the stalled refetch had finished by then. */
    record Outcome(long millis, RejectionReason reason, String message, boolean refetchWasDone) {
    }

    Outcome timedValidation(String token, java.util.concurrent.Future<?> refetch) {
        long start = System.nanoTime();
        RejectionReason reason = null;
        String message = null;
        try {
            validator.validate(token);
        } catch (TokenRejectedException e) {
            reason = e.reason();
            message = e.getMessage();
        }
        return new Outcome((System.nanoTime() - start) / 1_000_000, reason, message, refetch.isDone());
    }

    @Test
    void unknownKidCallersBeyondTheBoundAreRejectedAtOnceWhileARefetchIsStalled() throws Exception {
        int callers = 16;
        build(idp.trust());
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");
        idp.jwksResponds(okJson(new JWKSet(List.of(Keys.rsaJwk(idp.rsa, "rsa-1").build())).toString())
                .withFixedDelay(2_500)); // slow, but within the 3 s fetch deadline
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers + 1);
        try {
            java.util.concurrent.CompletableFuture<Outcome> first = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.Future<?> refetch = pool.submit(() -> first.complete(
                    timedValidation(tokenSignedBy(idp.rsa, "bogus-first"), first)));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (idp.jwksFetches() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(idp.jwksFetches()).as("the refetch is in flight").isEqualTo(2);

            List<java.util.concurrent.Future<Outcome>> bogus = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String token = tokenSignedBy(idp.rsa, "bogus-" + i);
                bogus.add(pool.submit(() -> timedValidation(token, refetch)));
            }
            Outcome valid = timedValidation(idp.rs256(NOW), refetch);
            List<Outcome> outcomes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Outcome> f : bogus) {
                outcomes.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            Outcome firstOutcome = first.get(30, java.util.concurrent.TimeUnit.SECONDS);

            List<Outcome> atOnce = outcomes.stream().filter(o -> o.message() != null
                    && o.message().contains("being refreshed")).toList();
            List<Outcome> waited = outcomes.stream().filter(o -> !atOnce.contains(o)).toList();
            System.out.printf("refetch stalled 2.5 s; %d unknown-kid callers: %d rejected at once (max %d ms), "
                    + "%d waited (max %d ms, mean %d ms); the refetching caller took %d ms; a cached-key token %d ms%n",
                    callers, atOnce.size(), atOnce.stream().mapToLong(Outcome::millis).max().orElse(0), waited.size(),
                    waited.stream().mapToLong(Outcome::millis).max().orElse(0),
                    (long) waited.stream().mapToLong(Outcome::millis).average().orElse(0), firstOutcome.millis(),
                    valid.millis());

            assertThat(valid.reason()).as("a cached-key token is accepted").isNull();
            assertThat(valid.refetchWasDone()).as("a cached-key token does not wait for the refetch").isFalse();
            assertThat(outcomes).allSatisfy(o -> assertThat(o.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY));
            assertThat(atOnce).as("callers beyond the bound are rejected at once")
                    .hasSize(callers - dev.warden.core.internal.IssuerKeys.MAX_REFETCH_WAITERS)
                    .allSatisfy(o -> {
                        assertThat(o.refetchWasDone()).as("rejected before the refetch ended").isFalse();
                        assertThat(o.message()).startsWith("UNKNOWN_KEY: issuer has no key with kid 'bogus-")
                                .endsWith("(its key set is being refreshed)");
                    });
            assertThat(firstOutcome.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY);
            assertThat(idp.jwksFetches()).as("still a single refetch").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
