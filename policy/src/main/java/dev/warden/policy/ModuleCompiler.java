package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimPath;
import dev.warden.core.Identity;
import dev.warden.policy.internal.Guard;
import dev.warden.policy.internal.Guards;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/** Reads a module class's annotations, once, into guards; collects every problem before failing. */
final class ModuleCompiler<M> {

    private static final Set<Class<? extends Annotation>> RULES = Set.of(Public.class, Authenticated.class,
            RequiresRole.class, RequiresAllRoles.class, RequiresScope.class, RequiresClaim.class,
            RequiresClaim.List.class, RequiresIssuer.class, Internal.class, OwnerOnly.class, DenyAll.class,
            Policy.class);
    private static final Set<String> JAKARTA_ROLES = Set.of("jakarta.annotation.security.RolesAllowed",
            "javax.annotation.security.RolesAllowed");
    private static final Set<String> JAKARTA_PERMIT = Set.of("jakarta.annotation.security.PermitAll",
            "javax.annotation.security.PermitAll");
    private static final Set<String> JAKARTA_DENY = Set.of("jakarta.annotation.security.DenyAll",
            "javax.annotation.security.DenyAll");

    private final PolicyEngine engine;
    private final Class<M> module;
    private final List<String> problems = new ArrayList<>();

    ModuleCompiler(PolicyEngine engine, Class<M> module) {
        this.engine = engine;
        this.module = module;
    }

    GuardedModule<M> compile() {
        List<List<Method>> signatures = methodsBySignature();
        List<Annotation> classRules = classRules();
        Map<String, GuardedModule.Compiled> entries = new LinkedHashMap<>();
        List<String> unguarded = new ArrayList<>();
        for (List<Method> decls : signatures) {
            Method impl = decls.get(0);
            int before = problems.size();
            Optional<KindResolver.Resolved> kind = kindOf(decls);
            if (kind.isEmpty() && problems.size() > before) {
                continue;
            }
            if (kind.isEmpty()) {
                for (Method d : decls) {
                    if (!collectRules(d).isEmpty() || d.isAnnotationPresent(VisibleRows.class)
                            || d.isAnnotationPresent(RowsVisibleTo.class)) {
                        problems.add(where(impl) + " has access rules but no entry-point kind (@Reducer, @View, ...)");
                        break;
                    }
                }
                continue;
            }
            String name = kind.get().name();
            EntryPointKind k = kind.get().kind();
            List<Annotation> methodRules = List.of();
            for (Method d : decls) {
                methodRules = collectRules(d);
                if (!methodRules.isEmpty()) {
                    break;
                }
            }
            Guard guard;
            if (k.clientCallable()) {
                List<Annotation> rules = methodRules.isEmpty() ? classRules : methodRules;
                if (rules.isEmpty()) {
                    unguarded.add(k + " " + name + " (" + where(impl) + ")");
                    continue;
                }
                guard = toGuard(rules, where(impl));
            } else {
                if (!methodRules.isEmpty()) {
                    problems.add(where(impl) + " is " + k + ": lifecycle and scheduled entry points are never callable by "
                            + "clients, remove its access rule");
                }
                guard = k == EntryPointKind.ON_CONNECT || k == EntryPointKind.ON_DISCONNECT ? Guards.everyone()
                        : Guards.internal();
            }
            if (guard == null) {
                continue;
            }
            RowFilter filter = rowFilter(decls, k, impl);
            if (entries.containsKey(name)) {
                problems.add("two entry points are named '" + name + "': " + where(entries.get(name).method) + " and "
                        + where(impl));
                continue;
            }
            GuardedModule.Compiled c = binding(impl, name, k, guard, filter);
            if (c != null) {
                entries.put(name, c);
            }
        }
        if (!unguarded.isEmpty()) {
            problems.add(0, unguarded.size() + " entry point(s) have no access rule (deny by default: add @Public, "
                    + "@Authenticated, @RequiresRole, ... to each, or a rule on the class): " + String.join(", ", unguarded));
        }
        long lifecycle = entries.values().stream().filter(e -> e.kind == EntryPointKind.ON_CONNECT).count();
        if (lifecycle > 1) {
            problems.add("more than one @OnConnect method");
        }
        PolicyEngine.ConnectionRuleSpec connection = engine.connectionRule != null ? engine.connectionRule
                : connectionRuleOf(module);
        if (!problems.isEmpty()) {
            throw new PolicyCompilationException(module, problems);
        }
        return new GuardedModule<>(module, entries, connection, engine.listener);
    }

