package dev.warden.policy.internal;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimPath;
import dev.warden.claims.ClaimTypeException;
import dev.warden.claims.JwtClaims;
import dev.warden.claims.RoleId;
import dev.warden.claims.RoleSet;
import dev.warden.core.Identity;
import dev.warden.policy.internal.Guard.Denial;
import dev.warden.policy.internal.Guard.Tri;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The guard implementations. Each is immutable and thread-safe. */
public final class Guards {

    private Guards() {}

    private static String who(CallerContext c) {
        return c.kind() + " " + abbreviate(c.sender());
    }

    static String abbreviate(Identity id) {
        String hex = id.toHex();
        return hex.substring(0, 12) + "...";
    }

    /** How a guard decides a call: null allows, else the reason it denies. */
    @FunctionalInterface
    private interface Check {
        String deny(CallerContext caller, String entryPoint, Object module, Object[] args);
    }

    /** What a guard answers for the report, from the caller's kind and roles alone. */
    @FunctionalInterface
    private interface StaticAnswer {
        Tri answer(CallerKind kind, Set<String> roles);
    }

    private static Guard of(String describe, StaticAnswer answer, Check check) {
        return of(describe, answer, Set.of(), false, check);
    }

    private static Guard of(String describe, StaticAnswer answer, Set<String> mentioned, boolean readsArguments,
                            Check check) {
        return new Guard() {
            @Override
            public Denial deny(CallerContext caller, String entryPoint, Object module, Object[] args) {
                String why = check.deny(caller, entryPoint, module, args);
                return why == null ? null : new Denial(describe, why);
            }

            @Override
            public String describe() {
                return describe;
            }

            @Override
            public Tri allowsStatically(CallerKind kind, Set<String> roles) {
                return answer.answer(kind, roles);
            }

            @Override
            public Set<String> roles() {
                return mentioned;
            }

            @Override
            public boolean readsArguments() {
                return readsArguments;
            }
        };
    }

    /** @return a guard allowing everyone */
    public static Guard everyone() {
        return of("@Public", (kind, roles) -> Tri.ALLOW, (caller, entryPoint, module, args) -> {
            return null;
        });
    }

    /** @return a guard allowing nobody */
    public static Guard nobody() {
        return of("@DenyAll", (kind, roles) -> Tri.DENY, (caller, entryPoint, module, args) -> {
            return "denied to everyone (@DenyAll); caller is " + who(caller);
        });
    }

    /**
     * @param allowAnonymous whether ANONYMOUS callers pass
     * @return a guard requiring a token from a trusted external issuer
     */
    public static Guard authenticated(boolean allowAnonymous) {
        StaticAnswer answer = (k, roles) -> k == CallerKind.USER || k == CallerKind.SERVICE
                || (allowAnonymous && k == CallerKind.ANONYMOUS) ? Tri.ALLOW : Tri.DENY;
        String describe = allowAnonymous ? "@Authenticated(allowAnonymous)" : "@Authenticated";
        return of(describe, answer, (caller, entryPoint, module, args) -> {
            CallerKind k = caller.kind();
            if (k == CallerKind.USER || k == CallerKind.SERVICE || (allowAnonymous && k == CallerKind.ANONYMOUS)) {
                return null;
            }
            return "requires an authenticated caller" + (allowAnonymous ? " (anonymous allowed)" : "")
                    + "; caller is " + who(caller);
        });
    }

    /**
     * @param asked the roles as written
     * @param accepted every role that satisfies the rule (hierarchy expanded)
     * @param label how the rule is written
     * @return a guard passing callers with any accepted role
     */
    public static Guard anyRole(List<String> asked, Set<String> accepted, String label) {
        return new AnyRole(asked, accepted, label);
    }

    /**
     * The commonest rule, as its own class rather than through {@link #of}: the call site that checks it then
     * reaches the bit tests with one dispatch instead of two.
     */
    private static final class AnyRole implements Guard {
        private final RoleId[] ids;
        /** The only accepted role, when there is one (most rules): one bit test, no loop. */
        private final RoleId one;
        private final List<String> asked;
        private final Set<String> accepted;
        private final String describe;
        private final Set<String> mentioned;

