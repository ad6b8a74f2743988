package dev.warden.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.TestKeys;
import java.lang.reflect.Field;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The races around a key the provider removes (found in review): a validation that verified with the key just
 * before the fetch and caches its token just after the eviction; a validation that runs between the fetch and
 * the moment the key cache stores the new set (both failed before: the token was accepted again); and a
 * refreshKeys whose own fetch failed while another thread's succeeded (this one held before too: nimbus
 * throws on a forced fetch that fails rather than serving the stale set; it pins that refreshKeys reports its
 * own fetch, whatever other threads fetch).
 */
class KeyRemovalRacesTest {

    static final Instant NOW = TokenValidatorTest.NOW;

    final FakeIssuer idp = new FakeIssuer();
    final KeyPair next = TestKeys.rsa(2048);
    final ExecutorService pool = Executors.newCachedThreadPool();
    TokenValidator validator;

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }

    /** A fixed clock that parks one thread when it reads the time inside the claim checks (after the signature). */
    static final class ParkingClock extends Clock {
        volatile Thread target;
        final CountDownLatch parked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread() == target && inClaimChecks()) {
                target = null;
                parked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return NOW;
        }

        private static boolean inClaimChecks() {
            return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                    f -> f.getClassName().equals(ClaimChecks.class.getName())));
        }
    }

    @Test
    void aTokenVerifiedJustBeforeTheRemovalIsNotLeftInTheCache() throws Exception {
        ParkingClock clock = new ParkingClock();
        validator = TokenValidator.builder().clock(clock).trust(idp.trust().build()).build();
        validator.validate(idp.es256(NOW)); // keys fetched
        String token = idp.rs256(NOW);
        Future<VerifiedToken> first = pool.submit(() -> {
            clock.target = Thread.currentThread();
            return validator.validate(token);
        });
        assertThat(clock.parked.await(10, TimeUnit.SECONDS)).as("the validation reached the claim checks").isTrue();
        idp.publish(Keys.ecJwk(idp.ec, "ec-1").build(), Keys.rsaJwk(next, "rsa-2").build());
        assertThat(validator.refreshKeys(idp.issuer())).containsExactly("ec-1", "rsa-2");
        clock.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).keyId()).as("verified before the removal").contains("rsa-1");
        assertRejected(validator, token, RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void aRemovedKeyVerifiesNothingEvenBeforeTheKeyCacheHoldsTheNewSet() throws Exception {
        List<Set<String>> removed = new ArrayList<>();
        validator = TokenValidator.builder().clock(new ParkingClock()).noVerifiedTokenCache()
                .listener(new ValidationListener() {
                    @Override
                    public void keysRemoved(String issuer, Set<String> kids) {
                        removed.add(kids);
                    }
                })
                .trust(idp.trust().build()).build();
        String token = idp.rs256(NOW);
        validator.validate(token);
        KeySetWatch watch = issuerState(validator, idp.issuer()).watch();
        JWKSet without = new JWKSet(List.of(Keys.ecJwk(idp.ec, "ec-1").build()));
        idp.publish(without.getKeys().toArray(new com.nimbusds.jose.jwk.JWK[0]));
        watch.fetched(without); // what a fetch reports before nimbus stores the set it fetched
        assertRejected(validator, token, RejectionReason.UNKNOWN_KEY);
        assertThat(removed).containsExactly(Set.of("rsa-1", "ed-1"));
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.ecJwk(idp.ec, "ec-1").build());
        validator.refreshKeys(idp.issuer());
        assertThat(validator.validate(token).keyId()).as("a key listed again verifies again").contains("rsa-1");
    }

    @Test
    void refreshKeysFailsWhenItsOwnFetchFailsEvenIfAnotherThreadsSucceeded() throws Exception {
        validator = TokenValidator.builder().clock(new ParkingClock()).trust(idp.trust().build()).build();
        validator.validate(idp.rs256(NOW));
        String newKid = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-2\"}", idp.payload(NOW, ""), next.getPrivate(),
                "RS256");
        idp.server.stubFor(get(FakeIssuer.JWKS_PATH).inScenario("race").whenScenarioStateIs(STARTED)
                .willReturn(okJson(new JWKSet(List.of(Keys.rsaJwk(idp.rsa, "rsa-1").build(),
                        Keys.rsaJwk(next, "rsa-2").build())).toString()).withFixedDelay(1500))
                .willSetStateTo("down"));
        idp.server.stubFor(get(FakeIssuer.JWKS_PATH).inScenario("race").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(503)));
        Future<VerifiedToken> other = pool.submit(() -> validator.validate(newKid)); // a slow refetch, succeeding
        Thread.sleep(400);
        assertThatThrownBy(() -> validator.refreshKeys(idp.issuer())).isInstanceOf(TokenRejectedException.class)
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(RejectionReason.JWKS_UNAVAILABLE);
        assertThat(other.get(10, TimeUnit.SECONDS).keyId()).contains("rsa-2");
    }

    private static IssuerState issuerState(TokenValidator v, String issuer) throws Exception {
        Field f = TokenValidator.class.getDeclaredField("issuers");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(v)).entrySet().stream().filter(e -> e.getKey().equals(issuer))
                .map(e -> (IssuerState) e.getValue()).findFirst().orElseThrow();
    }
}
