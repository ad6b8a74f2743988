package dev.warden.core;

import java.util.Objects;

/**
 * SpacetimeDB's token rules for one issuer, as an option: off unless a host asks for it. SpacetimeDB 2.8
 * (crates/core/src/auth/token_validation.rs and crates/auth/src/identity.rs) accepts tokens that Warden refuses by
 * default; {@link #trust(String)} starts a {@link TrustedIssuer.Builder} that accepts them too, for a host that must
 * take exactly the tokens a SpacetimeDB server would. Set the keys on it as for any issuer.
 *
 * <table>
 * <caption>What the profile relaxes, and why Warden's defaults are stricter</caption>
 * <tr><th>SpacetimeDB accepts</th><th>Warden's default</th><th>why</th></tr>
 * <tr><td>any {@code aud}, or none ({@code validate_aud = false})</td><td>{@code aud} must name one of the
 *     configured audiences</td><td>an issuer mints tokens for many clients: without the check, a token meant for
 *     another application (a phished one, a partner's) logs in here</td></tr>
 * <tr><td>no {@code exp} (checked with 60 s leeway only when present)</td><td>{@code exp} required</td>
 *     <td>a token without expiry is a password that cannot be rotated: once leaked it works forever</td></tr>
 * <tr><td>ES256, RS256, HS256 only</td><td>RS256, ES256, PS256, EdDSA; HS256 only with a configured
 *     secret</td><td>the profile narrows to SpacetimeDB's list (HS256 through {@link #trust(String, byte[])}); a
 *     shared secret lets every holder mint tokens, so Warden never accepts HMAC unless given one</td></tr>
 * </table>
 *
 * <p>Kept even in the profile: {@code iss}, {@code sub} (1 to 128 bytes) and {@code iat} required and
 * {@code hex_identity} checked, as SpacetimeDB does; and, stricter than SpacetimeDB, a {@code nbf} or {@code iat} in
 * the future is refused (SpacetimeDB does not check them): a token that is not yet valid has no legitimate use, and
 * the 60 s clock skew absorbs honest clock drift. Issuers stay an explicit allowlist: SpacetimeDB trusts any OIDC
 * issuer whose keys it can discover.
 *
 * <p>Tokens the host re-signs for WebSocket upgrades ({@link LocalIssuer#resign}) keep every claim and validate
 * through the issuer they came from, with or without this profile.
 */
public final class SpacetimeDbProfile {

    private SpacetimeDbProfile() {}

    /**
     * @param issuer the exact {@code iss}
     * @return a builder accepting any audience, no {@code exp}, and ES256 and RS256 signatures
     */
    public static TrustedIssuer.Builder trust(String issuer) {
        return TrustedIssuer.builder(issuer)
                .anyAudience()
                .requireExpiration(false)
                .requireIssuedAt(true)
                .algorithms(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256);
    }

    /**
     * @param issuer the exact {@code iss}
     * @param hmacSecret the HS256 secret shared with the issuer, at least 32 bytes
     * @return as {@link #trust(String)}, also accepting HS256 tokens signed with this secret
     */
    public static TrustedIssuer.Builder trust(String issuer, byte[] hmacSecret) {
        Objects.requireNonNull(hmacSecret, "hmacSecret");
        return trust(issuer)
                .algorithms(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256, SignatureAlgorithm.HS256)
                .hmacSecret(hmacSecret);
    }
}
