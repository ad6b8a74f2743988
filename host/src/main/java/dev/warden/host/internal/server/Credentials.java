package dev.warden.host.internal.server;

import dev.warden.core.LocalIssuer;
import java.util.Locale;

/**
 * The token of a request, as SpacetimeDB reads it (crates/client-api/src/auth.rs, {@code SpacetimeCreds}):
 * {@code Authorization: Bearer} first, then the {@code token} query parameter; any other {@code Authorization}
 * scheme is a malformed request (400).
 *
 * @param token the token, or null if the request has none
 * @param malformed whether the {@code Authorization} header is not a bearer token
 */
public record Credentials(String token, boolean malformed) {

    /** SpacetimeDB's body for a header that is not a bearer token. */
    public static final String MALFORMED = "Authorization is invalid: malformed token";
    /** SpacetimeDB's body when a route requires a token and the request has none. */
    public static final String REQUIRED = "Authorization required";

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param queryToken the {@code token} query parameter, or null
     * @return the credentials
     */
    public static Credentials read(String authorization, String queryToken) {
        if (authorization != null) {
            String a = authorization.trim();
            if (a.length() > 7 && a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                return new Credentials(a.substring(7).trim(), false);
            }
            return new Credentials(null, true);
        }
        return new Credentials(queryToken == null || queryToken.isEmpty() ? null : queryToken, false);
    }

    /**
     * The token to connect with: the request's, or a new anonymous identity's (as SpacetimeDB's
     * {@code anon_auth_middleware}).
     *
     * @param local the host's issuer
     * @return the token and whether it was minted now
     */
    public Resolved orMint(LocalIssuer local) {
        if (token != null) {
            return new Resolved(token, false);
        }
        return new Resolved(local.mintAnonymous().token(), true);
    }

    /**
     * @param token the token to connect with
     * @param minted whether the host minted it for this request
     */
    public record Resolved(String token, boolean minted) {}
}
