package dev.warden.core.internal;

import dev.warden.core.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How one asymmetric JWS algorithm is verified: which JCA provider (null: the JDK's own provider order, as
 * {@link Signature#getInstance(String)} picks it), which of its algorithm names, the RSA-PSS parameters, and
 * whether the provider wants ECDSA signatures DER-encoded (Warden then transcodes the JWS's P1363 form itself,
 * after its own exact-length and {@code 0 < r, s < n} checks). Immutable; {@link Slot} holds the per-thread
 * state.
 */
final class SignatureEngine {

    private static final Map<SignatureAlgorithm, PSSParameterSpec> PSS = new EnumMap<>(Map.of(
            SignatureAlgorithm.PS256, new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1),
            SignatureAlgorithm.PS384, new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1),
            SignatureAlgorithm.PS512, new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1)));

    final SignatureAlgorithm alg;
    final Provider provider;
    final String jcaName;
    final boolean der;
    final String providerName;
    /** For RSASSA-PKCS1-v1_5 on the JDK: the exact {@code DigestInfo} check of {@link StrictPkcs1}, else null. */
    final StrictPkcs1 pkcs1;

    private SignatureEngine(SignatureAlgorithm alg, Provider provider, String jcaName, boolean der,
                            String providerName, StrictPkcs1 pkcs1) {
        this.alg = alg;
        this.provider = provider;
        this.jcaName = jcaName;
        this.der = der;
        this.providerName = providerName;
        this.pkcs1 = pkcs1;
    }

    /**
     * The JDK's engine for {@code alg}, as {@link Signature#getInstance(String)} picks it; for RS256 to RS512 the
     * JDK's RSA primitive with Warden's exact {@code DigestInfo} comparison ({@link StrictPkcs1}), because the
     * JDK's {@code SHA256withRSA} also accepts a {@code DigestInfo} without its NULL parameters, which AWS-LC and
     * BoringSSL refuse: every provider must give the same verdict.
     */
    static SignatureEngine jdk(SignatureAlgorithm alg) {
        String name = names(alg).get(0);
        StrictPkcs1 pkcs1 = StrictPkcs1.of(alg);
        String providerName;
        try {
            providerName = pkcs1 != null ? pkcs1.providerName() : Signature.getInstance(name).getProvider().getName();
        } catch (GeneralSecurityException e) {
            providerName = "none";   // every verification fails closed
        }
        return new SignatureEngine(alg, null, name, false, providerName, pkcs1);
    }

    /**
     * @return the engine of {@code provider} for {@code alg}, or null if the provider implements none of the
     *     algorithm's names
     */
    static SignatureEngine of(SignatureAlgorithm alg, Provider provider) {
        List<String> names = names(alg);
        for (int i = 0; i < names.size(); i++) {
            if (provider.getService("Signature", names.get(i)) != null) {
                boolean der = alg.keyType().equals("EC") && i == 1;
                return new SignatureEngine(alg, provider, names.get(i), der, provider.getName(), null);
            }
        }
        return null;
    }

    /** The JCA names of {@code alg}, preferred first; for ECDSA the second is the DER form. */
    private static List<String> names(SignatureAlgorithm alg) {
        switch (alg) {
            case RS256: return List.of("SHA256withRSA");
            case RS384: return List.of("SHA384withRSA");
            case RS512: return List.of("SHA512withRSA");
            case PS256: return List.of("RSASSA-PSS", "SHA256withRSA/PSS");
            case PS384: return List.of("RSASSA-PSS", "SHA384withRSA/PSS");
            case PS512: return List.of("RSASSA-PSS", "SHA512withRSA/PSS");
            case ES256: return List.of("SHA256withECDSAinP1363Format", "SHA256withECDSA");
            case ES384: return List.of("SHA384withECDSAinP1363Format", "SHA384withECDSA");
            case ES512: return List.of("SHA512withECDSAinP1363Format", "SHA512withECDSA");
            case EdDSA: return List.of("Ed25519", "EdDSA");
            default: throw new IllegalArgumentException(alg + " is not verified through the JCA");
        }
    }

    Signature newSignature() throws GeneralSecurityException {
        Signature s = provider == null ? Signature.getInstance(jcaName) : Signature.getInstance(jcaName, provider);
        PSSParameterSpec pss = PSS.get(alg);
        if (pss != null) {
            s.setParameter(pss);   // the algorithm-specific names (SHA256withRSA/PSS) accept their own parameters
        }
        return s;
    }

    /**
     * The key as this engine's provider represents it, converted once per key rather than on every token;
     * the key itself if the provider has no key factory for it (it then translates, or refuses, at init).
     */
    PublicKey translate(PublicKey key) {
        if (provider == null) {
            return key;
        }
        for (String type : key.getAlgorithm().startsWith("Ed") ? List.of("Ed25519", "EdDSA")
                : List.of(key.getAlgorithm())) {
            if (provider.getService("KeyFactory", type) != null) {
                try {
                    return KeyFactory.getInstance(type, provider).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
                } catch (GeneralSecurityException | RuntimeException e) {
                    return key;
                }
            }
        }
        return key;
    }

    /** One thread's verifier for one algorithm: reused across tokens, re-initialized only when the key changes. */
    static final class Slot {
        private Signature signature;
        private PublicKey key;
        private byte[] der;
        private StrictPkcs1.Verifier pkcs1;

        /**
         * @param key the key, already translated for {@code engine}
         * @return whether the signature verifies; false (never an exception) on anything unexpected, after which
         *     the verifier is discarded rather than reused in an unknown state
         */
        boolean verify(SignatureEngine engine, PublicKey key, byte[] input, byte[] sig) {
            if (engine.pkcs1 != null) {
                if (pkcs1 == null) {
                    pkcs1 = engine.pkcs1.newVerifier();
                }
                return pkcs1.verify(key, input, sig);
            }
            try {
                Signature s = signature;
                if (s == null) {
                    s = engine.newSignature();
                    signature = s;
                    this.key = null;
                }
                if (this.key != key) {
                    this.key = null;
                    s.initVerify(key);
                    this.key = key;
                }
                s.update(input);
                if (engine.der) {
                    if (der == null) {
                        der = new byte[EcdsaDer.MAX_LENGTH];
                    }
                    return s.verify(der, 0, EcdsaDer.fromP1363(sig, der));
                }
                return s.verify(sig);   // resets the verifier to its initialized state (JCA contract)
            } catch (GeneralSecurityException | RuntimeException e) {
                signature = null;
                this.key = null;
                return false;
            }
        }
    }
}
