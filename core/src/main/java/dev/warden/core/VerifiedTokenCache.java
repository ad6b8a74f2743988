package dev.warden.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Verified tokens by their exact text, bounded in (approximate) memory. An entry lives at most the
 * configured TTL and never past the token's {@code exp} plus the clock skew. Entries are the
 * {@link VerifiedToken}s themselves, claims already parsed, so a hit costs a lookup and the time checks.
 * Expiry follows the validator's {@link Clock} (Caffeine reads it through {@link #ticker(Clock)}), never the
 * system's, so a test clock moved past the TTL expires the entry. Thread-safe.
 */
final class VerifiedTokenCache {

    private final Cache<String, VerifiedToken> cache;

    VerifiedTokenCache(long maxBytes, Duration maxTtl, Clock clock, long skewSeconds) {
        long maxTtlNanos = saturatedNanos(maxTtl);
        this.cache = Caffeine.newBuilder()
                .ticker(ticker(clock))
                .maximumWeight(maxBytes)
                .weigher((String token, VerifiedToken v) -> 64 + token.length() * 2 + v.rawPayload().length() * 6)
                .expireAfter(new Expiry<String, VerifiedToken>() {
                    @Override
                    public long expireAfterCreate(String key, VerifiedToken value, long currentTime) {
                        return lifetimeNanos(clock.instant(), value.expiresAt().orElse(null), skewSeconds,
                                maxTtlNanos);
                    }

                    @Override
                    public long expireAfterUpdate(String key, VerifiedToken value, long currentTime,
                                                  long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String key, VerifiedToken value, long currentTime,
                                                long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /**
     * How long an entry may live: until {@code exp} plus the skew, but never longer than the TTL. The time
     * left is compared as a duration before it is converted, so an {@code exp} centuries away (up to
     * 9999-12-31, beyond what a long of nanoseconds holds) is capped, not an overflow.
     *
     * @param now the current time
     * @param expiresAt the token's {@code exp}, or null if it has none
     * @param skewSeconds the clock skew
     * @param maxTtlNanos the longest lifetime
     * @return the lifetime in nanoseconds, 0 to {@code maxTtlNanos}
     */
    static long lifetimeNanos(Instant now, Instant expiresAt, long skewSeconds, long maxTtlNanos) {
        if (expiresAt == null) {
            return maxTtlNanos;
        }
        Duration left = Duration.between(now, expiresAt.plusSeconds(skewSeconds));
        if (left.isNegative()) {
            return 0;
        }
        return Math.min(maxTtlNanos, saturatedNanos(left));
    }

    /** @return the duration in nanoseconds, or {@code Long.MAX_VALUE} if it is longer than about 292 years */
    static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    /**
     * A Caffeine ticker reading the clock: nanoseconds since this call, saturated. Every time-based decision
     * follows the injected clock, the cache's included.
     *
     * @param clock the validator's clock
     * @return the ticker
     */
    static Ticker ticker(Clock clock) {
        if (clock.equals(Clock.system(clock.getZone()))) {
            // the real clock: System.nanoTime measures the same time without an Instant per cache access,
            // which kept a repeated token's validation 20 % slower (ValidationBenchmark.wardenRepeatedToken)
            return Ticker.systemTicker();
        }
        Instant origin = clock.instant();
        return () -> {
            Duration elapsed = Duration.between(origin, clock.instant());
            return elapsed.isNegative() ? -saturatedNanos(elapsed.negated()) : saturatedNanos(elapsed);
        };
    }

    /** @return the token verified earlier, or null */
    VerifiedToken get(String token) {
        return cache.getIfPresent(token);
    }

    void put(String token, VerifiedToken verified) {
        cache.put(token, verified);
    }

    void forget(String token) {
        cache.invalidate(token);
    }

    /**
     * Forgets the tokens of {@code issuer} verified by a key that went away: those with one of these
     * {@code kid}s, and those without a {@code kid}.
     *
     * @return how many were forgotten
     */
    int evict(String issuer, Set<String> kids) {
        int[] n = new int[1];
        cache.asMap().values().removeIf(v -> {
            boolean gone = v.issuer().equals(issuer) && v.keyId().map(kids::contains).orElse(true);
            n[0] += gone ? 1 : 0;
            return gone;
        });
        return n[0];
    }
}
