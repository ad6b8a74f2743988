package dev.warden.claims;

import dev.warden.core.ConnectionId;
import dev.warden.core.VerifiedToken;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns verified tokens into {@link CallerContext}s: roles by each issuer's {@link RoleMapping}, scopes from
 * {@code scope} and {@code scp} (each a space-separated string or an array of strings), and the
 * {@link CallerKind}. Thread-safe; configure once with {@link #builder()}.
 *
 * <p>The kind: tokens of the host's own {@code LocalIssuer} and of {@linkplain Builder#anonymousIssuer
 * anonymous issuers} are ANONYMOUS; a token is SERVICE only when its mapping's machine-token rule or a
 * {@linkplain Builder#serviceWhen(ClaimCondition) configured condition} holds; every other token is a USER.
 * There is no general rule such as "{@code sub} = {@code azp}" or "{@code aud} contains {@code sub}": where a
 * user can choose their subject (a username at Spring Authorization Server, a custom uid at Firebase) and the
 * client id is public, it would make a user a SERVICE.
 *
 * <p>When the first user token from an issuer carries none of its mapping's role claims, the mapper logs one
 * WARN for that issuer naming the mapping, the claims and the provider setting that adds
 * them (never token content), and tells the {@link ClaimsListener}.
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
    private static final Logger LOG = LoggerFactory.getLogger(ClaimsMapper.class);

    private final Map<String, RoleMapping> roleMappings;
    private final RoleMapping defaultMapping;
    private final List<String> anonymousIssuers;
    private final List<ClaimCondition> serviceConditions;
    private final ClaimsListener listener;
    private final boolean warnWhenRolesMissing;
    /** Issuers whose first user token was checked for role claims (bounded by the issuers the validator trusts). */
    private final Set<String> watchedIssuers = ConcurrentHashMap.newKeySet();

    private ClaimsMapper(Builder b) {
        this.roleMappings = Collections.unmodifiableMap(new LinkedHashMap<>(b.roleMappings));
        this.defaultMapping = b.defaultMapping;
        this.anonymousIssuers = List.copyOf(b.anonymousIssuers);
        this.serviceConditions = List.copyOf(b.serviceConditions);
        this.listener = b.listener;
        this.warnWhenRolesMissing = b.warnWhenRolesMissing;
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
        RoleMapping mapping = roleMappings.getOrDefault(token.issuer(), defaultMapping);
        CallerKind kind = kindOf(claims, mapping);
        RoleSet roles = kind == CallerKind.ANONYMOUS ? RoleSet.empty() : mapping.rolesOf(claims);
        if (warnWhenRolesMissing && kind == CallerKind.USER && mapping.readsRoles()) {
            watchRoleClaims(token.issuer(), mapping, claims);
        }
        return new CallerContext(token.identity(), connectionId, AuthContext.fromJwt(claims), kind, roles,
                scopesOf(claims));
    }

    /**
     * The claims of a token of {@code issuer} that this mapper reads as a caller of {@code kind} with exactly
     * {@code roles}: {@link RoleMapping#tokenClaims} with the issuer's mapping, where a SERVICE token may also
     * meet one of this mapper's {@link Builder#serviceWhen} conditions. For minting test tokens that the
     * production mapper reads as intended (the testkit's mock issuer does).
     *
     * @param issuer the token's {@code iss}, which picks the role mapping
     * @param kind USER or SERVICE
     * @param roles the caller's roles
     * @param claims the token's other claims ({@code sub}, {@code aud}, {@code azp}, ...); not changed
     * @return a new map: {@code claims} with the role claims and machine-token marks written
     * @throws IllegalArgumentException as {@link RoleMapping#tokenClaims} does, or if the issuer's tokens are
     *     anonymous here
     */
    public Map<String, Object> tokenClaims(String issuer, CallerKind kind, Collection<String> roles,
                                           Map<String, ?> claims) {
        Objects.requireNonNull(issuer, "issuer");
        if (anonymousIssuers.contains(issuer)) {
            throw new IllegalArgumentException("the tokens of " + issuer + " are anonymous callers here");
        }
        return roleMappings.getOrDefault(issuer, defaultMapping).tokenClaims(kind, roles, claims, serviceConditions);
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

    /** The first user token of each issuer decides whether its role claims are missing. */
    private void watchRoleClaims(String issuer, RoleMapping mapping, JwtClaims claims) {
        if (watchedIssuers.contains(issuer) || !watchedIssuers.add(issuer) || mapping.hasRoleClaim(claims)) {
            return;
        }
        List<String> paths = mapping.claimPaths();
        LOG.warn("the first user token from issuer {} carries none of the role claims {} that the {} role mapping "
                + "reads, so its caller has no roles; if users should have roles: {}", issuer, paths, mapping.name(),
                mapping.roleSetting().isEmpty() ? "configure the provider to add them" : mapping.roleSetting());
        try {
            listener.noRoleClaims(issuer, mapping.name(), paths, mapping.roleSetting());
        } catch (RuntimeException e) {
            LOG.warn("the claims listener failed: {}", e.toString());
        }
    }

    private CallerKind kindOf(JwtClaims claims, RoleMapping mapping) {
        // the host's own issuer always makes anonymous callers: no configuration can forget it
        if (claims.token().fromLocalIssuer() || anonymousIssuers.contains(claims.issuer())) {
            return CallerKind.ANONYMOUS;
        }
        if (mapping.isService(claims)) {
            return CallerKind.SERVICE;
        }
        for (ClaimCondition c : serviceConditions) {
            if (c.test(claims)) {
                return CallerKind.SERVICE;
            }
        }
        return CallerKind.USER;
    }

    private static RoleSet scopesOf(JwtClaims claims) {
        List<String> out = new ArrayList<>();
        readScopes(claims, SCOPE, out);
        readScopes(claims, SCP, out);
        return out.isEmpty() ? RoleSet.empty() : RoleSet.of(out);
    }

    /** A scope claim is a space-separated string (RFC 8693) or an array of strings (Spring AS, Entra's scp). */
    private static void readScopes(JwtClaims claims, ClaimPath path, List<String> out) {
        Object v = claims.value(path);
        if (v == null) {
            return;
        }
        if (v instanceof String) {
            split((String) v, out);
            return;
        }
        if (v instanceof List) {
            for (Object item : (List<?>) v) {
                if (!(item instanceof String)) {
                    throw new ClaimTypeException(path, "an array of scope names",
                            "an array holding " + JwtClaims.typeName(item));
                }
                String scope = (String) item;
                if (scope.isEmpty() || scope.indexOf(' ') >= 0) {
                    throw new ClaimTypeException(path, "an array of scope names",
                            "an array holding " + (scope.isEmpty() ? "an empty name" : "a name with a space"));
                }
                out.add(scope);
            }
            return;
        }
        throw new ClaimTypeException(path, "a space-separated string or an array of scope names",
                JwtClaims.typeName(v));
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
        private final List<ClaimCondition> serviceConditions = new ArrayList<>();
        private ClaimsListener listener = ClaimsListener.NONE;
        private boolean warnWhenRolesMissing = true;

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
         * Tokens of any issuer for which {@code condition} holds are SERVICE callers, in addition to each
         * mapping's own rule.
         *
         * @param condition a machine token's mark, for example {@code ClaimCondition.equalTo("gty",
         *     "client-credentials")}
         * @return this builder
         */
        public Builder serviceWhen(ClaimCondition condition) {
            serviceConditions.add(Objects.requireNonNull(condition, "condition"));
            return this;
        }

        /**
         * @param listener told what the mapper noticed (default: nothing)
         * @return this builder
         */
        public Builder listener(ClaimsListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Whether to report an issuer whose first user token carries no role claim (default: yes). Test
         * fixtures that mint role-less tokens on purpose turn it off.
         *
         * @param warn whether to log the WARN and call {@link ClaimsListener#noRoleClaims}
         * @return this builder
         */
        public Builder warnWhenRolesMissing(boolean warn) {
            this.warnWhenRolesMissing = warn;
            return this;
        }

        /** @return the mapper */
        public ClaimsMapper build() {
            return new ClaimsMapper(this);
        }
    }
}
