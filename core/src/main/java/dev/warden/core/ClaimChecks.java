package dev.warden.core;

import dev.warden.core.internal.CompactJws;
import dev.warden.core.internal.Text;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The claim half of validation, on a payload already parsed into plain Java values: {@code iss} and
 * {@code sub} as bounded identifiers, {@code aud}, {@code azp}, {@code exp}/{@code nbf}/{@code iat} with
 * clock skew ({@code exp} and {@code iat} in whole seconds, as SpacetimeDB reads them; {@code nbf}, which
 * SpacetimeDB does not read, any NumericDate, fractions included, as RFC 7519 section 2 allows),
 * {@code hex_identity}, and an issuer's required claims. A claim present with the JSON value {@code null} is
 * present (and of the wrong type), not missing, except for required claims. Immutable.
 */
final class ClaimChecks {

    /** 9999-12-31T23:59:59Z: NumericDates beyond this are refused rather than overflowing. */
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    /** What {@link Map#getOrDefault} returns for an absent claim, to tell it from a JSON {@code null}. */
    private static final Object ABSENT = new Object();

    private final Clock clock;
    private final long skewSeconds;
    private final int maxIdentifierBytes;

    ClaimChecks(Clock clock, long skewSeconds, int maxIdentifierBytes) {
        this.clock = clock;
        this.skewSeconds = skewSeconds;
        this.maxIdentifierBytes = maxIdentifierBytes;
    }

    /** @return {@code iss}, checked as an identifier (before anything is known about the issuer) */
    String issuer(Map<String, Object> claims) {
        return identifierClaim(claims, "iss", null);
    }

    /**
     * Checks every claim of a token whose issuer is trusted and whose signature verified.
     *
     * @return the verified token
     */
    VerifiedToken accept(TrustedIssuer cfg, CompactJws jws, Map<String, Object> claims, String rawPayload) {
        String iss = cfg.issuer();
        if (jws.accessToken() && !cfg.acceptsAccessTokens()) {
            throw reject(RejectionReason.UNSUPPORTED_TOKEN_TYPE,
                    "typ at+jwt: access tokens are not accepted for this issuer", iss);
        }
        if (claims.containsKey("events")) {
            throw reject(RejectionReason.UNSUPPORTED_TOKEN_TYPE,
                    "token has an events claim: a security event token (such as a logout token) is not a login", iss);
        }
        String sub = identifierClaim(claims, "sub", iss);
        List<String> aud = audience(claims, iss);
        if (!cfg.acceptsAnyAudience() && !namesAny(aud, cfg.audiences())) {
            // the message names what the token had, never the configuration: it reaches clients, and anyone
            // can send a token, so listing the accepted values would hand out the host's trust configuration
            throw reject(RejectionReason.AUDIENCE_MISMATCH, aud.isEmpty() ? "token has no aud"
                    : "aud " + Text.quoteAll(aud) + " names none of the accepted audiences", iss);
        }
        String azp = optionalString(claims, "azp", iss);
        if (cfg.authorizedParty().isPresent() && !cfg.authorizedParty().get().equals(azp)) {
            throw reject(RejectionReason.INVALID_CLAIM, azp == null ? "token has no azp, and one is required"
                    : "azp " + Text.quote(azp) + " is not the authorized party", iss);
        }
        Instant exp = numericDate(claims, "exp", iss);
        Instant nbf = notBefore(claims, iss);
        Instant iat = numericDate(claims, "iat", iss);
        if (exp == null && cfg.requiresExpiration()) {
            throw reject(RejectionReason.MISSING_CLAIM, "token has no exp", iss);
        }
        if (iat == null && cfg.requiresIssuedAt()) {
            throw reject(RejectionReason.MISSING_CLAIM, "token has no iat", iss);
        }
        checkTimes(exp, nbf, iat, iss);
        Identity identity = Identity.fromClaims(iss, sub);
        checkHexIdentity(optionalString(claims, "hex_identity", iss), identity, iss);
        for (String required : cfg.requiredClaims()) {
            if (claims.get(required) == null) {
                throw reject(RejectionReason.MISSING_CLAIM,
                        "required claim " + Text.quote(required) + " is missing", iss);
            }
        }
        return new VerifiedToken(iss, sub, aud, identity, jws.algorithm(), jws.keyId(), iat, nbf, exp, azp,
                claims, rawPayload, cfg.isLocal());
    }

