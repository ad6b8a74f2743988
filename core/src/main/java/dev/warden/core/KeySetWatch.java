package dev.warden.core;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares each fetched key set of one issuer with the one before, so that tokens verified by a key the
 * issuer no longer lists (or now lists with other material) stop being served from the verified-token cache.
 */
final class KeySetWatch {

    /** Told which keys went away. */
    interface Removal {
        /**
         * Some key went away. Tokens without a {@code kid} cannot say which key verified them (any key may
         * have), so they go too.
         *
         * @param issuer the issuer
         * @param kids the {@code kid}s no longer listed, or listed with other material (may be empty when only
         *     a key without {@code kid} went away)
         */
        void removed(String issuer, Set<String> kids);
    }

    private final String issuer;
    private final Removal removal;
    private final AtomicLong fetches = new AtomicLong();
    private Map<String, JWK> previous = Map.of();
    private Set<JWK> previousWithoutKid = Set.of();

    KeySetWatch(String issuer, Removal removal) {
        this.issuer = issuer;
        this.removal = removal;
    }

    /** @param set a key set just fetched */
    void fetched(JWKSet set) {
        Map<String, JWK> byKid = new HashMap<>();
        Set<JWK> withoutKid = new HashSet<>();
        for (JWK k : set.getKeys()) {
            if (k.getKeyID() == null) {
                withoutKid.add(k);
            } else {
                byKid.put(k.getKeyID(), k);
            }
        }
        Set<String> gone = new HashSet<>();
        boolean goneWithoutKid;
        synchronized (this) {
            for (Map.Entry<String, JWK> e : previous.entrySet()) {
                if (!e.getValue().equals(byKid.get(e.getKey()))) {
                    gone.add(e.getKey());
                }
            }
            goneWithoutKid = !withoutKid.containsAll(previousWithoutKid);
            previous = byKid;
            previousWithoutKid = withoutKid;
        }
        fetches.incrementAndGet();
        if (!gone.isEmpty() || goneWithoutKid) {
            removal.removed(issuer, gone);
        }
    }

    /** @return how many fetches succeeded so far */
    long fetches() {
        return fetches.get();
    }
}
