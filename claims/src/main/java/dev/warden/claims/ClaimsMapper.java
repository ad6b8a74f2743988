package dev.warden.claims;

import dev.warden.core.ConnectionId;
import dev.warden.core.VerifiedToken;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns verified tokens into {@link CallerContext}s: roles by each issuer's {@link RoleMapping}, scopes from
 * {@code scope} (space-separated) or {@code scp} (array or space-separated), and the {@link CallerKind}.
 * Immutable and thread-safe; configure once with {@link #builder()}.
 *
 * <pre>{@code
 * ClaimsMapper mapper = ClaimsMapper.builder()
 *     .roles("https://auth.spacetimedb.com/oidc", RoleMapping.spacetimeAuth())
 *     .roles("https://sso.example.com/realms/game", RoleMapping.keycloak("game-client"))
 *     .anonymousIssuer(localIssuer.issuer())
 *     .build();
 * CallerContext caller = mapper.toCaller(validator.validate(token), connectionId);
 * }</pre>
 */
public final class ClaimsMapper {

    private static final ClaimPath SCOPE = ClaimPath.of("scope");
    private static final ClaimPath SCP = ClaimPath.of("scp");

    private final Map<String, RoleMapping> roleMappings;
    private final RoleMapping defaultMapping;
    private final List<String> anonymousIssuers;
    private final Map<ClaimPath, String> serviceMarkers;

    private ClaimsMapper(Builder b) {
        this.roleMappings = Collections.unmodifiableMap(new LinkedHashMap<>(b.roleMappings));
        this.defaultMapping = b.defaultMapping;
        this.anonymousIssuers = List.copyOf(b.anonymousIssuers);
        this.serviceMarkers = Collections.unmodifiableMap(new LinkedHashMap<>(b.serviceMarkers));
    }

    /** @return a builder; with no configuration, no roles are read and every caller is a USER */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param token a verified token
     * @param connectionId the caller's connection
     * @return the caller
     * @throws ClaimTypeException if a role or scope claim has a shape that cannot be read
     */
    public CallerContext toCaller(VerifiedToken token, ConnectionId connectionId) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(connectionId, "connectionId");
        JwtClaims claims = JwtClaims.of(token);
        CallerKind kind = kindOf(claims);
        RoleSet roles = kind == CallerKind.ANONYMOUS ? RoleSet.empty()
                : roleMappings.getOrDefault(token.issuer(), defaultMapping).rolesOf(claims);
        return new CallerContext(token.identity(), connectionId, AuthContext.fromJwt(claims), kind, roles,
                scopesOf(claims));
    }

    /**
     * Accepts a refreshed token for a long-lived connection only if it has the same issuer and subject (so
     * the same identity); roles, scopes and expiry come from the new token.
     *
     * @param current the connection's caller
     * @param refreshed the new token, already verified
     * @return the updated caller, on the same connection
     * @throws ReauthenticationException if the identity would change
     */
    public CallerContext reauthenticate(CallerContext current, VerifiedToken refreshed) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(refreshed, "refreshed");
        JwtClaims old = current.claims().orElseThrow(() -> new ReauthenticationException(
                ReauthenticationException.Reason.NOT_REAUTHENTICABLE, "internal callers have no token"));
        if (!old.issuer().equals(refreshed.issuer())) {
            throw new ReauthenticationException(ReauthenticationException.Reason.ISSUER_CHANGED,
                    "the refreshed token is from another issuer");
        }
        if (!old.subject().equals(refreshed.subject())) {
            throw new ReauthenticationException(ReauthenticationException.Reason.SUBJECT_CHANGED,
                    "the refreshed token is for another subject");
        }
        return toCaller(refreshed, current.connectionId().orElseThrow(() -> new ReauthenticationException(
                ReauthenticationException.Reason.NOT_REAUTHENTICABLE, "the caller has no connection")));
    }

    private CallerKind kindOf(JwtClaims claims) {
        // the host's own issuer always makes anonymous callers: no configuration can forget it
        if (claims.token().fromLocalIssuer() || anonymousIssuers.contains(claims.issuer())) {
            return CallerKind.ANONYMOUS;
        }
        String sub = claims.subject();
        if (claims.token().authorizedParty().map(sub::equals).orElse(false)) {
            return CallerKind.SERVICE;
        }
        for (Map.Entry<ClaimPath, String> marker : serviceMarkers.entrySet()) {
            if (marker.getValue().equals(claims.value(marker.getKey()))) {
                return CallerKind.SERVICE;
            }
        }
        if (claims.audience().contains(sub)) {
            return CallerKind.SERVICE;
        }
        return CallerKind.USER;
    }

    private static RoleSet scopesOf(JwtClaims claims) {
        List<String> out = new ArrayList<>();
        Object scope = claims.value(SCOPE);
        if (scope != null) {
            if (!(scope instanceof String)) {
                throw new ClaimTypeException(SCOPE, "a space-separated string", JwtClaims.typeName(scope));
            }
            split((String) scope, out);
        }
        Object scp = claims.value(SCP);
        if (scp instanceof String) {
            split((String) scp, out);
        } else if (scp != null) {
            out.addAll(claims.strings(SCP).orElse(List.of()));
        }
        return out.isEmpty() ? RoleSet.empty() : RoleSet.of(out);
    }

    private static void split(String s, List<String> out) {
        for (String part : s.split(" ")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
    }

    /** Configures a {@link ClaimsMapper}. */
    public static final class Builder {
        private final Map<String, RoleMapping> roleMappings = new LinkedHashMap<>();
        private RoleMapping defaultMapping = RoleMapping.none();
        private final List<String> anonymousIssuers = new ArrayList<>();
        private final Map<ClaimPath, String> serviceMarkers = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param issuer the exact issuer
         * @param mapping where its tokens carry roles
         * @return this builder
         */
        public Builder roles(String issuer, RoleMapping mapping) {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(mapping, "mapping");
            if (roleMappings.putIfAbsent(issuer, mapping) != null) {
                throw new IllegalArgumentException("a role mapping for " + issuer + " is already configured");
            }
            return this;
        }

        /**
         * @param mapping used for issuers without their own mapping (default: no roles)
         * @return this builder
         */
        public Builder defaultRoles(RoleMapping mapping) {
            this.defaultMapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * Tokens of this issuer are ANONYMOUS callers, without roles. The host's own {@code LocalIssuer} needs no
         * such line: its tokens ({@code VerifiedToken.fromLocalIssuer()}) are always anonymous. Use this for
         * anonymous identities another issuer signs.
         *
         * @param issuer the local issuer's {@code iss}
         * @return this builder
         */
        public Builder anonymousIssuer(String issuer) {
            anonymousIssuers.add(Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        /**
         * Tokens whose claim at {@code path} equals {@code value} are SERVICE callers, for example Auth0's
         * {@code gty} = {@code client-credentials}.
         *
         * @param path a {@link ClaimPath} text
         * @param value the marker value
         * @return this builder
         */
        public Builder serviceMarker(String path, String value) {
            serviceMarkers.put(ClaimPath.parse(path), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @return the mapper */
        public ClaimsMapper build() {
            return new ClaimsMapper(this);
        }
    }
}
