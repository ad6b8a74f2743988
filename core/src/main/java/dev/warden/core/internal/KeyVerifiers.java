package dev.warden.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.warden.core.SignatureAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Decides whether a JWK may verify a token of a given algorithm, and prepares verifiers.
 *
 * <p>Beyond nimbus: a key that declares {@code alg} verifies only that algorithm; {@code use} must be
 * {@code sig} and {@code key_ops} must include {@code verify} when present; RSA moduli must have at least
 * 2048 bits (counted in the number, not its encoding) and {@code n} and {@code e} no leading zero octet; EC
 * coordinates must be exactly the curve's field size in octets, no more and no fewer (RFC 7518 sections
 * 6.2.1.2 and 6.2.1.3); EC curves must match the algorithm; ECDSA signatures must be exactly the algorithm's size with
 * {@code 0 < r, s < n} (CVE-2022-21449); Ed25519 keys must be canonical and not of small order.
 */
public final class KeyVerifiers {

    /** Smallest RSA modulus accepted, in bits. */
    public static final int MIN_RSA_BITS = 2048;

    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private KeyVerifiers() {}

    /**
     * @param key a candidate key
     * @param alg the token's algorithm
     * @return null if the key may verify tokens of {@code alg}, else why not
     */
    public static String unusableReason(JWK key, SignatureAlgorithm alg) {
        String mismatch = algorithmMismatch(key, alg);
        return mismatch != null ? mismatch : keyProblem(key);
    }

