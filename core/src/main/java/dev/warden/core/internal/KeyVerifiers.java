package dev.warden.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.warden.core.SignatureAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decides whether a JWK may verify a token of a given algorithm, and prepares verifiers.
 *
 * <p>Beyond nimbus: a key that declares {@code alg} verifies only that algorithm; {@code use} must be
 * {@code sig} and {@code key_ops} must include {@code verify} when present; RSA moduli must have at least
 * 2048 bits (counted in the number, not its encoding) and {@code n} and {@code e} no leading zero octet; EC
 * curves must match the algorithm; ECDSA signatures must be exactly the algorithm's size with
 * {@code 0 < r, s < n} (CVE-2022-21449); Ed25519 keys must be canonical and not of small order.
 */
public final class KeyVerifiers {

    /** Smallest RSA modulus accepted, in bits. */
    public static final int MIN_RSA_BITS = 2048;

    private static final Map<SignatureAlgorithm, JWSHeader> HEADERS = new EnumMap<>(SignatureAlgorithm.class);
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    static {
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            if (a != SignatureAlgorithm.EdDSA) {
                HEADERS.put(a, new JWSHeader(JWSAlgorithm.parse(a.name())));
            }
        }
    }

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
        } else if (key instanceof OctetKeyPair) {
            if (!Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) {
                return "only Ed25519 OKP keys are supported";
            }
            return Ed25519Points.problem(((OctetKeyPair) key).getX().decode());
        } else if (!(key instanceof ECKey) && !(key instanceof OctetSequenceKey)) {
            return "unsupported key type";
        }
        return null;
    }

    /**
     * Builds the verifier for a key already found usable.
     *
     * @param key the key
     * @return its verifier
     * @throws IllegalArgumentException if the key material is invalid
     */
    public static SignatureCheck prepare(JWK key) {
        try {
            if (key instanceof RSAKey) {
                return jca(((RSAKey) key).toRSAPublicKey());
            }
            if (key instanceof ECKey) {
                ECKey ec = (ECKey) key;
                SignatureCheck jca = jca(ec.toECPublicKey());
                BigInteger order = ec.getCurve().toECParameterSpec().getOrder();
                return (alg, input, sig) -> isLegalEcdsa(sig, order) && jca.verify(alg, input, sig);
            }
            if (key instanceof OctetKeyPair) {
                return ed25519(((OctetKeyPair) key).getX().decode());
            }
            if (key instanceof OctetSequenceKey) {
                return viaNimbus(new MACVerifier(((OctetSequenceKey) key).getKeyValue().decode()));
            }
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid key material: " + e.getClass().getSimpleName(), e);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getKeyType());
    }

    /**
     * RSA and ECDSA through the JCA directly, with the key nimbus converted once: the same primitive nimbus'
     * verifiers call, without re-encoding the signature or transcoding ECDSA to DER on every token.
     */
    private static SignatureCheck jca(PublicKey key) {
        return (alg, input, sig) -> {
            try {
                Signature s = Signature.getInstance(JCA_NAMES.get(alg));
                if (alg.name().startsWith("PS")) {
                    s.setParameter(PSS.get(alg));
                }
                s.initVerify(key);
                s.update(input);
                return s.verify(sig);
            } catch (GeneralSecurityException e) {
                return false;
            }
        };
    }

    private static final Map<SignatureAlgorithm, String> JCA_NAMES = new EnumMap<>(Map.of(
            SignatureAlgorithm.RS256, "SHA256withRSA", SignatureAlgorithm.RS384, "SHA384withRSA",
            SignatureAlgorithm.RS512, "SHA512withRSA", SignatureAlgorithm.PS256, "RSASSA-PSS",
            SignatureAlgorithm.PS384, "RSASSA-PSS", SignatureAlgorithm.PS512, "RSASSA-PSS",
            SignatureAlgorithm.ES256, "SHA256withECDSAinP1363Format",
            SignatureAlgorithm.ES384, "SHA384withECDSAinP1363Format",
            SignatureAlgorithm.ES512, "SHA512withECDSAinP1363Format"));

    private static final Map<SignatureAlgorithm, PSSParameterSpec> PSS = new EnumMap<>(Map.of(
            SignatureAlgorithm.PS256, new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1),
            SignatureAlgorithm.PS384, new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1),
            SignatureAlgorithm.PS512, new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1)));

    private static SignatureCheck viaNimbus(JWSVerifier verifier) {
        return (alg, input, sig) -> {
            try {
                return verifier.verify(HEADERS.get(alg), input, Base64URL.encode(sig));
            } catch (JOSEException e) {
                return false;
            }
        };
    }

    /**
     * @param spki a DER SubjectPublicKeyInfo
     * @return whether it is an Ed25519 public key (the fixed 12-byte prefix and 32 key bytes)
     */
    public static boolean isEd25519Spki(byte[] spki) {
        return spki.length == ED25519_SPKI_PREFIX.length + 32
                && Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length);
    }

    private static SignatureCheck ed25519(byte[] x) throws GeneralSecurityException {
        if (x.length != 32) {
            throw new GeneralSecurityException("Ed25519 public key must be 32 bytes");
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        return (alg, input, sig) -> {
            if (sig.length != 64) {
                return false;
            }
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(pk);
                s.update(input);
                return s.verify(sig);
            } catch (GeneralSecurityException e) {
                return false;
            }
        };
    }

    /**
     * Exact-size P1363 signature with both halves in {@code [1, n-1]}.
     */
    static boolean isLegalEcdsa(byte[] sig, BigInteger order) {
        int half = (order.bitLength() + 7) / 8;
        if (sig.length != 2 * half) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, half, 2 * half));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(order) < 0 && s.compareTo(order) < 0;
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
