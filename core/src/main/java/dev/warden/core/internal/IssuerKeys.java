package dev.warden.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.warden.core.RejectionReason;
import dev.warden.core.SignatureAlgorithm;
import dev.warden.core.TokenRejectedException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Function;

/**
 * One trusted issuer's verification keys, and the signature check against them.
 *
 * <p>Keys come from a nimbus {@link JWKSetSource} chain (cache with refresh-ahead, outage tolerance, over
 * {@link RemoteJwkSetSource}), or from a fixed set. On an unknown {@code kid} this class, not nimbus,
 * decides about refetching: at most one refetch per {@code minRefetchInterval}, single-flight (up to
 * {@link #MAX_REFETCH_WAITERS} threads that arrive during a refetch wait for it and use its result; the others
 * are rejected at once with {@code UNKNOWN_KEY}, so a burst of bogus {@code kid}s during a slow refetch holds
 * at most that many request threads), and a refetch never blocks or delays a token whose key is already
 * cached, so bogus {@code kid}s cannot starve valid ones.
 */
public final class IssuerKeys implements Closeable {

    /** How many callers with an unknown {@code kid} may wait for a refetch in flight; the others are rejected. */
    public static final int MAX_REFETCH_WAITERS = 4;

    private final String issuer;
    private final JWKSetSource<SecurityContext> source;
    private final JWKSet fixed;
    private final Clock clock;
    private final long minRefetchMillis;
    private final long waitMillis;
    private final int maxKeysWithoutKid;
    private final Predicate<JWK> retired;
    private final ReentrantLock refetchLock = new ReentrantLock();
    private final Semaphore refetchWaiters = new Semaphore(MAX_REFETCH_WAITERS);
    private volatile long lastRefetch = Long.MIN_VALUE / 2;
    private final Cache<JWK, Prepared> prepared = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();
    private final Function<JWK, Prepared> prepare;

    /** What is known about a key whatever the token: its problem, if any, else its verifier. Computed once. */
    private static final class Prepared {
        final String problem;
        final SignatureCheck check;

        private Prepared(String problem, SignatureCheck check) {
            this.problem = problem;
            this.check = check;
        }

        static Prepared of(JWK key, SignatureEngines engines) {
            String problem = KeyVerifiers.keyProblem(key);
            if (problem != null) {
                return new Prepared(problem, null);
            }
            try {
                return new Prepared(null, KeyVerifiers.prepare(key, engines));
            } catch (IllegalArgumentException e) {
                return new Prepared(e.getMessage(), null);
            }
        }
    }

    /**
     * @param issuer the issuer, for messages
     * @param source the remote chain, or null when {@code fixed} is given
     * @param fixed fixed keys, or null
     * @param clock the time source
     * @param minRefetchMillis minimum time between unknown-{@code kid} refetches
     * @param waitMillis longest a caller waits for another caller's refetch
     * @param maxKeysWithoutKid how many candidate keys a token without {@code kid} is tried against
     * @param engines the validator's signature engines
     * @param retired keys the issuer has just stopped listing, skipped even while the cache still holds them
     */
    public IssuerKeys(String issuer, JWKSetSource<SecurityContext> source, JWKSet fixed, Clock clock,
                      long minRefetchMillis, long waitMillis, int maxKeysWithoutKid, SignatureEngines engines,
                      Predicate<JWK> retired) {
        this.issuer = issuer;
        this.source = source;
        this.fixed = fixed;
        this.clock = clock;
        this.minRefetchMillis = minRefetchMillis;
        this.waitMillis = waitMillis;
        this.maxKeysWithoutKid = maxKeysWithoutKid;
        this.retired = retired;
        this.prepare = key -> Prepared.of(key, engines);
    }