    private static PolicyEngine.ConnectionRuleSpec connectionRuleOf(Class<?> module) {
        ConnectionRule r = module.getAnnotation(ConnectionRule.class);
        if (r == null) {
            return new PolicyEngine.ConnectionRuleSpec(PolicyEngine.kinds(dev.warden.claims.CallerKind.USER,
                    dev.warden.claims.CallerKind.SERVICE, dev.warden.claims.CallerKind.ANONYMOUS), Set.of(), Set.of());
        }
        return new PolicyEngine.ConnectionRuleSpec(PolicyEngine.kinds(r.kinds()), Set.of(r.issuers()),
                Set.of(r.audiences()));
    }

    /** Every method of the class and its supertypes, grouped by signature, most specific declaration first. */
    private List<List<Method>> methodsBySignature() {
        Map<String, List<Method>> bySig = new LinkedHashMap<>();
        for (Class<?> c = module; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge()) {
                    bySig.computeIfAbsent(signature(m), s -> new ArrayList<>()).add(m);
                }
            }
        }
        for (Class<?> i : allInterfaces(module)) {
            for (Method m : i.getDeclaredMethods()) {
                if (m.isSynthetic() || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                List<Method> decls = bySig.get(signature(m));
                if (decls != null) {
                    decls.add(m);
                } else if (m.isDefault()) {
                    bySig.computeIfAbsent(signature(m), s -> new ArrayList<>()).add(m);
                }
            }
        }
        return new ArrayList<>(bySig.values());
    }

    private static List<Class<?>> allInterfaces(Class<?> c) {
        Set<Class<?>> out = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            todo.addAll(Arrays.asList(k.getInterfaces()));
        }
        while (!todo.isEmpty()) {
            Class<?> i = todo.poll();
            if (out.add(i)) {
                todo.addAll(Arrays.asList(i.getInterfaces()));
            }
        }
        return new ArrayList<>(out);
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    private Optional<KindResolver.Resolved> kindOf(List<Method> decls) {
        for (Method d : decls) {
            List<KindResolver.Resolved> found = new ArrayList<>();
            addKind(found, d, Reducer.class, EntryPointKind.REDUCER, Reducer::value);
            addKind(found, d, View.class, EntryPointKind.VIEW, View::value);
            addKind(found, d, Procedure.class, EntryPointKind.PROCEDURE, Procedure::value);
            addKind(found, d, Scheduled.class, EntryPointKind.SCHEDULED, Scheduled::value);
            addKind(found, d, OnConnect.class, EntryPointKind.ON_CONNECT, a -> "");
            addKind(found, d, OnDisconnect.class, EntryPointKind.ON_DISCONNECT, a -> "");
            addKind(found, d, Init.class, EntryPointKind.INIT, a -> "");
            if (found.isEmpty()) {
                for (KindResolver r : engine.kindResolvers) {
                    r.resolve(d).ifPresent(found::add);
                }
            }
            if (found.size() > 1) {
                problems.add(where(d) + " has more than one entry-point kind");
                return Optional.empty();
            }
            if (found.size() == 1) {
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    private static <A extends Annotation> void addKind(List<KindResolver.Resolved> out, Method m, Class<A> type,
                                                      EntryPointKind kind, Function<A, String> name) {
        A a = m.getAnnotation(type);
        if (a != null) {
            String n = name.apply(a);
            out.add(new KindResolver.Resolved(kind, n.isEmpty() ? m.getName() : n));
        }
    }

    private List<Annotation> classRules() {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = module; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(c);
        }
        chain.addAll(allInterfaces(module));
        for (Class<?> c : chain) {
            List<Annotation> rules = collectRules(c);
            if (!rules.isEmpty()) {
                return rules;
            }
        }
        return List.of();
    }

    /** Rule annotations on an element, through meta-annotations (cycle-safe). */
    private static List<Annotation> collectRules(AnnotatedElement element) {
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

    private Guard toGuard(List<Annotation> rules, String where) {
        List<Guard> parts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean isPublic = false;
        boolean deny = false;
        boolean internal = false;
        boolean needsToken = false;
        int before = problems.size();
        for (Annotation a : rules) {
            String tn = a.annotationType().getName();
            labels.add("@" + a.annotationType().getSimpleName());
            if (a instanceof Public || JAKARTA_PERMIT.contains(tn)) {
                isPublic = true;
            } else if (a instanceof DenyAll || JAKARTA_DENY.contains(tn)) {
                deny = true;
            } else if (a instanceof Authenticated) {
                parts.add(Guards.authenticated(((Authenticated) a).allowAnonymous()));
                needsToken = true;
            } else if (a instanceof RequiresRole || JAKARTA_ROLES.contains(tn)) {
                String[] roles = a instanceof RequiresRole ? ((RequiresRole) a).value() : jakartaValue(a);
                List<String> list = nonEmpty(roles, "@" + a.annotationType().getSimpleName(), "role", where);
                if (list != null) {
                    parts.add(Guards.anyRole(list, expand(list), "@" + a.annotationType().getSimpleName()));
                }
                needsToken = true;
            } else if (a instanceof RequiresAllRoles) {
                List<String> list = nonEmpty(((RequiresAllRoles) a).value(), "@RequiresAllRoles", "role", where);
                if (list != null) {
                    for (String r : list) {
                        parts.add(Guards.anyRole(List.of(r), expand(List.of(r)), "@RequiresAllRoles"));
                    }
                }
                needsToken = true;
            } else if (a instanceof RequiresScope) {
                List<String> list = nonEmpty(((RequiresScope) a).value(), "@RequiresScope", "scope", where);
                if (list != null) {
                    parts.add(Guards.allScopes(list));
                }
                needsToken = true;
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
                needsToken = true;
            } else if (a instanceof RequiresIssuer) {
                List<String> list = nonEmpty(((RequiresIssuer) a).value(), "@RequiresIssuer", "issuer", where);
                if (list != null) {
                    parts.add(Guards.issuer(Set.copyOf(list)));
                }
                needsToken = true;
            } else if (a instanceof Internal) {
                internal = true;
                parts.add(Guards.internal());
            } else if (a instanceof OwnerOnly) {
                Identity owner = engine.owner;
                if (owner == null) {
                    problems.add(where + ": @OwnerOnly needs PolicyEngine.Builder.moduleOwner(identity)");
                } else {
                    parts.add(Guards.owner(owner));
                }
            } else if (a instanceof Policy) {
                String name = ((Policy) a).value();
                NamedPolicy p = engine.policies.get(name);
                if (p == null) {
                    problems.add(where + ": @Policy(\"" + name + "\") is not registered (PolicyEngine.Builder.policy)");
                } else {
                    parts.add(Guards.policy(name, (caller, entryPoint, instance, args) -> p.allows(caller,
                            new Invocation(entryPoint, instance, args))));
                }
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
            problems.add(where + ": contradictory rules " + labels + ": @Internal callers have no token, roles or claims");
        }
        if (problems.size() > before) {
            return null;
        }
        if (isPublic) {
            return Guards.everyone();
        }
        if (deny) {
            return Guards.nobody();
        }
        return Guards.all(parts);
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
            out.addAll(engine.hierarchy.satisfying(r));
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

    /** A compiled row filter: null means every row is shown. */
    interface RowFilter {
        boolean visible(CallerContext caller, Object row);

        String describe();
    }

    private RowFilter rowFilter(List<Method> decls, EntryPointKind kind, Method impl) {
        VisibleRows vr = null;
        RowsVisibleTo rv = null;
        for (Method d : decls) {
            vr = vr != null ? vr : d.getAnnotation(VisibleRows.class);
            rv = rv != null ? rv : d.getAnnotation(RowsVisibleTo.class);
        }
        if (vr == null && rv == null) {
            return null;
        }
        String where = where(impl);
        if (kind != EntryPointKind.VIEW) {
            problems.add(where + ": row filters apply to views only");
            return null;
        }
        if (vr != null && rv != null) {
            problems.add(where + ": use either @VisibleRows or @RowsVisibleTo, not both");
            return null;
        }
        Class<?> rowType = elementType(impl.getGenericReturnType());
        if (rowType == null) {
            problems.add(where + ": a filtered view must return a Collection, Iterable, Stream or array of rows, not "
                    + impl.getGenericReturnType().getTypeName());
            return null;
        }
        if (vr != null) {
            PolicyEngine.RegisteredRowPolicy p = engine.rowPolicies.get(vr.value());
            if (p == null) {
                problems.add(where + ": @VisibleRows(\"" + vr.value() + "\") is not registered (PolicyEngine.Builder.rowPolicy)");
                return null;
            }
            if (!p.type.isAssignableFrom(rowType) && !rowType.isAssignableFrom(p.type)) {
                problems.add(where + ": row policy '" + vr.value() + "' judges " + p.type.getSimpleName()
                        + " rows but the view returns " + rowType.getSimpleName());
                return null;
            }
            String describe = "@VisibleRows(" + vr.value() + ")";
            return new RowFilter() {
                @Override
                public boolean visible(CallerContext caller, Object row) {
                    return p.type.isInstance(row) && p.policy.visible(caller, row);
                }

                @Override
                public String describe() {
                    return describe;
                }
            };
        }
        MethodHandle accessor = identityAccessor(rowType, rv.value());
        if (accessor == null) {
            problems.add(where + ": @RowsVisibleTo(\"" + rv.value() + "\"): " + rowType.getSimpleName()
                    + " has no Identity-typed accessor or field named " + rv.value());
            return null;
        }
        String describe = "@RowsVisibleTo(" + rv.value() + ")";
        Class<?> type = rowType;
        return new RowFilter() {
            @Override
            public boolean visible(CallerContext caller, Object row) {
                if (!type.isInstance(row)) {
                    return false;
                }
                try {
                    return caller.sender().equals((Identity) accessor.invoke(row));
                } catch (Throwable t) {
                    return false;
                }
            }

            @Override
            public String describe() {
                return describe;
            }
        };
    }

    private static Class<?> elementType(Type t) {
        if (t instanceof Class && ((Class<?>) t).isArray()) {
            return ((Class<?>) t).getComponentType();
        }
        if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            Type raw = p.getRawType();
            if (raw instanceof Class && (Iterable.class.isAssignableFrom((Class<?>) raw)
                    || Stream.class.isAssignableFrom((Class<?>) raw)) && p.getActualTypeArguments().length == 1) {
                Type arg = p.getActualTypeArguments()[0];
                if (arg instanceof Class) {
                    return (Class<?>) arg;
                }
                if (arg instanceof ParameterizedType && ((ParameterizedType) arg).getRawType() instanceof Class) {
                    return (Class<?>) ((ParameterizedType) arg).getRawType();
                }
            }
        }
        return null;
    }

    private static MethodHandle identityAccessor(Class<?> type, String name) {
        String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String n : new String[] {name, getter}) {
            try {
                Method m = type.getMethod(n);
                if (m.getReturnType() == Identity.class) {
                    return MethodHandles.publicLookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
                }
            } catch (NoSuchMethodException | IllegalAccessException e) {
                // try the next form
            }
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (f.getType() == Identity.class) {
                    return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).unreflectGetter(f)
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
            } catch (NoSuchFieldException | IllegalAccessException e) {
                // keep looking up the hierarchy
            }
        }
        return null;
    }

    private GuardedModule.Compiled binding(Method m, String name, EntryPointKind kind, Guard guard, RowFilter filter) {
        MethodHandle mh;
        try {
            mh = MethodHandles.privateLookupIn(m.getDeclaringClass(), MethodHandles.lookup()).unreflect(m);
        } catch (IllegalAccessException e) {
            problems.add(where(m) + " cannot be invoked: " + e.getMessage());
            return null;
        }
        boolean isStatic = Modifier.isStatic(m.getModifiers());
        if (isStatic) {
            mh = MethodHandles.dropArguments(mh, 0, Object.class);
        }
        int n = m.getParameterCount();
        MethodHandle spread = mh.asType(MethodType.genericMethodType(n + 1)).asSpreader(Object[].class, n);
        Class<?>[] params = m.getParameterTypes();
        boolean[] injected = new boolean[n];
        List<Class<?>> clientParams = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            injected[i] = params[i] == CallerContext.class;
            if (!injected[i]) {
                clientParams.add(params[i]);
            }
        }
        String rule = guard.describe() + (filter == null ? "" : ", rows " + filter.describe());
        EntryPoint ep = new EntryPoint(name, kind, rule, m, List.copyOf(clientParams),
                filter == null ? null : filter.describe());
        return new GuardedModule.Compiled(ep, m, isStatic, spread, params, injected, guard, filter);
    }

    private String where(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }
}