        AnyRole(List<String> asked, Set<String> accepted, String label) {
            this.ids = accepted.stream().map(RoleId::of).toArray(RoleId[]::new);
            this.one = ids.length == 1 ? ids[0] : null;
            this.asked = List.copyOf(asked);
            this.accepted = Set.copyOf(accepted);
            this.describe = label + asked;
            this.mentioned = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(asked));
        }

        @Override
        public Denial deny(CallerContext caller, String entryPoint, Object module, Object[] args) {
            RoleSet roles = caller.roles();
            if (one != null) {
                return roles.contains(one) ? null : denial(caller, roles);
            }
            for (RoleId id : ids) {
                if (roles.contains(id)) {
                    return null;
                }
            }
            return denial(caller, roles);
        }

        private Denial denial(CallerContext caller, RoleSet roles) {
            return new Denial(describe, "requires any role of " + asked + "; caller " + who(caller) + " has roles "
                    + roles.names());
        }

        @Override
        public String describe() {
            return describe;
        }

        @Override
        public Tri allowsStatically(CallerKind kind, Set<String> roles) {
            return kind != CallerKind.INTERNAL && kind != CallerKind.ANONYMOUS
                    && roles.stream().anyMatch(accepted::contains) ? Tri.ALLOW : Tri.DENY;
        }