    /**
     * The per-token half of {@link #unusableReason}: what depends on the token's algorithm. Cheap: field
     * comparisons only (and the secret's length for HMAC keys).
     *
     * @param key a candidate key
     * @param alg the token's algorithm
     * @return null if the key's declared algorithm, type and curve fit {@code alg}, else why not
     */
    public static String algorithmMismatch(JWK key, SignatureAlgorithm alg) {
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.name())) {
            return "key declares alg " + Text.quote(key.getAlgorithm().getName()) + " but the token uses " + alg;
        }
        if (!key.getKeyType().getValue().equals(alg.keyType())) {
            return "key type " + key.getKeyType().getValue() + " cannot verify " + alg;
        }
        if (key instanceof ECKey && !curveOf(alg).equals(((ECKey) key).getCurve())) {
            return "key curve " + ((ECKey) key).getCurve() + " does not match " + alg;
        }
        if (key instanceof OctetSequenceKey) {
            int bits = ((OctetSequenceKey) key).getKeyValue().decode().length * 8;
            int needed = hashBits(alg);
            if (bits < needed) {
                return "HMAC secret has " + bits + " bits, " + alg + " requires at least " + needed;
            }
        }
        return null;
    }

    /**
     * The per-key half of {@link #unusableReason}: what holds whatever the token. Costly for RSA (modulus
     * decoding and the ROCA test), so callers compute it once per key.
     *
     * @param key a key
     * @return null if the key may verify at all, else why not
     */
    public static String keyProblem(JWK key) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return "key use is " + Text.quote(key.getKeyUse().identifier()) + ", not sig";
        }
        if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return "key_ops does not include verify";
        }
        if (key instanceof RSAKey) {
            byte[] n = ((RSAKey) key).getModulus().decode();
            byte[] exponent = ((RSAKey) key).getPublicExponent().decode();
            // the modulus' bit length, not its encoded length: zero octets in front must not make a key longer
            BigInteger modulus = new BigInteger(1, n);
            int bits = modulus.bitLength();
            if (bits < MIN_RSA_BITS) {
                return "RSA key has " + bits + " bits, at least " + MIN_RSA_BITS + " are required";
            }
            if (n[0] == 0 || exponent.length == 0 || exponent[0] == 0) {
                return "RSA " + (n[0] == 0 ? "modulus n" : "exponent e")
                        + " has a leading zero octet (RFC 7518 section 6.3.1.1)";
            }
            BigInteger e = new BigInteger(1, exponent);
            if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
                return "RSA public exponent " + e + " is not an odd number of at least 3";
            }
            if (Roca.isFingerprint(modulus)) {
                return "RSA key has the ROCA fingerprint (CVE-2017-15361): its private key can be computed";
            }
        } else if (key instanceof ECKey) {
            return coordinatesProblem((ECKey) key);
        } else if (key instanceof OctetKeyPair) {
            if (!Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) {
                return "only Ed25519 OKP keys are supported";
            }
            return Ed25519Points.problem(((OctetKeyPair) key).getX().decode());
        } else if (!(key instanceof OctetSequenceKey)) {
            return "unsupported key type";
        }
        return null;
    }

    /**
     * One point, one encoding: nimbus reads a coordinate as a number, so a leading zero octet (or a missing one)
     * would give the same key a second JWK, and a second thumbprint.
     *
     * @return null if both coordinates have exactly the curve's octet length, else which one does not
     */
    private static String coordinatesProblem(ECKey key) {
        java.security.spec.ECParameterSpec spec = key.getCurve().toECParameterSpec();
        if (spec == null) {
            return "EC curve " + Text.quote(key.getCurve().getName()) + " is not supported";
        }
        int octets = (spec.getCurve().getField().getFieldSize() + 7) / 8;
        int x = key.getX().decode().length;
        int y = key.getY().decode().length;
        if (x != octets || y != octets) {
            boolean isX = x != octets;
            return "EC coordinate " + (isX ? "x" : "y") + " has " + (isX ? x : y) + " octets, "
                    + key.getCurve().getName() + " needs exactly " + octets + " (RFC 7518 section 6.2.1."
                    + (isX ? 2 : 3) + ")";
        }
        return null;
    }

    /**
     * Builds the verifier for a key already found usable, verifying through the JDK.
     *
     * @param key the key
     * @return its verifier
     * @throws IllegalArgumentException if the key material is invalid
     */
    public static SignatureCheck prepare(JWK key) {
        return prepare(key, SignatureEngines.jdk());
    }

    /**
     * Builds the verifier for a key already found usable: the JCA key objects are made (and converted to each
     * engine's provider) once here, not per token.
     *
     * @param key the key
     * @param engines the validator's signature engines
     * @return its verifier
     * @throws IllegalArgumentException if the key material is invalid
     */
    public static SignatureCheck prepare(JWK key, SignatureEngines engines) {
        try {
            if (key instanceof RSAKey) {
                PublicKey[] keys = engines.keysFor(((RSAKey) key).toRSAPublicKey(), "RSA");
                return (alg, input, sig) -> engines.verify(alg, keys[alg.ordinal()], input, sig);
            }
            if (key instanceof ECKey) {
                ECKey ec = (ECKey) key;
                PublicKey[] keys = engines.keysFor(ec.toECPublicKey(), "EC");
                byte[] order = fixedWidth(ec.getCurve().toECParameterSpec().getOrder());
                return (alg, input, sig) -> EcdsaDer.isLegal(sig, order)
                        && engines.verify(alg, keys[alg.ordinal()], input, sig);
            }
            if (key instanceof OctetKeyPair) {
                PublicKey[] keys = engines.keysFor(ed25519(((OctetKeyPair) key).getX().decode()), "OKP");
                return (alg, input, sig) -> sig.length == 64 && engines.verify(alg, keys[alg.ordinal()], input, sig);
            }
            if (key instanceof OctetSequenceKey) {
                return new HmacCheck(((OctetSequenceKey) key).getKeyValue().decode());
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid key material: " + e.getClass().getSimpleName(), e);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getKeyType());
    }

    /** @return the curve order big-endian in exactly as many octets as each half of a P1363 signature */
    private static byte[] fixedWidth(BigInteger order) {
        int half = (order.bitLength() + 7) / 8;
        byte[] raw = order.toByteArray();
        byte[] out = new byte[half];
        int n = Math.min(raw.length, half);
        System.arraycopy(raw, raw.length - n, out, half - n, n);
        return out;
    }

    /**
     * @param spki a DER SubjectPublicKeyInfo
     * @return whether it is an Ed25519 public key (the fixed 12-byte prefix and 32 key bytes)
     */
    public static boolean isEd25519Spki(byte[] spki) {
        return spki.length == ED25519_SPKI_PREFIX.length + 32
                && Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length);
    }

    private static PublicKey ed25519(byte[] x) throws GeneralSecurityException {
        if (x.length != 32) {
            throw new GeneralSecurityException("Ed25519 public key must be 32 bytes");
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    static Curve curveOf(SignatureAlgorithm alg) {
        switch (alg) {
            case ES256:
                return Curve.P_256;
            case ES384:
                return Curve.P_384;
            case ES512:
                return Curve.P_521;
            default:
                throw new IllegalArgumentException(alg + " is not ECDSA");
        }
    }

    private static int hashBits(SignatureAlgorithm alg) {
        switch (alg) {
            case HS384:
                return 384;
            case HS512:
                return 512;
            default:
                return 256;
        }
    }
}