    private static boolean namesAny(List<String> aud, java.util.Set<String> accepted) {
        for (String a : aud) {
            if (accepted.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** Re-checks the times of a token verified earlier (a verified-token cache hit). */
    /**
     * @param exp a token's {@code exp}
     * @return whether the token has expired by this clock: past {@code exp} plus the skew, in whole seconds, the
     *     rule {@link #checkTimes} rejects by with {@code EXPIRED}
     */
    boolean expired(Instant exp) {
        return clock.instant().getEpochSecond() > exp.getEpochSecond() + skewSeconds;
    }

    void checkTimes(VerifiedToken t) {
        checkTimes(t.expiresAt().orElse(null), t.notBefore().orElse(null), t.issuedAt().orElse(null), t.issuer());
    }

    private void checkTimes(Instant exp, Instant nbf, Instant iat, String iss) {
        Instant instant = clock.instant();
        long now = instant.getEpochSecond();
        if (exp != null && now > exp.getEpochSecond() + skewSeconds) {
            throw reject(RejectionReason.EXPIRED, "token expired at " + exp, iss);
        }
        if (nbf != null && instant.plusSeconds(skewSeconds).isBefore(nbf)) {   // for a whole-second nbf: now + skew < nbf
            throw reject(RejectionReason.NOT_YET_VALID, "token is not valid before " + nbf, iss);
        }
        if (iat != null && now + skewSeconds < iat.getEpochSecond()) {
            throw reject(RejectionReason.ISSUED_IN_FUTURE, "token is issued in the future, at " + iat, iss);
        }
    }

    private static void checkHexIdentity(String hex, Identity identity, String iss) {
        if (hex == null) {
            return;
        }
        Identity claimed;
        try {
            claimed = Identity.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw reject(RejectionReason.INVALID_CLAIM, "hex_identity " + Text.quote(hex)
                    + " is not 32 bytes of hex", iss);
        }
        if (!claimed.equals(identity)) {
            throw reject(RejectionReason.IDENTITY_MISMATCH, "hex_identity " + Text.quote(hex) + " is not "
                    + Text.quote(identity.toHex()) + ", the identity of iss and sub", iss);
        }
    }

    private String identifierClaim(Map<String, Object> claims, String name, String iss) {
        String v = optionalString(claims, name, iss);
        if (v == null) {
            throw reject(RejectionReason.MISSING_CLAIM, "token has no " + name, iss);
        }
        if (v.isEmpty()) {
            throw reject(RejectionReason.INVALID_CLAIM, name + " is empty", iss);
        }
        int bytes = v.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxIdentifierBytes) {
            throw reject(RejectionReason.INVALID_CLAIM,
                    name + " is " + bytes + " bytes, the limit is " + maxIdentifierBytes, iss);
        }
        return v;
    }

    private static String optionalString(Map<String, Object> claims, String name, String iss) {
        return optional(claims, name, String.class, "a string", iss);
    }

    /** @return the claim, or null if absent; present with another type (JSON {@code null} included) is refused */
    private static <T> T optional(Map<String, Object> claims, String name, Class<T> type, String expected,
                                  String iss) {
        Object n = claims.getOrDefault(name, ABSENT);
        if (n == ABSENT) {
            return null;
        }
        if (!type.isInstance(n)) {
            throw reject(RejectionReason.INVALID_CLAIM, name + " is " + Text.jsonType(n) + ", expected " + expected,
                    iss);
        }
        return type.cast(n);
    }

    private static List<String> audience(Map<String, Object> claims, String iss) {
        Object n = claims.getOrDefault("aud", ABSENT);
        if (n == ABSENT) {
            return List.of();
        }
        if (n instanceof String) {
            return List.of((String) n);
        }
        if (!(n instanceof List)) {
            throw reject(RejectionReason.INVALID_CLAIM, "aud is " + Text.jsonType(n)
                    + ", expected a string or an array of strings", iss);
        }
        List<?> items = (List<?>) n;
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof String)) {
                throw reject(RejectionReason.INVALID_CLAIM, "aud holds " + Text.jsonType(item)
                        + ", expected only strings", iss);
            }
            out.add((String) item);
        }
        return Collections.unmodifiableList(out);
    }

    private static Instant numericDate(Map<String, Object> claims, String name, String iss) {
        return numericDate(claims, name, "a whole number of seconds", iss);
    }

    private static Instant numericDate(Map<String, Object> claims, String name, String expected, String iss) {
        Long v = optional(claims, name, Long.class, expected, iss);
        if (v == null) {
            return null;
        }
        if (v < 0 || v > MAX_NUMERIC_DATE) {
            throw reject(RejectionReason.INVALID_CLAIM, name + " " + v + " is out of range, expected 0 to "
                    + MAX_NUMERIC_DATE, iss);
        }
        return Instant.ofEpochSecond(v);
    }

    /**
     * {@code nbf} as any NumericDate (RFC 7519 section 2: "non-integer values can be represented"), to the
     * precision of the double it was parsed as, rounded up to the nanosecond: never earlier than written.
     */
    private static Instant notBefore(Map<String, Object> claims, String iss) {
        Object v = claims.get("nbf");
        if (!(v instanceof Double)) {
            return numericDate(claims, "nbf", "a number of seconds", iss);
        }
        double d = (Double) v;   // finite: StrictJson refuses numbers beyond a double's range
        if (d < 0 || d > MAX_NUMERIC_DATE) {
            throw reject(RejectionReason.INVALID_CLAIM, "nbf " + d + " is out of range, expected 0 to "
                    + MAX_NUMERIC_DATE, iss);
        }
        BigDecimal written = BigDecimal.valueOf(d);
        long seconds = written.setScale(0, RoundingMode.FLOOR).longValueExact();
        long nanos = written.subtract(BigDecimal.valueOf(seconds)).movePointRight(9)
                .setScale(0, RoundingMode.CEILING).longValueExact();
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static TokenRejectedException reject(RejectionReason reason, String message, String iss) {
        return new TokenRejectedException(reason, message, iss, null);
    }
}
