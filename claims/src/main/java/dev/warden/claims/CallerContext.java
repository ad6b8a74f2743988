package dev.warden.claims;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the policy engine knows about a caller, the same for reducers, views and procedures: sender
 * {@link Identity}, {@link ConnectionId} (absent for internal calls), {@link AuthContext}, {@link CallerKind},
 * roles and scopes. Immutable and thread-safe; build from a token with {@link ClaimsMapper}.
 */
public final class CallerContext {

    private final Identity sender;
    private final ConnectionId connectionId;
    private final AuthContext auth;
    private final CallerKind kind;
    private final RoleSet roles;
    private final RoleSet scopes;

    CallerContext(Identity sender, ConnectionId connectionId, AuthContext auth, CallerKind kind, RoleSet roles,
                  RoleSet scopes) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.connectionId = connectionId;
        this.auth = Objects.requireNonNull(auth, "auth");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
    }

    /**
     * The module calling itself (scheduled reducers, {@code init}), as SpacetimeDB: sender is the module's
     * identity, no connection, no token, no roles.
     *
     * @param moduleIdentity the module's (or owner's, for {@code init}) identity
     * @return the context
     */
    public static CallerContext internal(Identity moduleIdentity) {
        return new CallerContext(moduleIdentity, null, AuthContext.internal(), CallerKind.INTERNAL, RoleSet.empty(),
                RoleSet.empty());
    }

    /** @return the caller's identity ({@code ctx.sender}) */
    public Identity sender() {
        return sender;
    }

    /** @return the connection, absent for internal calls */
    public Optional<ConnectionId> connectionId() {
        return Optional.ofNullable(connectionId);
    }

    /** @return the auth context ({@code ctx.sender_auth()}) */
    public AuthContext auth() {
        return auth;
    }

    /** @return the kind of caller */
    public CallerKind kind() {
        return kind;
    }

    /** @return the caller's roles */
    public RoleSet roles() {
        return roles;
    }

    /** @return the caller's OAuth scopes */
    public RoleSet scopes() {
        return scopes;
    }

    /** @return the JWT claims, absent for internal calls */
    public Optional<JwtClaims> claims() {
        return auth.jwt();
    }

    /** @return when the caller's token expires, if it does */
    public Optional<Instant> expiresAt() {
        return auth.jwt().flatMap(JwtClaims::expiresAt);
    }

    /**
     * @param role a role name
     * @return whether the caller has it
     */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * @param scope a scope
     * @return whether the caller's token grants it
     */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /**
     * @param connectionId the new connection
     * @return this caller on another connection
     */
    public CallerContext withConnection(ConnectionId connectionId) {
        return new CallerContext(sender, Objects.requireNonNull(connectionId, "connectionId"), auth, kind, roles,
                scopes);
    }

    @Override
    public String toString() {
        return "CallerContext{" + kind + " " + sender + (connectionId == null ? "" : " on " + connectionId)
                + ", roles=" + roles + ", scopes=" + scopes + "}";
    }
}
