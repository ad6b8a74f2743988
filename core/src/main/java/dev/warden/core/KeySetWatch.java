package dev.warden.core;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares each fetched key set of one issuer with the one before, so that a key the issuer no longer lists
 * (or now lists with other material) stops verifying at once, cached tokens included.
 *
 * <p>The order matters, because the fetch is reported before the key cache holds the new set: first the gone
 * keys are <em>retired</em> (the verifier skips them, whatever set it still reads), then the generation moves
 * on, then the cached tokens are dropped. A validation that read the generation before and puts its token into
 * the cache after can see that the generation moved and take its token out again (see
 * {@code TokenValidator}).
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

    private static final ThreadLocal<long[]> FETCHED_HERE = ThreadLocal.withInitial(() -> new long[1]);

    private final String issuer;
    private final Removal removal;
    private final AtomicLong generation = new AtomicLong();
    private volatile Set<JWK> retired = Set.of();
    private Map<String, JWK> previous = Map.of();
    private Set<JWK> previousWithoutKid = Set.of();

    KeySetWatch(String issuer, Removal removal) {
        this.issuer = issuer;
        this.removal = removal;
    }

    /** @param set a key set just fetched, on the fetching thread, before the key cache stores it */
    void fetched(JWKSet set) {
        FETCHED_HERE.get()[0]++;
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
        Set<JWK> goneKeys = new HashSet<>();
        synchronized (this) {
            for (Map.Entry<String, JWK> e : previous.entrySet()) {
                if (!e.getValue().equals(byKid.get(e.getKey()))) {
                    gone.add(e.getKey());
                    goneKeys.add(e.getValue());
                }
            }
            for (JWK k : previousWithoutKid) {
                if (!withoutKid.contains(k)) {
                    goneKeys.add(k);
                }
            }
            previous = byKid;
            previousWithoutKid = withoutKid;
            if (goneKeys.isEmpty()) {
                Set<JWK> back = new HashSet<>(retired);
                back.removeAll(set.getKeys());
                retired = back.size() == retired.size() ? retired : Set.copyOf(back); // a key listed again
                return;
            }
            // the keys that just went: the key cache holds the new set a moment later, without them
            retired = Set.copyOf(goneKeys);
            generation.incrementAndGet();
        }
        removal.removed(issuer, gone);
    }

    /** @return whether this key went away in the latest change of the issuer's key set */
    boolean isRetired(JWK key) {
        Set<JWK> r = retired;
        return !r.isEmpty() && r.contains(key);
    }

    /** @return a number that moves on whenever keys go away */
    long generation() {
        return generation.get();
    }

    /** @return how many fetches this thread has completed (for any issuer): a fetch of one's own is told apart */
    static long fetchesOnThisThread() {
        return FETCHED_HERE.get()[0];
    }
}