        @Override
        public Set<String> roles() {
            return mentioned;
        }
    }

    /**
     * @param asked scopes as written
     * @param all whether every scope is required (else any one of them)
     * @return a guard on the caller's granted scopes
     */
    public static Guard scopes(List<String> asked, boolean all) {
        RoleId[] ids = asked.stream().map(RoleId::of).toArray(RoleId[]::new);
        String describe = (all ? "@RequiresAllScopes" : "@RequiresAnyScope") + asked;
        String requires = (all ? "requires scopes " : "requires any scope of ") + asked;
        StaticAnswer answer = (kind, roles) -> kind == CallerKind.INTERNAL || kind == CallerKind.ANONYMOUS ? Tri.DENY
                : Tri.DEPENDS;
        return of(describe, answer, (caller, entryPoint, module, args) -> {
            int granted = 0;
            for (RoleId id : ids) {
                if (caller.scopes().contains(id)) {
                    granted++;
                }
            }
            boolean ok = all ? granted == ids.length : granted > 0;
            return ok ? null : requires + "; caller " + who(caller) + " has scopes " + caller.scopes().names();
        });
    }

    /**
     * @param path the claim path
     * @param values accepted values
     * @return a guard requiring the claim to hold one of the values
     */
    public static Guard claim(ClaimPath path, Set<String> values) {
        String describe = "@RequiresClaim(" + path + " in " + values + ")";
        StaticAnswer answer = (kind, roles) -> kind == CallerKind.INTERNAL ? Tri.DENY : Tri.DEPENDS;
        return of(describe, answer, (caller, entryPoint, module, args) -> {
            Optional<JwtClaims> claims = caller.claims();
            if (claims.isEmpty()) {
                return "requires claim " + path + " in " + values + "; caller " + who(caller) + " has no token";
            }
            List<String> actual;
            try {
                actual = claims.get().strings(path).orElse(List.of());
            } catch (ClaimTypeException e) {
                return "requires claim " + path + " in " + values + "; " + e.getMessage();
            }
            for (String v : actual) {
                if (values.contains(v)) {
                    return null;
                }
            }
            return "requires claim " + path + " in " + values + "; caller " + who(caller)
                    + (actual.isEmpty() ? " has no such claim" : " has " + truncate(actual));
        });
    }

    private static String truncate(List<String> values) {
        String s = values.size() > 5 ? values.subList(0, 5) + "..." : values.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * @param issuers accepted issuers
     * @return a guard requiring the token to come from one of them
     */
    public static Guard issuer(Set<String> issuers) {
        StaticAnswer answer = (kind, roles) -> kind == CallerKind.INTERNAL ? Tri.DENY : Tri.DEPENDS;
        return of("@RequiresIssuer" + issuers, answer, (caller, entryPoint, module, args) -> {
            Optional<JwtClaims> claims = caller.claims();
            if (claims.isPresent() && issuers.contains(claims.get().issuer())) {
                return null;
            }
            return "requires a token from " + issuers + "; caller " + who(caller)
                    + (claims.isPresent() ? " is from " + claims.get().issuer() : " has no token");
        });
    }

    /**
     * @param kinds the accepted caller kinds
     * @return a guard passing callers of those kinds
     */
    public static Guard kinds(Set<CallerKind> kinds) {
        String describe = "@RequiresKind" + kinds;
        return of(describe, (kind, roles) -> kinds.contains(kind) ? Tri.ALLOW : Tri.DENY,
                (caller, entryPoint, module, args) -> kinds.contains(caller.kind()) ? null
                        : "requires a caller of kind " + kinds + "; caller is " + who(caller));
    }

    /** @return a guard passing only the module itself */
    public static Guard internal() {
        StaticAnswer answer = (kind, roles) -> kind == CallerKind.INTERNAL ? Tri.ALLOW : Tri.DENY;
        return of("@InternalOnly", answer, (caller, entryPoint, module, args) -> {
            return caller.kind() == CallerKind.INTERNAL ? null
                    : "only the module itself may call (@InternalOnly); caller is " + who(caller);
        });
    }

    /**
     * @param owner the module owner's identity
     * @return a guard passing only the owner
     */
    public static Guard owner(Identity owner) {
        return of("@OwnerOnly", (kind, roles) -> Tri.DEPENDS, (caller, entryPoint, module, args) -> {
            return caller.sender().equals(owner) ? null
                    : "only the module owner may call (@OwnerOnly); caller is " + who(caller);
        });
    }

    /** A programmatic rule over the caller and the call. */
    @FunctionalInterface
    public interface CallPredicate {
        /**
         * @param caller who is calling
         * @param entryPoint the entry point
         * @param module the module instance
         * @param args the client's arguments
         * @return whether to allow
         */
        boolean test(CallerContext caller, String entryPoint, Object module, Object[] args);
    }

    /**
     * @param name the policy's name
     * @param policy the policy
     * @return a guard delegating to it; a throw denies
     */
    public static Guard policy(String name, CallPredicate policy) {
        return of("@Policy(" + name + ")", (kind, roles) -> Tri.DEPENDS, Set.of(), true,
                (caller, entryPoint, module, args) -> {
            boolean ok;
            try {
                ok = policy.test(caller, entryPoint, module, args);
            } catch (RuntimeException e) {
                return "policy '" + name + "' failed (" + e.getClass().getSimpleName() + failure(e) + "), denying; "
                        + "caller " + who(caller);
            }
            return ok ? null : "policy '" + name + "' denied caller " + who(caller);
        });
    }

    /** A policy's exception message, for the decision: truncated, control characters escaped, tokens cut out. */
    static String failure(RuntimeException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "";
        }
        m = m.replaceAll("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*)?", "<token>");
        StringBuilder b = new StringBuilder(": ");
        for (int i = 0; i < m.length() && b.length() < 202; i++) {
            char c = m.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return m.length() > 200 ? b.append("...").toString() : b.toString();
    }

    /**
     * @param parts guards that must all pass
     * @return their conjunction (the first denial wins, and names its part)
     */
    public static Guard all(List<Guard> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a conjunction of no rules would allow everyone");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Guard[] gs = parts.toArray(new Guard[0]);
        String describe = Arrays.stream(gs).map(Guard::describe).collect(Collectors.joining(" and "));
        boolean readsArguments = Arrays.stream(gs).anyMatch(Guard::readsArguments);
        return new Guard() {
            @Override
            public Denial deny(CallerContext caller, String entryPoint, Object module, Object[] args) {
                for (Guard g : gs) {
                    Denial why = g.deny(caller, entryPoint, module, args);
                    if (why != null) {
                        return why;   // the part that denied, not the whole conjunction
                    }
                }
                return null;
            }

            @Override
            public String describe() {
                return describe;
            }

            @Override
            public Tri allowsStatically(CallerKind kind, Set<String> roles) {
                Tri result = Tri.ALLOW;
                for (Guard g : gs) {
                    Tri t = g.allowsStatically(kind, roles);
                    if (t == Tri.DENY) {
                        return Tri.DENY;
                    }
                    if (t == Tri.DEPENDS) {
                        result = Tri.DEPENDS;
                    }
                }
                return result;
            }

            @Override
            public boolean readsArguments() {
                return readsArguments;
            }

            @Override
            public Set<String> roles() {
                Set<String> out = new java.util.LinkedHashSet<>();
                for (Guard g : gs) {
                    out.addAll(g.roles());
                }
                return out;
            }
        };
    }
}
