package dev.warden.testsupport;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The one place Warden's tests make key pairs, with the JDK's own generators. */
public final class TestKeys {

    private TestKeys() {}

    /**
     * @param bits the modulus size
     * @return a fresh RSA key pair
     */
    public static KeyPair rsa(int bits) {
        return generate("RSA", bits, null);
    }

    /** @return a fresh P-256 key pair (ES256) */
    public static KeyPair ec() {
        return ec("secp256r1");
    }

    /**
     * @param curve a JCA curve name: {@code secp256r1}, {@code secp384r1} or {@code secp521r1}
     * @return a fresh EC key pair on it
     */
    public static KeyPair ec(String curve) {
        return generate("EC", 0, curve);
    }

    /** @return a fresh Ed25519 key pair */
    public static KeyPair ed25519() {
        return generate("Ed25519", 0, null);
    }

    private static KeyPair generate(String algorithm, int bits, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                g.initialize(bits);
            } else if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key pair", e);
        }
    }
}