    /**
     * Verifies the token's signature with the issuer's keys.
     *
     * @param jws the parsed token
     * @throws TokenRejectedException {@code UNKNOWN_KEY}, {@code KEY_NOT_USABLE}, {@code BAD_SIGNATURE} or
     *     {@code JWKS_UNAVAILABLE}
     */
    public void verify(CompactJws jws) {
        SignatureAlgorithm alg = jws.algorithm();
        String kid = jws.keyId();
        JWKSet set = current();
        List<JWK> candidates = select(set, kid);
        String ignored = candidates.isEmpty() ? JwkSets.ignoredReason(set, kid) : null;
        if (candidates.isEmpty() && kid != null && source != null && ignored == null) {
            set = refetchFor(set, kid);
            candidates = select(set, kid);
        }
        if (ignored != null) {
            throw reject(RejectionReason.UNKNOWN_KEY, "issuer's key with kid " + Text.quote(kid)
                    + " is ignored: " + ignored);
        }
        if (candidates.isEmpty()) {
            throw reject(RejectionReason.UNKNOWN_KEY, kid == null ? "issuer has no key for a token without kid"
                    : "issuer has no key with kid " + Text.quote(kid));
        }
        String unusable = null;
        int tried = 0;
        for (JWK key : candidates) {
            String why = KeyVerifiers.algorithmMismatch(key, alg);
            Prepared p = why == null ? prepared.get(key, prepare) : null;
            if (why == null) {
                why = p.problem;
            }
            if (why != null) {
                unusable = unusable == null ? why : unusable;
                continue;
            }
            if (kid == null && tried >= maxKeysWithoutKid) {
                break;
            }
            tried++;
            if (p.check.verify(alg, jws.signingInput(), jws.signature())) {
                return;
            }
        }
        if (tried == 0) {
            throw reject(kid == null ? RejectionReason.UNKNOWN_KEY : RejectionReason.KEY_NOT_USABLE,
                    kid == null ? "issuer has no key usable for " + alg + " (token has no kid)" : unusable);
        }
        throw reject(RejectionReason.BAD_SIGNATURE, "signature does not verify");
    }

    /**
     * @param kid a {@code kid}, or null for a token without one
     * @return whether the key set in use lists a key with this {@code kid} (any key, for null) that has not just
     *     gone away; fetches only when the cache has expired, never for the {@code kid}
     * @throws TokenRejectedException {@code JWKS_UNAVAILABLE} if no key set can be had
     */
    public boolean lists(String kid) {
        JWKSet set = current();
        return set != null && !select(set, kid).isEmpty();
    }

    /**
     * Fetches the keys now, whatever the cache and the refetch interval say (an operator's call after rotating
     * a key at the provider). Waits for a refetch in flight.
     *
     * @return the key set now in use: the fetched one, or the cached one if the fetch failed and outage
     *     tolerance served it
     * @throws TokenRejectedException {@code JWKS_UNAVAILABLE} if no key set could be had
     */
    public JWKSet refreshNow() {
        if (source == null) {
            return fixed;
        }
        refetchLock.lock();
        try {
            long now = clock.millis();
            lastRefetch = now;
            return source.getJWKSet(JWKSetCacheRefreshEvaluator.forceRefresh(), now, null);
        } catch (KeySourceException e) {
            throw reject(RejectionReason.JWKS_UNAVAILABLE, "keys unavailable: " + e.getMessage());
        } finally {
            refetchLock.unlock();
        }
    }

    private JWKSet current() {
        if (source == null) {
            return fixed;
        }
        try {
            return source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), clock.millis(), null);
        } catch (KeySourceException e) {
            throw reject(RejectionReason.JWKS_UNAVAILABLE, "keys unavailable: " + e.getMessage());
        }
    }

    /** Single-flight, rate-limited refetch after a cache miss on {@code kid}, with a bounded number of waiters. */
    private JWKSet refetchFor(JWKSet seen, String kid) {
        if (!refetchLock.tryLock()) {
            if (!refetchWaiters.tryAcquire()) {
                throw reject(RejectionReason.UNKNOWN_KEY, "issuer has no key with kid " + Text.quote(kid)
                        + " (its key set is being refreshed)");
            }
            try {
                if (!refetchLock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                    return current();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return seen;
            } finally {
                refetchWaiters.release();
            }
        }
        try {
            JWKSet latest = current();
            if (latest != seen) {
                return latest;
            }
            long now = clock.millis();
            if (now - lastRefetch < minRefetchMillis) {
                return latest;
            }
            lastRefetch = now;
            return source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(latest), now, null);
        } catch (KeySourceException e) {
            throw reject(RejectionReason.JWKS_UNAVAILABLE, "keys unavailable: " + e.getMessage());
        } finally {
            refetchLock.unlock();
        }
    }

    private List<JWK> select(JWKSet set, String kid) {
        List<JWK> keys = set.getKeys();
        List<JWK> out = new ArrayList<>(kid == null ? keys.size() : 1);
        for (JWK k : keys) {
            if ((kid == null || kid.equals(k.getKeyID())) && !retired.test(k)) {
                out.add(k);
            }
        }
        return out;
    }

    private TokenRejectedException reject(RejectionReason reason, String message) {
        return new TokenRejectedException(reason, message, issuer, null);
    }

    @Override
    public void close() throws IOException {
        if (source != null) {
            source.close();
        }
    }
}
