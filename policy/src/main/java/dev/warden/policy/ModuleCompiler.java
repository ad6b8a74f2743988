package dev.warden.policy;

import dev.warden.claims.CallerKind;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.internal.ArgumentBinder;
import dev.warden.policy.internal.ClassFiles;
import dev.warden.policy.internal.EntryPointScanner;
import dev.warden.policy.internal.Guard;
import dev.warden.policy.internal.Guards;
import dev.warden.policy.internal.RowFilters;
import dev.warden.policy.internal.RuleTranslator;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles one module class: finds its entry points ({@link EntryPointScanner}), translates their rules into
 * guards ({@link RuleTranslator}) and row filters ({@link RowFilters}), and binds each to a MethodHandle.
 * Collects every problem before failing.
 */
final class ModuleCompiler<M> {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

    private final PolicyEngine engine;
    private final Class<M> module;
    private final List<String> problems = new ArrayList<>();
    /** Startup warnings, logged when compiling ends, whether or not it fails (strictly, they are problems). */
    private final List<String> warnings = new ArrayList<>();
    private final RowFilters rowFilters;

    ModuleCompiler(PolicyEngine engine, Class<M> module) {
        this.engine = engine;
        this.module = module;
        this.rowFilters = new RowFilters(module, engine.rowPolicies::get, engine.rowPolicies.keySet(), problems);
    }

    /** Translates the rules of one entry point: its named policies are bound to its parameters. */
    private RuleTranslator rules(Method impl) {
        return new RuleTranslator(name -> {
            RegisteredPolicy p = engine.policies.get(name);
            return p == null ? null : p.bind(impl, where(impl), problems);
        }, engine.policies.keySet(), engine.hierarchy::satisfying, engine.owner, engine.catalogue, problems);
    }

    GuardedModule<M> compile() {
        ClassFiles files = new ClassFiles();
        Map<String, GuardedModule.Compiled> entries = new LinkedHashMap<>();
        List<String> unguarded = new ArrayList<>();
        Set<String> invisible = new LinkedHashSet<>();
        for (List<Method> decls : EntryPointScanner.methodGroups(module, files)) {
            Method impl = decls.get(0);
            int before = problems.size();
            Optional<KindResolver.Resolved> kind = EntryPointScanner.kindOf(decls, engine.kindResolvers, problems);
            if (Modifier.isAbstract(impl.getModifiers())) {
                if (kind.isPresent() || hasRules(decls)) {
                    problems.add(where(impl) + " has an access rule or entry-point kind, but no method of "
                            + module.getSimpleName() + " implements it");
                }
                continue;
            }
            if (kind.isEmpty()) {
                if (problems.size() == before && hasRules(decls)) {
                    problems.add(where(impl) + " has access rules but no entry-point kind (@Reducer, @View, ...)");
                }
                continue;
            }
            String name = kind.get().name();
            EntryPointKind k = kind.get().kind();
            invisible.addAll(invisibleRules(decls, files));
            if (!shapeIsValid(impl, k)) {
                continue;
            }
            Guard guard = guard(decls, k, name, unguarded);
            if (guard == null) {
                continue;
            }
            RowFilters.RowFilter filter = rowFilters.compile(decls, k, impl);
            if (entries.containsKey(name)) {
                problems.add("two entry points are named '" + name + "': " + withParameters(entries.get(name).method)
                        + " and " + withParameters(impl));
                continue;
            }
            GuardedModule.Compiled c = binding(impl, name, k, guard, filter);
            if (c != null) {
                entries.put(name, c);
            }
        }
        problems.addAll(invisible);
        if (!unguarded.isEmpty()) {
            problems.add(0, unguarded.size() + " entry point(s) have no access rule (deny by default: add @Public, "
                    + "@Authenticated, @RequiresAnyRole, ... to each, or a rule on the class): "
                    + String.join(", ", unguarded));
        }
        for (EntryPointKind once : List.of(EntryPointKind.ON_CONNECT, EntryPointKind.ON_DISCONNECT, EntryPointKind.INIT)) {
            List<String> hooks = entries.values().stream().filter(e -> e.kind == once).map(e -> where(e.method)).sorted()
                    .toList();
            if (hooks.size() > 1) {
                problems.add("more than one " + hookName(once) + " method: " + String.join(", ", hooks));
            }
        }
        dev.warden.db.Schema schema = null;
        List<dev.warden.db.TableSchema> declared = new ArrayList<>();
        try {
            schema = dev.warden.db.Schema.forModule(module);
            declared.addAll(schema.tables());
        } catch (dev.warden.db.SchemaException e) {
            problems.addAll(e.problems());
            // the rules of the tables that are well declared are still checked, so every problem shows at once
            for (Class<?> row : dev.warden.db.Schema.rowTypes(module)) {
                try {
                    declared.addAll(dev.warden.db.Schema.of(List.of(row)).tables());
                } catch (dev.warden.db.SchemaException again) {
                    // listed above
                }
            }
        }
        Map<String, TableRule> tables = new LinkedHashMap<>();
        for (dev.warden.db.TableSchema t : declared) {
            RowFilters.TableFilter f = rowFilters.compileTable(t);
            if (f != null) {
                tables.put(t.name(), new TableRule(t, f.filter(), f.owner()));
            }
            GuardedModule.Compiled same = entries.get(t.name());
            if (same != null && same.kind == EntryPointKind.VIEW) {
                problems.add("table " + t.name() + " and the view " + where(same.method) + " share a name: clients"
                        + " subscribe to both by it");
            }
        }
        PolicyEngine.ConnectionRuleSpec connection = engine.connectionRule != null ? engine.connectionRule
                : connectionRuleOf(module);
        for (String w : warnings) {
            LOG.warn("{}", w);
        }
        if (!problems.isEmpty()) {
            throw new PolicyCompilationException(module, problems);
        }
        return new GuardedModule<>(module, entries, connection, engine.listener, schema, tables);
    }

