package dev.warden.claims;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one provider's tokens describe a caller: where the roles are, and which tokens are machine
 * ({@link CallerKind#SERVICE}) tokens. Roles come from a list of sources, each a {@link ClaimPath} holding an
 * array of strings, a (possibly delimited) string, or a boolean flag, with an optional prefix added to each
 * role. A claim of any other shape is a {@link ClaimTypeException}: roles are never half-read. An absent
 * claim contributes nothing. Immutable.
 *
 * <p>Presets, each recognising its provider's machine tokens with no per-client setting:
 * {@link #spacetimeAuth()}, {@link #keycloak(String)}, {@link #auth0(String)}, {@link #entraId()},
 * {@link #okta()}, {@link #cognito()}, {@link #clerk()}, {@link #firebase(String...)},
 * {@link #springAuthorizationServer()}. For other providers, {@link #builder()} with
 * {@link Builder#serviceWhen(ClaimCondition)}.
 *
 * <p>The other way round, {@link #tokenClaims} writes a caller's roles and machine-token marks into a token's
 * claims as this provider would, for minting test tokens in its shape.
 */
public final class RoleMapping {

    private static final RoleMapping NONE = new RoleMapping(List.of(), false, null, "none", "");

    private final List<Source> sources;
    private final boolean caseInsensitive;
    private final ClaimCondition service;
    private final String name;
    private final String roleSetting;

    private static final class Source {
        final ClaimPath path;
        final String prefix;
        final Pattern delimiter;
        final String flagRole;
        final ClaimCondition when;

        Source(ClaimPath path, String prefix, Pattern delimiter, String flagRole, ClaimCondition when) {
            this.path = path;
            this.prefix = prefix;
            this.delimiter = delimiter;
            this.flagRole = flagRole;
            this.when = when;
        }

        @Override
        public String toString() {
            return (flagRole != null ? path + "=true -> " + flagRole
                    : path + (prefix.isEmpty() ? "" : " (prefix " + prefix + ")")
                    + (delimiter == null ? "" : " (delimited)")) + (when == null ? "" : " when " + when);
        }
    }

    private RoleMapping(List<Source> sources, boolean caseInsensitive, ClaimCondition service, String name,
                        String roleSetting) {
        this.sources = sources;
        this.caseInsensitive = caseInsensitive;
        this.service = service;
        this.name = name;
        this.roleSetting = roleSetting;
    }

    /** @return a mapping that finds no roles and no machine tokens */
    public static RoleMapping none() {
        return NONE;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * SpacetimeAuth: the {@code roles} array of its ID tokens. Client-credentials tokens ({@code sub} = the
     * client id, {@code client_...}, = {@code aud} or {@code azp}) are SERVICE.
     *
     * @return the mapping
     */
    public static RoleMapping spacetimeAuth() {
        return builder().claim("roles")
                .serviceWhen(ClaimCondition.allOf(ClaimCondition.hasPrefix("sub", "client_"), ClaimCondition.anyOf(
                        ClaimCondition.includesClaim("aud", "sub"), ClaimCondition.equalsClaim("sub", "azp"))))
                .describedAs("spacetimeAuth",
                "assign roles to the user in the SpacetimeAuth project; they appear in the ID token's roles").build();
    }

    /**
     * Keycloak: realm roles from {@code realm_access.roles} and the client's roles from
     * {@code resource_access.<clientId>.roles}, both unprefixed (as Quarkus reads them). Service-account tokens
     * (claim {@code client_id}, or {@code clientId} before Keycloak 25, equal to {@code azp}) are SERVICE.
     *
     * @param clientId the client whose roles to read, or null for realm roles only
     * @return the mapping
     */
    public static RoleMapping keycloak(String clientId) {
        return keycloak(clientId, "");
    }

    /**
     * Keycloak, with the client's roles prefixed, for example {@code game-client:admin}, so that a client role
     * can never be mistaken for a realm role of the same name.
     *
     * @param clientId the client whose roles to read
     * @param clientRolePrefix added in front of each client role (may be empty)
     * @return the mapping
     */
    public static RoleMapping keycloak(String clientId, String clientRolePrefix) {
        Builder b = builder().claim("realm_access.roles");
        if (clientId != null) {
            b.claim(ClaimPath.of("resource_access", clientId, "roles"), clientRolePrefix);
        }
        return b.serviceWhen(ClaimCondition.anyOf(ClaimCondition.equalsClaim("client_id", "azp"),
                        ClaimCondition.equalsClaim("clientId", "azp")))
                .describedAs("keycloak", "Keycloak puts realm_access and resource_access in access tokens only: "
                        + "send the access token, or switch on 'Add to ID token' for the 'realm roles' and "
                        + "'client roles' mappers of the 'roles' client scope")
                .build();
    }

    /**
     * Auth0: roles added by an Action under a namespaced claim. Machine-to-machine tokens ({@code gty} =
     * {@code client-credentials}, or {@code sub} = {@code <azp>@clients}) are SERVICE.
     *
     * @param namespacedClaim the claim name, for example {@code https://example.com/roles}
     * @return the mapping
     */
    public static RoleMapping auth0(String namespacedClaim) {
        return builder().claim(ClaimPath.of(namespacedClaim), "")
                .serviceWhen(ClaimCondition.anyOf(ClaimCondition.equalTo("gty", "client-credentials"),
                        ClaimCondition.equalsClaim("sub", "", "azp", "@clients")))
                .describedAs("auth0", "add the roles in a post-login Action: api.idToken.setCustomClaim('"
                        + namespacedClaim + "', event.authorization.roles) (and api.accessToken for access tokens)")
                .build();
    }

    /**
     * Microsoft Entra ID: app roles in {@code roles}. App-only tokens are SERVICE: {@code idtyp} = {@code app}
     * (an optional claim: add it), or else an access token ({@code azpacr} or {@code appidacr} present) with
     * {@code sub} = {@code oid} and no {@code scp}. ID tokens are users' (in Azure AD B2C their {@code sub} is the
     * user's {@code oid}).
     *
     * @return the mapping
     */
    public static RoleMapping entraId() {
        return builder().claim("roles")
                .serviceWhen(ClaimCondition.anyOf(ClaimCondition.equalTo("idtyp", "app"),
                        ClaimCondition.allOf(ClaimCondition.equalsClaim("sub", "oid"), ClaimCondition.absent("scp"),
                                ClaimCondition.anyOf(ClaimCondition.present("azpacr"),
                                        ClaimCondition.present("appidacr")))))
                .describedAs("entraId", "define app roles in the app registration and assign users or groups to "
                        + "them under Enterprise applications > Users and groups")
                .build();
    }

    /**
     * Okta (and other providers using groups): {@code groups}. Client-credentials tokens ({@code sub} =
     * {@code cid}, and no user's {@code uid}) are SERVICE.
     *
     * @return the mapping
     */
    public static RoleMapping okta() {
        return builder().claim("groups")
                .serviceWhen(ClaimCondition.allOf(ClaimCondition.equalsClaim("sub", "cid"), ClaimCondition.absent("uid")))
                .describedAs("okta", "add a 'groups' claim with a groups filter to the authorization server "
                        + "(Security > API > Claims)")
                .build();
    }

    /**
     * AWS Cognito: {@code cognito:groups}. Client-credentials tokens ({@code sub} = {@code client_id}, no
     * {@code username}) are SERVICE.
     *
     * @return the mapping
     */
    public static RoleMapping cognito() {
        return builder().claim(ClaimPath.of("cognito:groups"), "")
                .serviceWhen(ClaimCondition.allOf(ClaimCondition.equalsClaim("sub", "client_id"),
                        ClaimCondition.absent("username")))
                .describedAs("cognito", "add the user to a group of the user pool; cognito:groups is in ID and "
                        + "access tokens")
                .build();
    }

    /**
     * Clerk: a {@code roles} claim added to the session token template (from the user's public metadata, which
     * only your backend writes). Organisation roles are not read: any user can create an organisation and is
     * its admin, so an organisation role means something only for one organisation; see
     * {@link #clerk(String)}. Machine tokens ({@code sub} starting {@code mch_}) are SERVICE.
     *
     * @return the mapping
     */
    public static RoleMapping clerk() {
        return clerkBuilder().build();
    }

    /**
     * Clerk, with the roles of one organisation: {@code org_role} (for example {@code org:admin}) in version 1
     * session tokens and {@code o.rol} ({@code admin}, read as {@code org:admin}) in version 2, only when the
     * session's active organisation ({@code org_id}, {@code o.id}) is {@code organizationId}; and {@code roles}
     * as {@link #clerk()}.
     *
     * @param organizationId the organisation whose roles count, for example {@code org_2x...}
     * @return the mapping
     */
    public static RoleMapping clerk(String organizationId) {
        Objects.requireNonNull(organizationId, "organizationId");
        return clerkBuilder()
                .claim(ClaimPath.of("org_role"), "", ClaimCondition.equalTo("org_id", organizationId))
                .claim(ClaimPath.of("o", "rol"), "org:", ClaimCondition.equalTo("o.id", organizationId))
                .build();
    }

    private static Builder clerkBuilder() {
        return builder().claim("roles").serviceWhen(ClaimCondition.hasPrefix("sub", "mch_"))
                .describedAs("clerk", "add \"roles\": \"{{user.public_metadata.roles}}\" to the session token "
                        + "template (Sessions > Customize session token)");
    }

    /**
     * Firebase: custom claims at the top level, either boolean flags ({@code "admin": true} gives role
     * {@code admin}) or a {@code roles} array. Firebase ID tokens are always users': no token is SERVICE.
     *
     * @param flagClaims names of boolean custom claims that each grant the role of the same name
     * @return the mapping
     */
    public static RoleMapping firebase(String... flagClaims) {
        Builder b = builder().claim("roles");
        for (String f : flagClaims) {
            b.flag(ClaimPath.of(f), f);
        }
        return b.describedAs("firebase", "set custom claims with the Admin SDK (setCustomUserClaims), then "
                + "refresh the ID token").build();
    }

    /**
     * Spring Authorization Server: a {@code roles} array that an {@code OAuth2TokenCustomizer} adds (it writes
     * none by default). Its client-credentials tokens look like a user's whose username is the client id, so the
     * same customizer marks them: {@code "gty": "client_credentials"} (from
     * {@code context.getAuthorizationGrantType()}) makes a SERVICE caller.
     *
     * @return the mapping
     */
    public static RoleMapping springAuthorizationServer() {
        return builder().claim("roles").serviceWhen(ClaimCondition.equalTo("gty", "client_credentials"))
                .describedAs("springAuthorizationServer",
                "add an OAuth2TokenCustomizer<JwtEncodingContext> bean that puts a \"roles\" claim in the tokens")
                .build();
    }

    /** @return whether role names are compared ignoring case */
    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    /**
     * Reads the roles.
     *
     * @param claims the token's claims
     * @return the roles, in claim order
     * @throws ClaimTypeException if a role claim has a shape this mapping cannot read
     */
    public RoleSet rolesOf(JwtClaims claims) {
        if (sources.isEmpty()) {
            return RoleSet.of(List.of(), caseInsensitive);
        }
        Set<String> out = new LinkedHashSet<>();
        for (Source s : sources) {
            read(claims, s, out);
        }
        return RoleSet.of(out, caseInsensitive);
    }

    private static void read(JwtClaims claims, Source s, Set<String> out) {
        if (s.when != null && !s.when.test(claims)) {
            return;
        }
        Object v = claims.value(s.path);
        if (v == null) {
            return;
        }
        if (s.flagRole != null) {
            if (!(v instanceof Boolean)) {
                throw new ClaimTypeException(s.path, "a boolean flag", JwtClaims.typeName(v));
            }
            if ((Boolean) v) {
                out.add(s.flagRole);
            }
            return;
        }
        if (v instanceof String) {
            String str = (String) v;
            if (s.delimiter == null) {
                add(out, s.prefix, str, s.path);
            } else {
                for (String part : s.delimiter.split(str)) {
                    if (!part.isEmpty()) {
                        add(out, s.prefix, part, s.path);
                    }
                }
            }
            return;
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            List<String> strings = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String)) {
                    throw new ClaimTypeException(s.path, "an array of role names",
                            "an array holding " + JwtClaims.typeName(item));
                }
                strings.add((String) item);
            }
            for (String r : strings) {
                add(out, s.prefix, r, s.path);
            }
            return;
        }
        throw new ClaimTypeException(s.path, s.delimiter == null ? "an array of role names or a role name"
                : "an array of role names or a delimited string", JwtClaims.typeName(v));
    }

    private static void add(Set<String> out, String prefix, String role, ClaimPath path) {
        if (role.isEmpty()) {
            throw new ClaimTypeException(path, "non-empty role names", "an empty role name");
        }
        out.add(prefix.isEmpty() ? role : prefix + role);
    }

    /**
     * The claims of a token this mapping reads as a caller of {@code kind} with exactly {@code roles}, as the
     * provider writes them: for minting test tokens in a provider's shape (the testkit's mock issuer does), so
     * a module is tested with the mapping it runs with. Each role goes to the source that reads it back: a
     * flag naming it, else the claim whose prefix it starts with (the longest; the first on a tie), unprefixed
     * there, for example a Keycloak realm role in {@code realm_access.roles}, an Auth0 role in the namespaced
     * claim; with no roles, the first claim holds an empty array. Sources read only under a condition are not
     * written. A SERVICE token also gets the claims that make the machine-token rule hold (Keycloak's
     * {@code client_id} = {@code azp}, Okta's {@code cid} = {@code sub}, ...). The result is checked: this
     * mapping reads from it exactly {@code roles} and {@code kind}.
     *
     * @param kind USER or SERVICE
     * @param roles the caller's roles
     * @param claims the token's other claims, at least {@code sub} and usually {@code aud} and {@code azp};
     *     not changed. {@code iss}, {@code sub}, {@code aud} and the times are never written: a rule that needs
     *     another subject (Clerk's {@code mch_...}, SpacetimeAuth's {@code client_...}) is an error, not a
     *     quietly different caller
     * @return a new map: {@code claims} with the role claims and machine-token marks written
     * @throws IllegalArgumentException naming the role or the rule, if a role cannot be written where this
     *     mapping reads it, the kind is ANONYMOUS or INTERNAL, a SERVICE token cannot meet the machine-token rule
     *     without changing its subject or audience (or the mapping has none), or a USER token would meet it
     */
    public Map<String, Object> tokenClaims(CallerKind kind, Collection<String> roles, Map<String, ?> claims) {
        return tokenClaims(kind, roles, claims, List.of());
    }

    /** {@link #tokenClaims(CallerKind, Collection, Map)}, where {@code moreService} also mark SERVICE tokens. */
    Map<String, Object> tokenClaims(CallerKind kind, Collection<String> roles, Map<String, ?> claims,
                                    List<ClaimCondition> moreService) {
        Objects.requireNonNull(kind, "kind");
        List<String> wanted = List.copyOf(Objects.requireNonNull(roles, "roles"));
        if (kind != CallerKind.USER && kind != CallerKind.SERVICE) {
            throw new IllegalArgumentException("only USER and SERVICE tokens come from a provider: ANONYMOUS tokens "
                    + "come from the host's LocalIssuer, INTERNAL callers have none");
        }
        Map<String, Object> draft = ClaimDrafts.copy(Objects.requireNonNull(claims, "claims"));
        writeRoles(draft, wanted);
        List<ClaimCondition> rules = new ArrayList<>();
        if (service != null) {
            rules.add(service);
        }
        rules.addAll(moreService);
        if (kind == CallerKind.SERVICE) {
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("the " + name + " role mapping makes no token a SERVICE caller, "
                        + "so no SERVICE token can be minted for it");
            }
            boolean marked = false;
            for (ClaimCondition rule : rules) {
                if (rule.makeHold(draft)) {
                    marked = true;
                    break;
                }
            }
            if (!marked) {
                throw new IllegalArgumentException("a SERVICE token for the " + name + " role mapping needs " + rules
                        + ", which cannot hold without changing the token's iss, sub or aud (sub is "
                        + draft.get("sub") + ")");
            }
        } else {
            for (ClaimCondition rule : rules) {
                if (rule.test(JwtClaims.draft(draft))) {
                    throw new IllegalArgumentException("a USER token with these claims is a SERVICE caller for the "
                            + name + " role mapping (" + rule + ")");
                }
            }
        }
        RoleSet read;
        try {
            read = rolesOf(JwtClaims.draft(draft));
        } catch (ClaimTypeException e) {
            throw new IllegalArgumentException("the " + name + " role mapping cannot read the roles back: "
                    + e.getMessage(), e);
        }
        if (!read.equals(RoleSet.of(wanted, caseInsensitive))) {
            throw new IllegalArgumentException("the " + name + " role mapping reads roles " + read + " from a token "
                    + "written with " + wanted + " (" + this + ")");
        }
        return draft;
    }

    private void writeRoles(Map<String, Object> draft, List<String> roles) {
        Map<Source, List<String>> lists = new LinkedHashMap<>();
        for (String role : roles) {
            Objects.requireNonNull(role, "role");
            Source target = null;
            for (Source s : sources) {
                if (s.when == null && role.equals(s.flagRole)) {
                    target = s;
                    break;
                }
            }
            if (target != null) {
                if (!ClaimDrafts.put(draft, target.path, true)) {
                    throw new IllegalArgumentException("cannot write the flag " + target.path + " for role " + role);
                }
                continue;
            }
            for (Source s : sources) {
                if (s.when == null && s.flagRole == null && role.startsWith(s.prefix)
                        && role.length() > s.prefix.length()
                        && (target == null || s.prefix.length() > target.prefix.length())) {
                    target = s;
                }
            }
            if (target == null) {
                throw new IllegalArgumentException("the " + name + " role mapping reads no claim that can hold role '"
                        + role + "' (" + this + ")");
            }
            lists.computeIfAbsent(target, k -> new ArrayList<>()).add(role.substring(target.prefix.length()));
        }
        if (lists.isEmpty()) {
            for (Source s : sources) {
                if (s.when == null && s.flagRole == null) {
                    lists.put(s, List.of());
                    break;
                }
            }
        }
        lists.forEach((s, names) -> {
            if (!ClaimDrafts.put(draft, s.path, new ArrayList<>(names))) {
                throw new IllegalArgumentException("cannot write the role claim " + s.path + " into these claims");
            }
        });
    }

    /** @return whether this token is a machine token by this provider's rule */
    boolean isService(JwtClaims claims) {
        return service != null && service.test(claims);
    }

    /** @return whether the mapping reads roles at all */
    boolean readsRoles() {
        return !sources.isEmpty();
    }

    /** @return whether any of the role claims is in the token */
    boolean hasRoleClaim(JwtClaims claims) {
        for (Source s : sources) {
            try {
                if (claims.value(s.path) != null) {
                    return true;
                }
            } catch (ClaimTypeException e) {
                return true; // there, but unreadable: rolesOf says so
            }
        }
        return false;
    }

    /** @return the preset's name, or {@code custom} */
    String name() {
        return name;
    }

    /** @return the provider setting that puts role claims in tokens, or empty */
    String roleSetting() {
        return roleSetting;
    }

    /** @return the role claims' paths */
    List<String> claimPaths() {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            out.add(s.path.toString());
        }
        return out;
    }

    @Override
    public String toString() {
        return "RoleMapping(" + name + ")" + sources + (caseInsensitive ? " (case-insensitive)" : "")
                + (service == null ? "" : ", SERVICE when " + service);
    }

    /** Builds a {@link RoleMapping}; sources are read in the order added. */
    public static final class Builder {
        private final List<Source> sources = new ArrayList<>();
        private final List<ClaimCondition> service = new ArrayList<>();
        private boolean caseInsensitive;
        private String name = "custom";
        private String roleSetting = "";

        private Builder() {}

        /**
         * Tokens for which {@code condition} holds are {@link CallerKind#SERVICE} callers; with several
         * conditions, any one suffices.
         *
         * @param condition the provider's mark of a machine token
         * @return this builder
         */
        public Builder serviceWhen(ClaimCondition condition) {
            service.add(Objects.requireNonNull(condition, "condition"));
            return this;
        }

        /**
         * Names the mapping and the provider setting that puts its role claims in tokens, for the warning
         * {@link ClaimsMapper} logs when an issuer's tokens carry none of them.
         *
         * @param name a short name, for example {@code keycloak}
         * @param roleSetting what to switch on at the provider (no secrets: it is logged)
         * @return this builder
         */
        public Builder describedAs(String name, String roleSetting) {
            this.name = Objects.requireNonNull(name, "name");
            this.roleSetting = Objects.requireNonNull(roleSetting, "roleSetting");
            return this;
        }

        /**
         * @param path a {@link ClaimPath} text holding an array of strings or one string
         * @return this builder
         */
        public Builder claim(String path) {
            return claim(ClaimPath.parse(path), "");
        }

        /**
         * @param path the claim holding an array of strings or one string
         * @param prefix added in front of each role (may be empty)
         * @return this builder
         */
        public Builder claim(ClaimPath path, String prefix) {
            sources.add(new Source(Objects.requireNonNull(path, "path"), Objects.requireNonNull(prefix, "prefix"),
                    null, null, null));
            return this;
        }

        /**
         * Reads roles only from tokens for which {@code when} holds: roles that mean something only in one
         * context, such as one organisation's roles in a token that can name any organisation.
         *
         * @param path the claim holding an array of strings or one string
         * @param prefix added in front of each role (may be empty)
         * @param when the condition under which the claim grants roles
         * @return this builder
         */
        public Builder claim(ClaimPath path, String prefix, ClaimCondition when) {
            sources.add(new Source(Objects.requireNonNull(path, "path"), Objects.requireNonNull(prefix, "prefix"),
                    null, null, Objects.requireNonNull(when, "when")));
            return this;
        }

        /**
         * @param path the claim holding an array of strings or a delimited string
         * @param delimiterRegex how the string is split, for example {@code "[ ,]+"}
         * @param prefix added in front of each role (may be empty)
         * @return this builder
         */
        public Builder delimitedClaim(ClaimPath path, String delimiterRegex, String prefix) {
            Objects.requireNonNull(delimiterRegex, "delimiterRegex");
            if (delimiterRegex.isEmpty()) {
                throw new IllegalArgumentException("delimiterRegex must not be empty");
            }
            sources.add(new Source(Objects.requireNonNull(path, "path"), Objects.requireNonNull(prefix, "prefix"),
                    Pattern.compile(delimiterRegex), null, null));
            return this;
        }

        /**
         * @param path a boolean claim
         * @param role the role granted when it is {@code true}
         * @return this builder
         */
        public Builder flag(ClaimPath path, String role) {
            Objects.requireNonNull(role, "role");
            if (role.isEmpty()) {
                throw new IllegalArgumentException("role must not be empty");
            }
            sources.add(new Source(Objects.requireNonNull(path, "path"), "", null, role, null));
            return this;
        }

        /**
         * Compare role names ignoring the case of ASCII letters only (A-Z held as a-z); every other character,
         * such as the Kelvin sign or a dotted capital I, compares exactly.
         *
         * @return this builder
         */
        public Builder caseInsensitive() {
            this.caseInsensitive = true;
            return this;
        }

        /** @return the mapping */
        public RoleMapping build() {
            ClaimCondition when = service.isEmpty() ? null
                    : service.size() == 1 ? service.get(0) : ClaimCondition.anyOf(service.toArray(new ClaimCondition[0]));
            return new RoleMapping(Collections.unmodifiableList(new ArrayList<>(sources)), caseInsensitive, when, name,
                    roleSetting);
        }
    }
}
