package dev.warden.core.internal;

import dev.warden.core.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256, HS384 and HS512 with one secret: keyed {@link Mac}s (with their output buffer) kept in a small pool this
 * check owns, taken for one verification and put back, compared in constant time. No provider lookup and no
 * allocation per token once the pool is warm. The pool is the instance's own rather than a {@code ThreadLocal}:
 * when the key is replaced or its validator dropped, the keyed Macs (the secret's derived state) go with it
 * instead of lingering in every thread that ever verified a token.
 */
final class HmacCheck implements SignatureCheck {

    private static final String[] NAMES = {"HmacSHA256", "HmacSHA384", "HmacSHA512"};
    /** RFC 7518 section 3.2: a key at least as long as the hash, in bytes per algorithm. */
    private static final int[] MIN_KEY_BYTES = {32, 48, 64};

    private static final int SLOTS = Integer.highestOneBit(Math.max(4, Runtime.getRuntime().availableProcessors() * 2)) * 2;

    private final byte[] secret;
    private final AtomicReferenceArray<State> pool = new AtomicReferenceArray<>(SLOTS);

    HmacCheck(byte[] secret) {
        this.secret = secret.clone();
    }

    /** One verifier's Macs (by algorithm) and output buffer; used by one thread at a time. */
    private static final class State {
        final Mac[] macs = new Mac[NAMES.length];
        final byte[] out = new byte[64];
    }

    @Override
    public boolean verify(SignatureAlgorithm alg, byte[] signingInput, byte[] signature) {
        int i = alg == SignatureAlgorithm.HS256 ? 0 : alg == SignatureAlgorithm.HS384 ? 1
                : alg == SignatureAlgorithm.HS512 ? 2 : -1;
        if (i < 0 || secret.length < MIN_KEY_BYTES[i]) {
            return false;
        }
        int slot = (int) Thread.currentThread().getId() & (SLOTS - 1);
        State s = pool.getAndSet(slot, null);
        if (s == null) {
            s = new State();
        }
        boolean verified = verify(s, i, signingInput, signature);
        pool.compareAndSet(slot, null, s);   // another thread's state may be there already: this one is dropped
        return verified;
    }

    /** SunJCE's HMAC by name, so no provider installed ahead of it decides; else the global order. */
    private static Mac newMac(String name) throws GeneralSecurityException {
        java.security.Provider sunJce = java.security.Security.getProvider("SunJCE");
        return sunJce != null ? Mac.getInstance(name, sunJce) : Mac.getInstance(name);
    }

    private boolean verify(State s, int i, byte[] signingInput, byte[] signature) {
        try {
            Mac mac = s.macs[i];
            if (mac == null) {
                mac = newMac(NAMES[i]);
                mac.init(new SecretKeySpec(secret, NAMES[i]));
                s.macs[i] = mac;
            }
            mac.update(signingInput);
            mac.doFinal(s.out, 0);   // resets the Mac, still keyed
            int length = mac.getMacLength();
            if (signature.length != length) {
                return false;
            }
            int diff = 0;
            for (int j = 0; j < length; j++) {
                diff |= s.out[j] ^ signature[j];
            }
            return diff == 0;
        } catch (GeneralSecurityException | RuntimeException e) {
            s.macs[i] = null;
            return false;
        }
    }

}
