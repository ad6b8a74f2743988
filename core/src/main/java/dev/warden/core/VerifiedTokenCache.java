package dev.warden.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;

/**
 * Verified tokens by their exact text, bounded in (approximate) memory. An entry lives at most the
 * configured TTL and never past the token's {@code exp} plus the clock skew. Entries are the
 * {@link VerifiedToken}s themselves, claims already parsed, so a hit costs a lookup and the time checks.
 * Thread-safe.
 */
final class VerifiedTokenCache {

    private final Cache<String, VerifiedToken> cache;

    VerifiedTokenCache(long maxBytes, Duration maxTtl, Clock clock, long skewSeconds) {
        long maxTtlNanos = maxTtl.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String token, VerifiedToken v) -> 64 + token.length() * 2 + v.rawPayload().length() * 6)
                .expireAfter(new Expiry<String, VerifiedToken>() {
                    @Override
                    public long expireAfterCreate(String key, VerifiedToken value, long currentTime) {
                        if (value.expiresAt().isEmpty()) {
                            return maxTtlNanos;
                        }
                        long left = Duration.between(clock.instant(),
                                value.expiresAt().get().plusSeconds(skewSeconds)).toNanos();
                        return Math.max(0, Math.min(maxTtlNanos, left));
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

    /** @return the token verified earlier, or null */
    VerifiedToken get(String token) {
        return cache.getIfPresent(token);
    }

    void put(String token, VerifiedToken verified) {
        cache.put(token, verified);
    }
}
