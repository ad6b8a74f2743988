package dev.warden.core.internal;

import dev.warden.core.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;

/**
 * RSASSA-PKCS1-v1_5 verification by encoding and comparing (RFC 8017 section 8.2.2): the signature must be
 * exactly the modulus' length, its type-1 padding valid, and what it carries exactly {@code DigestInfo} with
 * NULL parameters and the input's hash. Used on the JDK, whose {@code SHA256withRSA} also accepts a
 * {@code DigestInfo} without the NULL (Wycheproof's RS256 tcId 8), which AWS-LC and BoringSSL refuse.
 */
final class StrictPkcs1 {

    private static final String TRANSFORMATION = "RSA/ECB/PKCS1Padding";

    private final String digest;
    private final byte[] prefix;

    private StrictPkcs1(String digest, int id, int hashLength) {
        this.digest = digest;
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

    String providerName() throws GeneralSecurityException {
        return Cipher.getInstance(TRANSFORMATION).getProvider().getName();
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
        private final byte[] expected = new byte[prefix.length + 64];

        /** @return whether the signature verifies; false (never an exception) on anything unexpected */
        boolean verify(PublicKey publicKey, byte[] input, byte[] sig) {
            try {
                if (!(publicKey instanceof RSAPublicKey)
                        || sig.length != (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8) {
                    return false;
                }
                if (cipher == null) {
                    cipher = Cipher.getInstance(TRANSFORMATION);
                    md = MessageDigest.getInstance(digest);
                    key = null;
                }
                if (key != publicKey) {
                    key = null;
                    cipher.init(Cipher.DECRYPT_MODE, publicKey);   // a public key: type-1 (signature) padding
                    key = publicKey;
                }
                if (recovered.length < sig.length) {
                    recovered = new byte[sig.length];
                }
                int n;
                try {
                    n = cipher.doFinal(sig, 0, sig.length, recovered, 0);
                } catch (BadPaddingException e) {
                    return false;   // a forgery's usual end; the JDK's RSA cipher resets itself in doFinal
                }
                int hashLength = md.getDigestLength();
                if (n != prefix.length + hashLength) {
                    return false;
                }
                System.arraycopy(prefix, 0, expected, 0, prefix.length);
                md.update(input);
                md.digest(expected, prefix.length, hashLength);
                return java.util.Arrays.equals(recovered, 0, n, expected, 0, n);
            } catch (GeneralSecurityException | RuntimeException e) {
                cipher = null;
                key = null;
                return false;
            }
        }
    }
}
