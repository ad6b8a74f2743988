package dev.warden.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The signing keys of a mock issuer: one active key that signs, and older ones still published in the JWKS
 * until their grace period ends. Thread-safe.
 */
public final class KeyRing {
    private final Clock clock;
    private final List<Entry> keys = new CopyOnWriteArrayList<>();
    private volatile SigningKey active;

    private static final class Entry {
        final SigningKey key;
        volatile Instant retireAt;

        Entry(SigningKey key) {
            this.key = key;
        }
    }

    /** @param clock decides when rotated-out keys are retired */
    public KeyRing(Clock clock) {
        this.clock = clock;
        this.active = SigningKey.generate();
        keys.add(new Entry(active));
    }

    /** @return the key tokens are signed with now */
    public SigningKey active() {
        return active;
    }

    /**
     * Signs with a new key from now on; every key not yet retiring stays published for {@code grace}.
     *
     * @param grace how long the old keys remain published (zero retires them at once)
     * @return the new key's {@code kid}
     */
    public String rotate(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        Instant retire = clock.instant().plus(grace);
        for (Entry e : keys) {
            if (e.retireAt == null) {
                e.retireAt = retire;
            }
        }
        SigningKey next = SigningKey.generate();
        keys.add(new Entry(next));
        active = next;
        return next.kid();
    }

    /** @return the {@code kid}s published now, oldest first */
    public List<String> publishedKeyIds() {
        List<String> out = new ArrayList<>();
        for (SigningKey k : published()) {
            out.add(k.kid());
        }
        return out;
    }

    /** @return the public JWKs published now, oldest first: the JWKS's {@code keys} */
    public List<Map<String, Object>> publicJwks() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SigningKey k : published()) {
            out.add(k.publicJwk());
        }
        return out;
    }

    private List<SigningKey> published() {
        Instant now = clock.instant();
        List<SigningKey> out = new ArrayList<>();
        for (Entry e : keys) {
            if (e.retireAt == null || now.isBefore(e.retireAt)) {
                out.add(e.key);
            }
        }
        return out;
    }
}
