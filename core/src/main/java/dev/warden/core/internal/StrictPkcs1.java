package dev.warden.core.internal;

import dev.warden.core.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;

/**
 * RSASSA-PKCS1-v1_5 verification by encoding and comparing (RFC 8017 section 8.2.2): the signature must be
 * exactly the modulus' length, and the raw RSA result must equal, byte for byte, the encoded message Warden builds
 * itself: {@code 00 01 FF..FF 00}, then {@code DigestInfo} with NULL parameters and the input's hash. Used on the
 * JDK, whose {@code SHA256withRSA} also accepts a {@code DigestInfo} without the NULL (Wycheproof's RS256 tcId 8),
 * which AWS-LC and BoringSSL refuse.
 *
 * <p>The RSA primitive is SunJCE's {@code RSA/ECB/NoPadding} and the hash SUN's, each asked for by provider: no
 * padding check is left to a provider, and none installed ahead of them in the global order (a lenient one, or a
 * stub) is ever used (the JDK refuses to install a second provider under a name already installed). Only a JDK
 * without them falls back to the global order, for the same unpadded primitive and hash.
 */
final class StrictPkcs1 {

    private static final String TRANSFORMATION = "RSA/ECB/NoPadding";
    /** Shortest padding string RFC 8017 allows (section 9.2, step 5): eight 0xFF bytes. */
    private static final int MIN_PADDING = 8;

    private final String digest;
    private final byte[] prefix;
    private final int hashLength;

    private StrictPkcs1(String digest, int id, int hashLength) {
        this.digest = digest;
        this.hashLength = hashLength;
        // SEQUENCE { SEQUENCE { OID 2.16.840.1.101.3.4.2.<id>, NULL }, OCTET STRING <hash> }
        this.prefix = new byte[] {0x30, (byte) (0x11 + hashLength), 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48,
            0x01, 0x65, 0x03, 0x04, 0x02, (byte) id, 0x05, 0x00, 0x04, (byte) hashLength};
    }

    /** @return the check for RS256, RS384 or RS512, else null */
    static StrictPkcs1 of(SignatureAlgorithm alg) {
        switch (alg) {
            case RS256:
                return new StrictPkcs1("SHA-256", 1, 32);
            case RS384:
                return new StrictPkcs1("SHA-384", 2, 48);
            case RS512:
                return new StrictPkcs1("SHA-512", 3, 64);
            default:
                return null;
        }
    }

    private static Cipher newCipher() throws GeneralSecurityException {
        Provider sunJce = Security.getProvider("SunJCE");
        return sunJce != null ? Cipher.getInstance(TRANSFORMATION, sunJce) : Cipher.getInstance(TRANSFORMATION);
    }

    /** The hash from the JDK's SUN provider by name, for the same reason as the cipher; else the global order. */
    private MessageDigest newDigest() throws GeneralSecurityException {
        Provider sun = Security.getProvider("SUN");
        return sun != null ? MessageDigest.getInstance(digest, sun) : MessageDigest.getInstance(digest);
    }

    String providerName() throws GeneralSecurityException {
        return newCipher().getProvider().getName();
    }

    Verifier newVerifier() {
        return new Verifier();
    }

    /** One thread's state: its cipher (re-initialized only when the key changes), digest and buffers. */
    final class Verifier {
        private Cipher cipher;
        private MessageDigest md;
        private PublicKey key;
        private byte[] recovered = new byte[512];
        private byte[] expected = new byte[0];

        /** @return whether the signature verifies; false (never an exception) on anything unexpected */
        boolean verify(PublicKey publicKey, byte[] input, byte[] sig) {
            try {
                if (!(publicKey instanceof RSAPublicKey)) {
                    return false;
                }
                int k = (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8;
                int t = prefix.length + hashLength;
                if (sig.length != k || k < t + 3 + MIN_PADDING) {
                    return false;
                }
                if (cipher == null) {
                    cipher = newCipher();
                    md = newDigest();
                    key = null;
                }
                if (key != publicKey) {
                    key = null;
                    cipher.init(Cipher.DECRYPT_MODE, publicKey);   // a public key: the raw RSA verification primitive
                    key = publicKey;
                }
                if (recovered.length < k) {
                    recovered = new byte[k];
                }
                if (expected.length != k) {   // 00 01 FF..FF 00 DigestInfo-prefix: fixed per modulus length
                    expected = new byte[k];
                    expected[1] = 0x01;
                    java.util.Arrays.fill(expected, 2, k - t - 1, (byte) 0xff);
                    System.arraycopy(prefix, 0, expected, k - t, prefix.length);
                }
                int n;
                try {
                    n = cipher.doFinal(sig, 0, k, recovered, 0);
                } catch (BadPaddingException e) {
                    return false;   // a signature not below the modulus; the JDK's RSA cipher resets itself
                }
                if (n != k) {
                    return false;
                }
                md.update(input);
                md.digest(expected, k - hashLength, hashLength);
                return java.util.Arrays.equals(recovered, 0, k, expected, 0, k);
            } catch (GeneralSecurityException | RuntimeException e) {
                cipher = null;
                key = null;
                return false;
            }
        }
    }
}
