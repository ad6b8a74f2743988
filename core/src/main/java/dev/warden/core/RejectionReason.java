package dev.warden.core;

/**
 * Why a token was rejected. The names are stable: hosts map them to responses and metrics.
 */
public enum RejectionReason {
    /** Not a compact JWS: wrong number of parts, bad base64url, bad or duplicate-key JSON (or a number beyond a
     * double's range, which would be read as an infinity), JWE. */
    MALFORMED,
    /** Larger than the configured token size cap; checked before any parsing. */
    TOO_LARGE,
    /** {@code alg} is {@code none}, unknown, or not allowed for the token's issuer. */
    UNSUPPORTED_ALGORITHM,
    /** A header Warden refuses: {@code crit}, {@code b64}, {@code zip}, {@code jwk}, {@code jku}, {@code x5u}, {@code x5c}. */
    UNSUPPORTED_HEADER,
    /** Not a login token: a {@code typ} other than {@code JWT} (such as {@code logout+jwt}), an access token
     * ({@code typ} {@code at+jwt}) for an issuer that does not accept them, or a security event token (an
     * {@code events} claim, as logout tokens carry). */
    UNSUPPORTED_TOKEN_TYPE,
    /** The signature does not verify with any candidate key, or is not of the algorithm's exact form. */
    BAD_SIGNATURE,
    /** No key of the issuer matches the token's {@code kid} (even after the rate-limited refetch), or the one
     * that does was ignored: of a kind Warden does not implement, or malformed ({@code key_ops} repeating a value). */
    UNKNOWN_KEY,
    /** A key matches the {@code kid} but may not verify this token: its {@code alg}, {@code use},
     * {@code key_ops}, type or curve differ, or it is weak or degenerate (RSA under 2048 bits counted in the
     * modulus's bits, leading zero octets in {@code n} or {@code e}, an EC coordinate not in exactly the curve's
     * length, an Ed25519 key not of 32 bytes, a small-order or non-canonical Ed25519 point). */
    KEY_NOT_USABLE,
    /** {@code iss} is not one of the configured trusted issuers (exact match). */
    UNTRUSTED_ISSUER,
    /** {@code aud} is missing or contains none of the issuer's accepted audiences. */
    AUDIENCE_MISMATCH,
    /** {@code exp} is in the past (beyond the clock skew). */
    EXPIRED,
    /** {@code nbf} is in the future (beyond the clock skew). */
    NOT_YET_VALID,
    /** {@code iat} is in the future (beyond the clock skew). */
    ISSUED_IN_FUTURE,
    /** A required claim is absent. */
    MISSING_CLAIM,
    /** A claim has the wrong type or an unacceptable value ({@code azp}, over-long {@code sub}, fractional {@code exp}, ...). */
    INVALID_CLAIM,
    /** {@code hex_identity} differs from {@link Identity#fromClaims(String, String)} of the token's {@code iss} and {@code sub}. */
    IDENTITY_MISMATCH,
    /** The issuer's keys could not be obtained and no cached keys may be used any more. */
    JWKS_UNAVAILABLE
}
