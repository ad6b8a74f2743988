package dev.warden.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A token whose signature, issuer, audience and times were checked by a {@link TokenValidator}.
 * Immutable and thread-safe. It does not hold the token text, so it can be logged safely.
 */
public final class VerifiedToken {

    private final String issuer;
    private final String subject;
    private final List<String> audience;
    private final Identity identity;
    private final SignatureAlgorithm algorithm;
    private final String keyId;
    private final Instant issuedAt;
    private final Instant notBefore;
    private final Instant expiresAt;
    private final String authorizedParty;
    private final Map<String, Object> claims;
    private final String rawPayload;
    private final boolean fromLocalIssuer;

    VerifiedToken(String issuer, String subject, List<String> audience, Identity identity,
                  SignatureAlgorithm algorithm, String keyId, Instant issuedAt, Instant notBefore,
                  Instant expiresAt, String authorizedParty, Map<String, Object> claims, String rawPayload,
                  boolean fromLocalIssuer) {
        this.issuer = issuer;
        this.subject = subject;
        this.audience = audience;
        this.identity = identity;
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.issuedAt = issuedAt;
        this.notBefore = notBefore;
        this.expiresAt = expiresAt;
        this.authorizedParty = authorizedParty;
        this.claims = claims;
        this.rawPayload = rawPayload;
        this.fromLocalIssuer = fromLocalIssuer;
    }

    /**
     * @return whether the host's own {@link LocalIssuer} signed it (trusted through
     *     {@link LocalIssuer#trustedIssuer()}): such tokens always make anonymous callers
     */
    public boolean fromLocalIssuer() {
        return fromLocalIssuer;
    }

    /** @return {@code iss}, exactly as in the token */
    public String issuer() {
        return issuer;
    }

    /** @return {@code sub} */
    public String subject() {
        return subject;
    }

    /** @return {@code aud} as a list (a single string becomes a one-element list; absent is empty) */
    public List<String> audience() {
        return audience;
    }

    /** @return the SpacetimeDB identity of {@code (iss, sub)} */
    public Identity identity() {
        return identity;
    }

    /** @return the algorithm that verified the signature */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** @return the header's {@code kid} */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** @return {@code iat} */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(issuedAt);
    }

    /** @return {@code nbf} (which may have a fraction of a second) */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    /** @return {@code exp} */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** @return {@code azp} */
    public Optional<String> authorizedParty() {
        return Optional.ofNullable(authorizedParty);
    }

    /**
     * All claims as unmodifiable plain Java values: {@code Map<String,Object>}, {@code List<Object>},
     * {@code String}, {@code Boolean}, {@code Long}, {@code java.math.BigInteger}, {@code Double}, or null.
     *
     * @return the claims, in token order
     */
    public Map<String, Object> claims() {
        return claims;
    }

    /** @return the decoded payload JSON, as signed */
    public String rawPayload() {
        return rawPayload;
    }

    @Override
    public String toString() {
        return "VerifiedToken{iss=" + issuer + ", sub=" + subject + ", identity=" + identity + ", alg=" + algorithm
                + ", exp=" + expiresAt + "}";
    }
}
