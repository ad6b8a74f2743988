package dev.warden.claims;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an issuer puts roles, and how to read them: a list of sources, each a {@link ClaimPath} holding an
 * array of strings, a (possibly delimited) string, or a boolean flag, with an optional prefix added to each
 * role. A claim of any other shape is a {@link ClaimTypeException}: roles are never half-read. An absent
 * claim contributes nothing. Immutable.
 *
 * <p>Presets: {@link #spacetimeAuth()}, {@link #keycloak(String)}, {@link #auth0(String)},
 * {@link #entraId()}, {@link #okta()}, {@link #cognito()}, {@link #clerk()}, {@link #firebase(String...)}.
 */
public final class RoleMapping {

    private static final RoleMapping NONE = new RoleMapping(List.of(), false);

    private final List<Source> sources;
    private final boolean caseInsensitive;

    private static final class Source {
        final ClaimPath path;
        final String prefix;
        final Pattern delimiter;
        final String flagRole;

        Source(ClaimPath path, String prefix, Pattern delimiter, String flagRole) {
            this.path = path;
            this.prefix = prefix;
            this.delimiter = delimiter;
            this.flagRole = flagRole;
        }

        @Override
        public String toString() {
            return flagRole != null ? path + "=true -> " + flagRole
                    : path + (prefix.isEmpty() ? "" : " (prefix " + prefix + ")")
                    + (delimiter == null ? "" : " (delimited)");
        }
    }

    private RoleMapping(List<Source> sources, boolean caseInsensitive) {
        this.sources = sources;
        this.caseInsensitive = caseInsensitive;
    }

    /** @return a mapping that finds no roles */
    public static RoleMapping none() {
        return NONE;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return SpacetimeAuth: the {@code roles} array */
    public static RoleMapping spacetimeAuth() {
        return builder().claim("roles").build();
    }

    /**
     * Keycloak: realm roles from {@code realm_access.roles}, and the client's roles from
     * {@code resource_access.<clientId>.roles} prefixed {@code <clientId>:}.
     *
     * @param clientId the client whose roles to read, or null for realm roles only
     * @return the mapping
     */
    public static RoleMapping keycloak(String clientId) {
        Builder b = builder().claim("realm_access.roles");
        if (clientId != null) {
            b.claim(ClaimPath.of("resource_access", clientId, "roles"), clientId + ":");
        }
        return b.build();
    }

    /**
     * Auth0: roles added by an Action under a namespaced claim.
     *
     * @param namespacedClaim the claim name, for example {@code https://example.com/roles}
     * @return the mapping
     */
    public static RoleMapping auth0(String namespacedClaim) {
        return builder().claim(ClaimPath.of(namespacedClaim), "").build();
    }

    /** @return Microsoft Entra ID: app roles in {@code roles} */
    public static RoleMapping entraId() {
        return builder().claim("roles").build();
    }

    /** @return Okta (and other providers using groups): {@code groups} */
    public static RoleMapping okta() {
        return builder().claim("groups").build();
    }

    /** @return AWS Cognito: {@code cognito:groups} */
    public static RoleMapping cognito() {
        return builder().claim(ClaimPath.of("cognito:groups"), "").build();
    }

    /**
     * Clerk: the organisation role {@code org_role} (for example {@code org:admin}) and a {@code roles}
     * custom session claim when present.
     *
     * @return the mapping
     */
    public static RoleMapping clerk() {
        return builder().claim("org_role").claim("roles").build();
    }

    /**
     * Firebase: custom claims at the top level, either boolean flags ({@code "admin": true} gives role
     * {@code admin}) or a {@code roles} array.
     *
     * @param flagClaims names of boolean custom claims that each grant the role of the same name
     * @return the mapping
     */
    public static RoleMapping firebase(String... flagClaims) {
        Builder b = builder().claim("roles");
        for (String f : flagClaims) {
            b.flag(ClaimPath.of(f), f);
        }
        return b.build();
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

    @Override
    public String toString() {
        return "RoleMapping" + sources + (caseInsensitive ? " (case-insensitive)" : "");
    }

    /** Builds a {@link RoleMapping}; sources are read in the order added. */
    public static final class Builder {
        private final List<Source> sources = new ArrayList<>();
        private boolean caseInsensitive;

        private Builder() {}

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
                    null, null));
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
                    Pattern.compile(delimiterRegex), null));
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
            sources.add(new Source(Objects.requireNonNull(path, "path"), "", null, role));
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
            return new RoleMapping(Collections.unmodifiableList(new ArrayList<>(sources)), caseInsensitive);
        }
    }

    /** @return the sources, for reports */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            out.add(s.toString());
        }
        return out;
    }
}
