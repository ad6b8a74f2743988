package dev.warden.host.internal.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * The tokens a client exchanged at {@code POST /v1/identity/websocket-token}, by the short-lived token the host
 * gave back. SpacetimeDB's SDKs connect their socket with that 60-second token; the socket then lives by the token
 * the client exchanged (its expiry, its issuer's keys), not by the 60 seconds. Bounded in time and in size: a
 * handoff unused within two minutes is forgotten, and then the socket lives by the short token.
 */
public final class Handoffs {

    /** Held at most this long: the short token is valid 60 s, plus the validator's clock skew. */
    static final Duration KEEP = Duration.ofMinutes(2);
    /** Bound on the characters held (both tokens of each handoff). */
    static final long MAX_CHARS = 16L << 20;

    private final Cache<String, String> originals = Caffeine.newBuilder()
            .expireAfterWrite(KEEP)
            .maximumWeight(MAX_CHARS)
            .weigher((String handed, String original) -> handed.length() + original.length())
            .build();

    /**
     * @param handed the short-lived token the host gave back
     * @param original the token the client exchanged for it
     */
    public void put(String handed, String original) {
        originals.put(handed, original);
    }

    /**
     * @param token the token a socket connected with
     * @return the token the client exchanged for it, or {@code token} itself when it was not handed out here
     */
    public String original(String token) {
        String o = originals.getIfPresent(token);
        return o == null ? token : o;
    }
}