    /**
     * Composed rules kept only in the class file, on the entry point's declarations or on the class whose
     * class-level rule it gets: reflection would never see them, so the entry point would run under another rule.
     */
    private static List<String> invisibleRules(List<Method> decls, ClassFiles files) {
        String retention = " carries access rules but is not @Retention(RUNTIME), so they would be invisible at run time";
        List<String> out = new ArrayList<>();
        for (Method d : decls) {
            if (!files.of(d.getDeclaringClass()).readable()) {
                out.add(where(d) + ": the class file of " + d.getDeclaringClass().getName() + " cannot be read, so "
                        + "access rules kept only in it cannot be ruled out (Warden fails closed)");
                continue;
            }
            for (String path : RuleTranslator.invisibleRules(d.getDeclaringClass(), ClassFiles.key(d), d, files)) {
                out.add(where(d) + ": " + path + retention);
            }
        }
        Class<?> owner = decls.get(0).getDeclaringClass();
        for (String path : RuleTranslator.invisibleRules(owner, "", owner, files)) {
            out.add(owner.getSimpleName() + ": " + path + retention);
        }
        return out;
    }

    /** An entry point is public, and a view returns its rows. */
    private boolean shapeIsValid(Method impl, EntryPointKind k) {
        if (!Modifier.isPublic(impl.getModifiers())) {
            problems.add(where(impl) + " is " + (Modifier.isPrivate(impl.getModifiers()) ? "private"
                    : Modifier.isProtected(impl.getModifiers()) ? "protected" : "package-private")
                    + ": an entry point (" + hookName(k) + ") must be a public method");
            return false;
        }
        if (k == EntryPointKind.VIEW && impl.getReturnType() == void.class) {
            problems.add(where(impl) + " is a view but returns void: a view returns the rows it shows");
            return false;
        }
        return true;
    }

