package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.ConnectionId;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.VerifiedToken;
import dev.warden.policy.Decision;
import dev.warden.policy.GuardedModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A bounded load run: 2 threads issue validations and guarded invocations through four phases (steady,
 * key rotation, issuer outage, recovery) and the run reports its counts: zero wrong accepts, zero false
 * rejections, zero unexpected errors, and exactly the expected number of JWKS fetches.
 */
class LoadTest {

    static final int THREADS = 2;
    static final int OPS_PER_THREAD_PER_PHASE = 2_500;

    final AtomicLong operations = new AtomicLong();
    final AtomicLong wrongAccepts = new AtomicLong();
    final AtomicLong falseRejections = new AtomicLong();
    final AtomicLong wrongReasons = new AtomicLong();
    final AtomicLong unexpectedErrors = new AtomicLong();
    final AtomicLong wrongDecisions = new AtomicLong();

    @Test
    void validationsAndInvocationsThroughRotationAndOutage() throws Exception {
        TestClock clock = TestClock.now();
        try (MockIssuer idp = MockIssuer.builder().clock(clock).start();
             TokenValidator validator = TokenValidator.builder().clock(clock)
                     .trust(idp.trust().keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                             .minRefetchInterval(Duration.ofSeconds(10)).outageTolerance(Duration.ofMinutes(10))
                             .build()).build()) {
            ClaimsMapper mapper = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth()).build();
            PostsModule module = new PostsModule();
            GuardedModule<PostsModule> guarded = dev.warden.policy.PolicyEngine.builder().policy("isAuthor",
                    (c, i) -> false).build().compile(PostsModule.class);

            phase("steady", idp, validator, mapper, guarded, module);
            clock.advance(Duration.ofSeconds(11));
            idp.rotateKeys(Duration.ofMinutes(30));
            phase("rotation", idp, validator, mapper, guarded, module);
            clock.advance(Duration.ofSeconds(61));
            idp.outage(Outage.SERVER_ERROR);
            phase("outage", idp, validator, mapper, guarded, module);
            idp.recover();
            clock.advance(Duration.ofSeconds(61));
            phase("recovery", idp, validator, mapper, guarded, module);

            String report = String.format("load: %d operations on %d threads, %d wrong accepts, %d false rejections, "
                            + "%d wrong reasons, %d wrong decisions, %d unexpected errors, %d JWKS fetches",
                    operations.get(), THREADS, wrongAccepts.get(), falseRejections.get(), wrongReasons.get(),
                    wrongDecisions.get(), unexpectedErrors.get(), idp.jwksRequests());
            System.out.println(report);
            assertThat(operations.get()).isEqualTo(4L * THREADS * OPS_PER_THREAD_PER_PHASE);
            assertThat(wrongAccepts.get()).as(report).isZero();
            assertThat(falseRejections.get()).as(report).isZero();
            assertThat(wrongReasons.get()).as(report).isZero();
            assertThat(wrongDecisions.get()).as(report).isZero();
            assertThat(unexpectedErrors.get()).as(report).isZero();
            // steady: first fetch + one bogus-kid refetch; rotation: one refetch for the new kid (single flight,
            // bogus kids rate-limited); outage: one failed refresh on expiry + one failed bogus-kid refetch;
            // recovery: one refresh on expiry + one bogus-kid refetch
            assertThat(idp.jwksRequests()).as(report).isEqualTo(7);
        }
    }

    private void phase(String name, MockIssuer idp, TokenValidator validator, ClaimsMapper mapper,
                       GuardedModule<PostsModule> guarded, PostsModule module) throws Exception {
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            good.add(idp.tokens().user("user-" + i).roles(i % 2 == 0 ? "moderator" : "player").sign());
        }
        BadToken[] kinds = BadToken.values();
        List<String> bad = new ArrayList<>();
        for (BadToken k : kinds) {
            bad.add(idp.tokens().bad(k));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < OPS_PER_THREAD_PER_PHASE; i++) {
                    operations.incrementAndGet();
                    int pick = (i * 7 + seed * 13) % 10;
                    try {
                        if (pick < 6) {
                            int g = (i + seed) % good.size();
                            VerifiedToken v = validator.validate(good.get(g));
                            CallerContext caller = mapper.toCaller(v, ConnectionId.of(seed, i));
                            Decision d = guarded.check(module, "delete_post", caller, 1L);
                            if (d.allowed() != (g % 2 == 0)) {
                                wrongDecisions.incrementAndGet();
                            }
                        } else {
                            int b = (i + seed) % kinds.length;
                            try {
                                validator.validate(bad.get(b));
                                wrongAccepts.incrementAndGet();
                            } catch (TokenRejectedException e) {
                                if (e.reason() != kinds[b].expectedReason()) {
                                    wrongReasons.incrementAndGet();
                                }
                            }
                        }
                    } catch (TokenRejectedException e) {
                        falseRejections.incrementAndGet();
                        System.out.println(name + ": false rejection " + e.getMessage());
                    } catch (RuntimeException e) {
                        unexpectedErrors.incrementAndGet();
                        System.out.println(name + ": unexpected " + e);
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }
}
