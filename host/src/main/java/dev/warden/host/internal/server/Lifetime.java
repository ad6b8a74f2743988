package dev.warden.host.internal.server;

import dev.warden.core.LocalIssuer;
import dev.warden.core.SignatureAlgorithm;
import dev.warden.core.TokenValidator;
import dev.warden.core.VerifiedToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a WebSocket connection lives by: the token it was opened with, or, when the host re-signed that token at
 * {@code POST /v1/identity/websocket-token}, the token the client exchanged for it, as the re-signed token records
 * ({@link LocalIssuer#resignedFrom}). The connection ends when that token expires (its {@code exp} plus the
 * validator's clock skew) or the key that verified it goes away. Nothing is kept per exchange: any host whose
 * {@link LocalIssuer} has the same key reads the same lifetime from the token. Immutable.
 */
public final class Lifetime {

    private final String issuer;
    private final SignatureAlgorithm algorithm;
    private final String keyId;
    private final Instant expiresAt;
    private final boolean resigned;
    private final long removalsSeen;

    private Lifetime(String issuer, SignatureAlgorithm algorithm, String keyId, Instant expiresAt, boolean resigned,
                     long removalsSeen) {
        this.issuer = issuer;
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.expiresAt = expiresAt;
        this.resigned = resigned;
        this.removalsSeen = removalsSeen;
    }

    /**
     * @param opened the token the connection was opened with, validated
     * @param local the host's issuer, whose key re-signs exchanged tokens
     * @param removalsSeen {@link Sessions#removals()} read before {@code opened} was validated
     * @return the lifetime
     */
    public static Lifetime of(VerifiedToken opened, LocalIssuer local, long removalsSeen) {
        Objects.requireNonNull(opened, "opened");
        Optional<LocalIssuer.Resigned> from = local.resignedFrom(opened);
        if (from.isPresent()) {
            LocalIssuer.Resigned r = from.get();
            return new Lifetime(opened.issuer(), r.algorithm(), r.keyId().orElse(null), r.expiresAt().orElse(null),
                    true, removalsSeen);
        }
        return new Lifetime(opened.issuer(), opened.algorithm(), opened.keyId().orElse(null),
                opened.expiresAt().orElse(null), false, removalsSeen);
    }

    /** @return whether the host re-signed the token the connection was opened with */
    boolean resigned() {
        return resigned;
    }

    /** @return the key removals counted before the connection's token was validated */
    long removalsSeen() {
        return removalsSeen;
    }

    /**
     * @param validator the host's validator
     * @return whether the token the connection lives by has expired, as {@code validate} would answer
     *     {@code EXPIRED}; never for a token without {@code exp}
     */
    boolean expired(TokenValidator validator) {
        return expiresAt != null && validator.isExpired(expiresAt);
    }

    /**
     * @param iss the issuer whose keys went away
     * @param kids their {@code kid}s (empty when only a key without {@code kid} went)
     * @return whether the key that verified the token could be one of them: the issuer's, and the same {@code kid}
     *     or none (a token without {@code kid} cannot say which key verified it); never for an HMAC secret
     */
    boolean verifiedByOneOf(String iss, Set<String> kids) {
        return issuer.equals(iss) && !algorithm.isSymmetric() && (keyId == null || kids.contains(keyId));
    }

    /**
     * The key that verified a token, as {@link TokenValidator#keyInUse} looks it up.
     *
     * @param issuer the token's issuer
     * @param algorithm its algorithm
     * @param keyId its {@code kid}, or null
     */
    record Key(String issuer, SignatureAlgorithm algorithm, String keyId) {}

    /** @return the key that verified the token the connection lives by */
    Key key() {
        return new Key(issuer, algorithm, keyId);
    }

    /**
     * @param validator the host's validator
     * @return whether the key that verified the token still verifies
     * @throws dev.warden.core.TokenRejectedException {@code JWKS_UNAVAILABLE} if the issuer's keys cannot be had
     */
    boolean keyInUse(TokenValidator validator) {
        return validator.keyInUse(issuer, algorithm, keyId);
    }

    @Override
    public String toString() {
        return "Lifetime{" + issuer + " " + algorithm + (resigned ? " re-signed" : "") + ", exp="
                + (expiresAt == null ? "none" : expiresAt) + "}";
    }
}
