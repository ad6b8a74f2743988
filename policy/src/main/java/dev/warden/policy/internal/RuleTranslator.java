package dev.warden.policy.internal;

import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimPath;
import dev.warden.core.Identity;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.DenyAll;
import dev.warden.policy.annotation.InternalOnly;
import dev.warden.policy.annotation.OwnerOnly;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.RequiresAllRoles;
import dev.warden.policy.annotation.RequiresAllScopes;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresAnyScope;
import dev.warden.policy.annotation.RequiresClaim;
import dev.warden.policy.annotation.RequiresIssuer;
import dev.warden.policy.annotation.RequiresKind;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads access-rule annotations (Warden's, Jakarta's, and composed ones through meta-annotations) and
 * translates them into one {@link Guard}; every problem is collected, none thrown.
 */
public final class RuleTranslator {

    private static final Set<Class<? extends Annotation>> RULES = Set.of(Public.class, Authenticated.class,
            RequiresAnyRole.class, RequiresAllRoles.class, RequiresAnyScope.class, RequiresAllScopes.class,
            RequiresClaim.class, RequiresClaim.List.class, RequiresIssuer.class, InternalOnly.class, OwnerOnly.class,
            DenyAll.class, Policy.class, RequiresKind.class);
    private static final Set<String> JAKARTA_ROLES = Set.of("jakarta.annotation.security.RolesAllowed",
            "javax.annotation.security.RolesAllowed");
    private static final Set<String> JAKARTA_PERMIT = Set.of("jakarta.annotation.security.PermitAll",
            "javax.annotation.security.PermitAll");
    private static final Set<String> JAKARTA_DENY = Set.of("jakarta.annotation.security.DenyAll",
            "javax.annotation.security.DenyAll");

    private final Function<String, Guards.CallPredicate> policies;
    private final Set<String> policyNames;
    private final Function<String, Set<String>> satisfying;
    private final Identity owner;
    private final Set<String> catalogue;
    private final List<String> problems;

    /**
     * @param policies registered named policies (null when unknown)
     * @param policyNames the names of the registered policies, for a "did you mean" on an unknown one
     * @param satisfying the roles that satisfy a role (itself and those above it in the hierarchy)
     * @param owner the module owner, or null if not configured
     * @param catalogue the declared role names (empty: roles are not checked)
     * @param problems where problems are collected
     */
    public RuleTranslator(Function<String, Guards.CallPredicate> policies, Set<String> policyNames,
                          Function<String, Set<String>> satisfying, Identity owner, Set<String> catalogue,
                          List<String> problems) {
        this.policies = policies;
        this.policyNames = policyNames;
        this.satisfying = satisfying;
        this.owner = owner;
        this.catalogue = catalogue;
        this.problems = problems;
    }

    /**
     * Composed rules that reflection cannot see: annotation types kept only in the class file
     * ({@code @Retention(CLASS)} or {@code SOURCE}-less defaults) that carry access rules, on a member or class
     * itself or inside a composed annotation on it. Such a rule would silently not apply.
     *
     * @param owner the class whose file holds the member
     * @param memberKey {@link ClassFiles#key} of the method, or {@code ""} for the class itself
     * @param element the method or class, for its visible composed annotations
     * @param files the class files
     * @return each offending annotation, as {@code @Outer -> @Inner} paths
     */
    public static List<String> invisibleRules(Class<?> owner, String memberKey, AnnotatedElement element,
                                              ClassFiles files) {
        List<String> out = new ArrayList<>();
        hidden(owner, memberKey, "", out, files);
        Set<Class<?>> seen = new HashSet<>();
        for (Annotation a : element.getDeclaredAnnotations()) {
            composed(a.annotationType(), "@" + a.annotationType().getSimpleName() + " -> ", out, seen, files);
        }
        return out;
    }

