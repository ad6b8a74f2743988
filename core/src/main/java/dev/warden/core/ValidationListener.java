package dev.warden.core;

import java.util.Map;

/**
 * Observes a {@link TokenValidator}: key fetches, fetch failures, outages and decisions. Every method has
 * an empty default; implementations must be thread-safe and fast, and what they throw is logged and
 * ignored. No method ever receives a token.
 */
public interface ValidationListener {

    /** A listener that does nothing. */
    ValidationListener NONE = new ValidationListener() {};

    /**
     * Which JCA provider verifies each asymmetric algorithm, told once when the validator is built: a native
     * provider's name (for example {@code AmazonCorrettoCryptoProvider}) where one was chosen and passed its
     * self-test, else the JDK's ({@code SunRsaSign}, {@code SunEC}).
     *
     * @param providerByAlgorithm the provider's {@link java.security.Provider#getName() name} for each of RS256 to
     *     RS512, PS256 to PS512, ES256 to ES512 and EdDSA
     */
    default void signatureProviders(Map<SignatureAlgorithm, String> providerByAlgorithm) {}

    /**
     * Keys were fetched.
     *
     * @param issuer the issuer
     * @param keyCount how many keys the JWKS holds
     */
    default void keysFetched(String issuer, int keyCount) {}

    /**
     * Fetching discovery or keys failed; cached keys may still be in use (see {@link #staleKeysServed}).
     *
     * @param issuer the issuer
     * @param message what failed, without secrets
     */
    default void keyFetchFailed(String issuer, String message) {}

    /**
     * A key fetch no longer lists keys the issuer listed before (or lists them with other material): they verify
     * nothing from now on, and the cached tokens they verified were dropped. Connections opened with such tokens
     * are still open: a host that must end them (a compromised key) can do so here.
     *
     * @param issuer the issuer
     * @param kids the {@code kid}s that went away (empty when only a key without {@code kid} went)
     */
    default void keysRemoved(String issuer, java.util.Set<String> kids) {}

    /**
     * A member of the issuer's JWKS was ignored because Warden cannot use it: an unknown key type, a curve
     * or algorithm Warden does not implement, or a malformed member such as {@code key_ops} repeating a value
     * (RFC 7517 sections 4.3 and 5). The set's other keys are used; a token
     * naming the ignored key's {@code kid} is rejected with {@link RejectionReason#UNKNOWN_KEY}. Reported on
     * every fetch of the set.
     *
     * @param issuer the issuer
     * @param keyId the ignored member's {@code kid}, or null if it has none
     * @param reason what Warden cannot use about it
     */
    default void keyIgnored(String issuer, String keyId, String reason) {}

    /**
     * The issuer is unreachable and cached keys are being used under outage tolerance.
     *
     * @param issuer the issuer
     * @param remainingMillis how much longer the cached keys may be used
     */
    default void staleKeysServed(String issuer, long remainingMillis) {}

    /**
     * A token was accepted.
     *
     * @param token what was accepted
     * @param fromCache whether the verified-token cache answered (no signature check)
     */
    default void accepted(VerifiedToken token, boolean fromCache) {}

    /**
     * A token was rejected.
     *
     * @param reason the stable reason
     * @param issuer the trusted issuer the token claimed, or null
     */
    default void rejected(RejectionReason reason, String issuer) {}
}