    private static String hookName(EntryPointKind k) {
        switch (k) {
            case ON_CONNECT: return "@OnConnect";
            case ON_DISCONNECT: return "@OnDisconnect";
            case INIT: return "@Init";
            default: return "@" + k.name().charAt(0) + k.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String withParameters(Method m) {
        return where(m) + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static boolean hasRules(List<Method> decls) {
        for (Method d : decls) {
            if (!RuleTranslator.collectRules(d).isEmpty() || d.isAnnotationPresent(VisibleRows.class)) {
                return true;
            }
        }
        return false;
    }

    /** The entry point's guard; null (with a problem or an unguarded entry recorded) if it has none. */
    private Guard guard(List<Method> decls, EntryPointKind k, String name, List<String> unguarded) {
        Method impl = decls.get(0);
        List<Annotation> methodRules = methodRules(decls);
        if (methodRules == null) {
            return null;
        }
        if (k.clientCallable()) {
            List<Annotation> ruleSet = methodRules.isEmpty() ? classRules(decls) : methodRules;
            if (ruleSet == null) {
                return null;
            }
            if (ruleSet.isEmpty()) {
                unguarded.add(k + " " + name + " (" + where(impl) + ")");
                return null;
            }
            if (!methodRules.isEmpty()) {
                droppedClassRequirements(decls, methodRules);
            }
            return rules(impl).toGuard(ruleSet, where(impl));
        }
        if (!methodRules.isEmpty()) {
            problems.add(where(impl) + " is " + k + ": lifecycle and scheduled entry points are never callable by "
                    + "clients, remove its access rule");
        }
        return k == EntryPointKind.ON_CONNECT || k == EntryPointKind.ON_DISCONNECT ? Guards.everyone()
                : Guards.internal();
    }

    /**
     * A method's own rule replaces the class rule of each type that declares it (Jakarta semantics), so a
     * class-level kind, scope, claim or issuer requirement it does not restate stops applying, silently: say so,
     * as a warning or, with {@link PolicyEngine.Builder#strictClassRules}, as a problem.
     */
    private void droppedClassRequirements(List<Method> decls, List<Annotation> methodRules) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (Method d : decls) {
            Class<?> owner = d.getDeclaringClass();
            if (!seen.add(owner)) {
                continue;
            }
            List<String> dropped = RuleTranslator.dropped(RuleTranslator.collectRules(owner), methodRules);
            if (dropped.isEmpty()) {
                continue;
            }
            String text = where(decls.get(0)) + ": its own rule replaces the class rule of " + owner.getSimpleName()
                    + " (Jakarta semantics), dropping " + String.join(", ", dropped) + "; repeat "
                    + (dropped.size() == 1 ? "it on the method to keep it" : "them on the method to keep them");
            if (engine.strictClassRules) {
                problems.add(text + " (an error under PolicyEngine.Builder.strictClassRules)");
            } else {
                warnings.add(text);
            }
        }
    }

    /**
     * The method-level rules of the most specific declarations that have any (an override's own rule replaces
     * the overridden one's); empty if none has; null, with a problem, if unrelated declarations disagree.
     */
    private List<Annotation> methodRules(List<Method> decls) {
        List<Method> carriers = EntryPointScanner.mostSpecific(decls,
                d -> RuleTranslator.collectRules(d).isEmpty() ? null : Boolean.TRUE);
        return agreed(carriers, RuleTranslator::collectRules, "rules", decls.get(0));
    }

    /**
     * The class-level rule of the types that declare the entry point. They must agree: an override in a class
     * with a looser class rule than the type it overrides from would otherwise loosen the entry point.
     */
    private List<Annotation> classRules(List<Method> decls) {
        List<Method> carriers = new ArrayList<>();
        for (Method d : decls) {
            if (!RuleTranslator.collectRules(d.getDeclaringClass()).isEmpty()) {
                carriers.add(d);
            }
        }
        return agreed(carriers, d -> RuleTranslator.collectRules(d.getDeclaringClass()), "class rules",
                decls.get(0));
    }

    private List<Annotation> agreed(List<Method> carriers, java.util.function.Function<Method, List<Annotation>> of,
                                    String what, Method impl) {
        Map<String, List<String>> distinct = new LinkedHashMap<>();
        for (Method c : carriers) {
            String text = of.apply(c).stream().map(a -> "@" + a.annotationType().getSimpleName() + ruleValue(a))
                    .collect(Collectors.joining(" "));
            distinct.computeIfAbsent(text, t -> new ArrayList<>()).add(where(c));
        }
        if (distinct.size() > 1) {
            problems.add(where(impl) + " gets different " + what + " from the declarations it overrides or "
                    + "implements (" + distinct.entrySet().stream().map(e -> e.getKey() + " from " + e.getValue())
                    .collect(Collectors.joining("; ")) + "): put the rule on " + where(impl) + " itself");
            return null;
        }
        return carriers.isEmpty() ? List.of() : of.apply(carriers.get(0));
    }

    private static String ruleValue(Annotation a) {
        String text = a.toString();
        int open = text.indexOf('(');
        return open < 0 ? "" : text.substring(open);
    }

    private static PolicyEngine.ConnectionRuleSpec connectionRuleOf(Class<?> module) {
        ConnectionRule r = module.getAnnotation(ConnectionRule.class);
        if (r == null) {
            return new PolicyEngine.ConnectionRuleSpec(PolicyEngine.kinds(CallerKind.USER, CallerKind.SERVICE,
                    CallerKind.ANONYMOUS), Set.of(), Set.of());
        }
        return new PolicyEngine.ConnectionRuleSpec(PolicyEngine.kinds(r.kinds()), Set.of(r.issuers()),
                Set.of(r.audiences()));
    }

    private GuardedModule.Compiled binding(Method m, String name, EntryPointKind kind, Guard guard,
                                           RowFilters.RowFilter filter) {
        MethodHandle mh;
        try {
            mh = EntryPointScanner.privateLookup(m.getDeclaringClass()).unreflect(m);
        } catch (IllegalAccessException e) {
            Class<?> c = m.getDeclaringClass();
            String opens = c.getModule().isNamed() ? " (add 'opens " + c.getPackageName() + " to dev.warden.policy;' to "
                    + "the module-info of " + c.getModule().getName() + ")" : "";
            problems.add(where(m) + " cannot be invoked: " + e.getMessage() + opens);
            return null;
        }
        boolean isStatic = Modifier.isStatic(m.getModifiers());
        if (isStatic) {
            mh = MethodHandles.dropArguments(mh, 0, Object.class);
        }
        int n = m.getParameterCount();
        MethodHandle spread = mh.asType(MethodType.genericMethodType(n + 1)).asSpreader(Object[].class, n);
        List<Class<?>> clientParams = new ArrayList<>();
        for (Class<?> p : m.getParameterTypes()) {
            if (!dev.warden.policy.internal.CallScope.injected(p)) {
                clientParams.add(p);
            }
        }
        String rule = guard.describe() + (filter == null ? "" : ", rows " + filter.describe());
        EntryPoint ep = new EntryPoint(name, kind, rule, m, List.copyOf(clientParams),
                filter == null ? null : filter.describe());
        return new GuardedModule.Compiled(ep, m, isStatic, spread, new ArgumentBinder(name, m.getParameterTypes()),
                guard, filter);
    }

    private static String where(Method m) {
        return EntryPointScanner.where(m);
    }
}
