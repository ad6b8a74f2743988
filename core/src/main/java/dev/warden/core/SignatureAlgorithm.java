package dev.warden.core;

import java.util.Optional;

/** The JWS algorithms Warden can verify. {@code none} is not among them and never will be. */
public enum SignatureAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256. */
    RS256("RSA"),
    /** RSASSA-PKCS1-v1_5 with SHA-384. */
    RS384("RSA"),
    /** RSASSA-PKCS1-v1_5 with SHA-512. */
    RS512("RSA"),
    /** RSASSA-PSS with SHA-256. */
    PS256("RSA"),
    /** RSASSA-PSS with SHA-384. */
    PS384("RSA"),
    /** RSASSA-PSS with SHA-512. */
    PS512("RSA"),
    /** ECDSA on P-256 with SHA-256 (64-byte signature). */
    ES256("EC"),
    /** ECDSA on P-384 with SHA-384 (96-byte signature). */
    ES384("EC"),
    /** ECDSA on P-521 with SHA-512 (132-byte signature). */
    ES512("EC"),
    /** EdDSA with Ed25519. */
    EdDSA("OKP"),
    /** HMAC with SHA-256; only with a secret configured explicitly for the issuer. */
    HS256("oct"),
    /** HMAC with SHA-384; only with a secret configured explicitly for the issuer. */
    HS384("oct"),
    /** HMAC with SHA-512; only with a secret configured explicitly for the issuer. */
    HS512("oct");

    private final String keyType;

    SignatureAlgorithm(String keyType) {
        this.keyType = keyType;
    }

    /** @return the JWK {@code kty} of keys for this algorithm */
    public String keyType() {
        return keyType;
    }

    /** @return whether this is an HMAC (shared-secret) algorithm */
    public boolean isSymmetric() {
        return "oct".equals(keyType);
    }

    /**
     * Looks up an algorithm by its exact, case-sensitive JOSE name.
     *
     * @param name the {@code alg} header value
     * @return the algorithm, or empty for {@code none} and anything unknown
     */
    public static Optional<SignatureAlgorithm> fromJoseName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SignatureAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
