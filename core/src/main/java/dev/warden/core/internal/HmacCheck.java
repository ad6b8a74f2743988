package dev.warden.core.internal;

import dev.warden.core.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256, HS384 and HS512 with one secret: one {@link Mac} per thread and algorithm, keyed once, its output
 * written into a per-thread buffer and compared in constant time. No provider lookup, no allocation per token.
 */
final class HmacCheck implements SignatureCheck {

    private static final String[] NAMES = {"HmacSHA256", "HmacSHA384", "HmacSHA512"};
    /** RFC 7518 section 3.2: a key at least as long as the hash, in bytes per algorithm. */
    private static final int[] MIN_KEY_BYTES = {32, 48, 64};

    private final byte[] secret;
    private final ThreadLocal<State> state = ThreadLocal.withInitial(State::new);

    HmacCheck(byte[] secret) {
        this.secret = secret.clone();
    }

    /** One thread's Macs (by algorithm) and output buffer. */
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
        State s = state.get();
        try {
            Mac mac = s.macs[i];
            if (mac == null) {
                mac = Mac.getInstance(NAMES[i]);
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
