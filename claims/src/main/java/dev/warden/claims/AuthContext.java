package dev.warden.claims;

import java.util.Objects;
import java.util.Optional;

/**
 * SpacetimeDB's {@code AuthCtx}: either internal (the module calling itself) or backed by a verified JWT.
 * Immutable.
 */
public final class AuthContext {

    private static final AuthContext INTERNAL = new AuthContext(null);

    private final JwtClaims jwt;

    private AuthContext(JwtClaims jwt) {
        this.jwt = jwt;
    }

    /** @return the context of scheduled reducers and {@code init} */
    public static AuthContext internal() {
        return INTERNAL;
    }

    /**
     * @param jwt the caller's verified claims
     * @return the context of a client call
     */
    public static AuthContext fromJwt(JwtClaims jwt) {
        return new AuthContext(Objects.requireNonNull(jwt, "jwt"));
    }

    /** @return whether the module itself is calling (no client, no token) */
    public boolean isInternal() {
        return jwt == null;
    }

    /** @return whether a JWT backs the call */
    public boolean hasJwt() {
        return jwt != null;
    }

    /** @return the JWT's claims, absent for internal calls */
    public Optional<JwtClaims> jwt() {
        return Optional.ofNullable(jwt);
    }

    @Override
    public String toString() {
        return jwt == null ? "AuthContext{internal}" : "AuthContext{" + jwt + "}";
    }
}