    private static void composed(Class<? extends Annotation> type, String path, List<String> out, Set<Class<?>> seen,
                                 ClassFiles files) {
        String tn = type.getName();
        if (RULES.contains(type) || tn.startsWith("java.") || tn.startsWith("kotlin.") || tn.startsWith("jakarta.")
                || tn.startsWith("javax.") || tn.startsWith("dev.warden.policy.annotation.") || !seen.add(type)) {
            return;
        }
        hidden(type, "", path, out, files);
        for (Annotation a : type.getDeclaredAnnotations()) {
            composed(a.annotationType(), path + "@" + a.annotationType().getSimpleName() + " -> ", out, seen, files);
        }
    }

    private static void hidden(Class<?> owner, String key, String path, List<String> out, ClassFiles files) {
        for (String name : files.of(owner).invisible().getOrDefault(key, List.of())) {
            Class<?> t = load(name, owner);
            if (t != null && t.isAnnotation() && carriesRules(t, files, new HashSet<>())) {
                out.add(path + "@" + t.getSimpleName());
            }
        }
    }

    /** Whether an annotation type carries rules, visibly or through annotations only its class file keeps. */
    private static boolean carriesRules(Class<?> type, ClassFiles files, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return false;
        }
        if (!collectRules(type).isEmpty()) {
            return true;
        }
        for (String name : files.of(type).invisible().getOrDefault("", List.of())) {
            Class<?> t = load(name, type);
            if (t != null && t.isAnnotation() && carriesRules(t, files, seen)) {
                return true;
            }
        }
        for (Annotation a : type.getDeclaredAnnotations()) {
            String tn = a.annotationType().getName();
            if (!tn.startsWith("java.") && carriesRules(a.annotationType(), files, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> load(String name, Class<?> context) {
        try {
            return Class.forName(name, false, context.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * @param element a method or class
     * @return the rule annotations on it, through meta-annotations (cycle-safe)
     */
    public static List<Annotation> collectRules(AnnotatedElement element) {
        List<Annotation> out = new ArrayList<>();
        collect(element, out, new HashSet<>());
        return out;
    }

    private static void collect(AnnotatedElement element, List<Annotation> out, Set<Class<?>> seen) {
        for (Annotation a : element.getDeclaredAnnotations()) {
            Class<? extends Annotation> t = a.annotationType();
            String tn = t.getName();
            if (a instanceof RequiresClaim.List) {
                out.addAll(Arrays.asList(((RequiresClaim.List) a).value()));
            } else if (RULES.contains(t) || JAKARTA_ROLES.contains(tn) || JAKARTA_PERMIT.contains(tn)
                    || JAKARTA_DENY.contains(tn)) {
                out.add(a);
            } else if (!tn.startsWith("java.") && !tn.startsWith("kotlin.") && seen.add(t)) {
                collect(t, out, seen);
            }
        }
    }

    /**
     * The requirements of a class rule that an entry point's own rule drops, since it replaces the class rule
     * (Jakarta semantics): the class's caller kind, scopes, claims (by claim name) and issuers that the method's
     * rule does not state a requirement of its own for. None when the method's rule says outright who may call
     * ({@code @Public}, {@code @DenyAll}, {@code @InternalOnly}, or Jakarta's equivalents).
     *
     * @param classRules the class-level rules
     * @param methodRules the entry point's own rules, which replace them
     * @return each dropped requirement as written, for example {@code @RequiresKind[USER]}, in class order
     */
    public static List<String> dropped(List<Annotation> classRules, List<Annotation> methodRules) {
        boolean kind = false;
        boolean scope = false;
        boolean issuer = false;
        Set<String> claims = new HashSet<>();
        for (Annotation a : methodRules) {
            String tn = a.annotationType().getName();
            if (a instanceof Public || a instanceof DenyAll || a instanceof InternalOnly || JAKARTA_PERMIT.contains(tn)
                    || JAKARTA_DENY.contains(tn)) {
                return List.of();
            }
            kind |= a instanceof RequiresKind;
            scope |= a instanceof RequiresAnyScope || a instanceof RequiresAllScopes;
            issuer |= a instanceof RequiresIssuer;
            if (a instanceof RequiresClaim) {
                claims.add(((RequiresClaim) a).name());
            }
        }
        List<String> out = new ArrayList<>();
        for (Annotation a : classRules) {
            if (a instanceof RequiresKind && !kind) {
                out.add("@RequiresKind" + kindSet(((RequiresKind) a).value()));
            } else if (a instanceof RequiresAnyScope && !scope) {
                out.add("@RequiresAnyScope" + Arrays.asList(((RequiresAnyScope) a).value()));
            } else if (a instanceof RequiresAllScopes && !scope) {
                out.add("@RequiresAllScopes" + Arrays.asList(((RequiresAllScopes) a).value()));
            } else if (a instanceof RequiresClaim && !claims.contains(((RequiresClaim) a).name())) {
                RequiresClaim rc = (RequiresClaim) a;
                out.add("@RequiresClaim(" + rc.name() + " in " + Arrays.asList(rc.values()) + ")");
            } else if (a instanceof RequiresIssuer && !issuer) {
                out.add("@RequiresIssuer" + Arrays.asList(((RequiresIssuer) a).value()));
            }
        }
        return out;
    }

    private static Set<CallerKind> kindSet(CallerKind[] kinds) {
        Set<CallerKind> set = java.util.EnumSet.noneOf(CallerKind.class);
        set.addAll(Arrays.asList(kinds));
        return set;
    }

    /**
     * @param rules the rules of one entry point (non-empty)
     * @param where the entry point, for problems
     * @return the guard, or null if a problem was recorded
     */
    public Guard toGuard(List<Annotation> rules, String where) {
        List<Guard> parts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean isPublic = false;
        boolean deny = false;
        boolean internal = false;
        boolean needsToken = false;
        int before = problems.size();
        for (Annotation a : rules) {
            String tn = a.annotationType().getName();
            String label = "@" + a.annotationType().getSimpleName();
            labels.add(label);
            if (a instanceof Public || JAKARTA_PERMIT.contains(tn)) {
                isPublic = true;
            } else if (a instanceof DenyAll || JAKARTA_DENY.contains(tn)) {
                deny = true;
            } else if (a instanceof InternalOnly) {
                internal = true;
                parts.add(Guards.internal());
            } else if (a instanceof OwnerOnly) {
                ownerGuard(parts, where);
            } else if (a instanceof Policy) {
                policyGuard(parts, ((Policy) a).value(), where);
            } else if (a instanceof RequiresKind) {
                CallerKind[] kinds = ((RequiresKind) a).value();
                if (kinds.length == 0) {
                    problems.add(where + ": @RequiresKind lists no kind (an empty list would deny everyone)");
                } else {
                    parts.add(Guards.kinds(java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(
                            Arrays.asList(kinds)))));
                }
            } else {
                needsToken = true;
                tokenGuard(a, label, parts, where);
            }
        }
        if ((isPublic || deny) && rules.size() > 1) {
            problems.add(where + ": contradictory rules " + labels + ": " + (isPublic ? "@Public" : "@DenyAll")
                    + " cannot be combined with another rule");
        }
        if (isPublic && deny) {
            return null;
        }
        if (internal && needsToken) {
            problems.add(where + ": contradictory rules " + labels + ": @InternalOnly callers have no token, roles or "
                    + "claims");
        }
        if (problems.size() > before) {
            return null;
        }
        return isPublic ? Guards.everyone() : deny ? Guards.nobody() : Guards.all(parts);
    }

    /** The rules that read the caller's token: authentication, roles, scopes, claims, issuer. */
    private void tokenGuard(Annotation a, String label, List<Guard> parts, String where) {
        if (a instanceof Authenticated) {
            parts.add(Guards.authenticated(((Authenticated) a).allowAnonymous()));
        } else if (a instanceof RequiresAnyRole || JAKARTA_ROLES.contains(a.annotationType().getName())) {
            String[] roles = a instanceof RequiresAnyRole ? ((RequiresAnyRole) a).value() : jakartaValue(a);
            List<String> list = declared(nonEmpty(roles, label, "role", where), label, where);
            if (list != null) {
                parts.add(Guards.anyRole(list, expand(list), label));
            }
        } else if (a instanceof RequiresAllRoles) {
            List<String> list = declared(nonEmpty(((RequiresAllRoles) a).value(), label, "role", where), label, where);
            if (list != null) {
                for (String r : list) {
                    parts.add(Guards.anyRole(List.of(r), expand(List.of(r)), label));
                }
            }
        } else if (a instanceof RequiresAnyScope || a instanceof RequiresAllScopes) {
            boolean all = a instanceof RequiresAllScopes;
            String[] scopes = all ? ((RequiresAllScopes) a).value() : ((RequiresAnyScope) a).value();
            List<String> list = nonEmpty(scopes, label, "scope", where);
            if (list != null) {
                parts.add(Guards.scopes(list, all));
            }
        } else if (a instanceof RequiresClaim) {
            RequiresClaim rc = (RequiresClaim) a;
            List<String> values = nonEmpty(rc.values(), "@RequiresClaim(" + rc.name() + ")", "value", where);
            try {
                ClaimPath path = ClaimPath.parse(rc.name());
                if (values != null) {
                    parts.add(Guards.claim(path, Set.copyOf(values)));
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ": @RequiresClaim " + e.getMessage());
            }
        } else if (a instanceof RequiresIssuer) {
            List<String> list = nonEmpty(((RequiresIssuer) a).value(), label, "issuer", where);
            if (list != null) {
                parts.add(Guards.issuer(Set.copyOf(list)));
            }
        } else {
            // a rule type without a translation must never become "no rule", which would allow everyone
            problems.add(where + ": " + label + " is a rule this version of Warden cannot translate");
        }
    }

    private void ownerGuard(List<Guard> parts, String where) {
        if (owner == null) {
            problems.add(where + ": @OwnerOnly needs PolicyEngine.Builder.moduleOwner(identity)");
        } else {
            parts.add(Guards.owner(owner));
        }
    }

    private void policyGuard(List<Guard> parts, String name, String where) {
        Guards.CallPredicate p = policies.apply(name);
        if (p == null) {
            String near = RoleNames.nearest(name, policyNames);
            problems.add(where + ": @Policy(\"" + name + "\") is not registered"
                    + (near == null ? "" : " (did you mean '" + near + "'?)")
                    + (policyNames.isEmpty() ? "; no policy is registered"
                            : "; registered policies: " + new java.util.TreeSet<>(policyNames))
                    + " (PolicyEngine.Builder.policy)");
        } else {
            parts.add(Guards.policy(name, p));
        }
    }

    /** Roles a rule names must be in the catalogue, when there is one; a near miss is suggested. */
    private List<String> declared(List<String> roles, String label, String where) {
        if (roles == null || catalogue.isEmpty()) {
            return roles;
        }
        boolean ok = true;
        for (String r : roles) {
            if (!catalogue.contains(r)) {
                ok = false;
                String near = RoleNames.nearest(r, catalogue);
                problems.add(where + ": " + label + " names the undeclared role '" + r + "'"
                        + (near == null ? "" : " (did you mean '" + near + "'?)") + "; declared roles: " + catalogue);
            }
        }
        return ok ? roles : null;
    }

    private List<String> nonEmpty(String[] values, String label, String what, String where) {
        if (values == null || values.length == 0) {
            problems.add(where + ": " + label + " lists no " + what + " (an empty list would deny everyone or, worse, "
                    + "be read as no rule)");
            return null;
        }
        for (String v : values) {
            if (v == null || v.isBlank()) {
                problems.add(where + ": " + label + " has an empty " + what);
                return null;
            }
        }
        return List.of(values);
    }

    private Set<String> expand(List<String> roles) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : roles) {
            out.addAll(satisfying.apply(r));
        }
        return out;
    }

    private static String[] jakartaValue(Annotation a) {
        try {
            return (String[]) a.annotationType().getMethod("value").invoke(a);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return new String[0];
        }
    }
}
