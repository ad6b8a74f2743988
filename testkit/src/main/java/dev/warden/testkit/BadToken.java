package dev.warden.testkit;

import dev.warden.core.RejectionReason;

/**
 * A catalogue of bad tokens for negative tests, each with the reason a correctly configured validator
 * rejects it with. Made by {@link TokenFactory#bad(BadToken)}; all but the forged ones are signed by the
 * issuer's real key, so only the named defect makes them bad.
 */
public enum BadToken {
    /** {@code exp} an hour ago. */
    EXPIRED(RejectionReason.EXPIRED),
    /** {@code nbf} an hour ahead. */
    NOT_YET_VALID(RejectionReason.NOT_YET_VALID),
    /** {@code iat} an hour ahead. */
    ISSUED_IN_FUTURE(RejectionReason.ISSUED_IN_FUTURE),
    /** {@code aud} names another client. */
    WRONG_AUDIENCE(RejectionReason.AUDIENCE_MISMATCH),
    /** {@code iss} one character off. */
    WRONG_ISSUER(RejectionReason.UNTRUSTED_ISSUER),
    /** {@code alg} none, unsigned. */
    ALG_NONE(RejectionReason.UNSUPPORTED_ALGORITHM),
    /** Signed by another key under the issuer's current {@code kid}. */
    WRONG_KEY(RejectionReason.BAD_SIGNATURE),
    /** Signed by a key whose {@code kid} the issuer never published. */
    UNKNOWN_KEY(RejectionReason.UNKNOWN_KEY),
    /** A claim changed after signing. */
    TAMPERED_PAYLOAD(RejectionReason.BAD_SIGNATURE),
    /** HS256 keyed with the issuer's public key (algorithm confusion). */
    HS_RS_CONFUSION(RejectionReason.UNSUPPORTED_ALGORITHM),
    /** An attacker's key embedded in a {@code jwk} header. */
    EMBEDDED_JWK(RejectionReason.UNSUPPORTED_HEADER),
    /** A {@code jku} header pointing elsewhere. */
    JKU_HEADER(RejectionReason.UNSUPPORTED_HEADER),
    /** A {@code crit} header naming an extension. */
    CRIT_HEADER(RejectionReason.UNSUPPORTED_HEADER),
    /** Over 16 KiB. */
    OVERSIZED(RejectionReason.TOO_LARGE),
    /** No {@code sub}. */
    MISSING_SUBJECT(RejectionReason.MISSING_CLAIM),
    /** No {@code exp}. */
    MISSING_EXPIRY(RejectionReason.MISSING_CLAIM),
    /** {@code hex_identity} of someone else. */
    WRONG_HEX_IDENTITY(RejectionReason.IDENTITY_MISMATCH),
    /** The signature part removed. */
    EMPTY_SIGNATURE(RejectionReason.BAD_SIGNATURE),
    /** {@code sub} given twice (a parser-differential attack). */
    DUPLICATE_CLAIM(RejectionReason.MALFORMED),
    /** JWS JSON serialization instead of compact. */
    JSON_SERIALIZATION(RejectionReason.MALFORMED),
    /** Cut short: two parts. */
    TRUNCATED(RejectionReason.MALFORMED);

    private final RejectionReason expected;

    BadToken(RejectionReason expected) {
        this.expected = expected;
    }

    /** @return the reason a validator trusting the issuer (with its audience, default settings) rejects it */
    public RejectionReason expectedReason() {
        return expected;
    }
}
