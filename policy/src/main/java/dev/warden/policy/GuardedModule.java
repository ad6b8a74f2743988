package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.JwtClaims;
import dev.warden.policy.internal.ArgumentBinder;
import dev.warden.policy.internal.Guard;
import dev.warden.policy.internal.RowFilters;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A module class compiled by {@link PolicyEngine}: its entry points, each with a guard, invoked through a
 * MethodHandle. A denied call never runs the method. Thread-safe; every check yields a {@link Decision}
 * that the engine's {@link DecisionListener} sees.
 *
 * @param <M> the module class
 */
public final class GuardedModule<M> {

    /** One compiled entry point: its method handle, argument binder, guard and row filter. */
    static final class Compiled {
        final EntryPoint entryPoint;
        final Method method;
        final boolean isStatic;
        final MethodHandle handle;
        final ArgumentBinder binder;
        final Guard guard;
        final RowFilters.RowFilter filter;
        final EntryPointKind kind;
        final Decision allowed;
        final boolean readsArguments;

        Compiled(EntryPoint entryPoint, Method method, boolean isStatic, MethodHandle handle, ArgumentBinder binder,
                 Guard guard, RowFilters.RowFilter filter) {
            this.entryPoint = entryPoint;
            this.method = method;
            this.isStatic = isStatic;
            this.handle = handle;
            this.binder = binder;
            this.guard = guard;
            this.filter = filter;
            this.kind = entryPoint.kind();
            this.readsArguments = guard.readsArguments();
            this.allowed = new Decision(true, entryPoint.name(), entryPoint.rule(), "allowed by " + entryPoint.rule());
        }
    }

    private static final String CONNECT = "<connect>";
    private static final Object[] NO_ARGS = new Object[0];

    private final Class<M> moduleClass;
    private final Map<String, Compiled> entries;
    private final List<EntryPoint> entryPoints;
    private final PolicyEngine.ConnectionRuleSpec connectionRule;
    private final DecisionListener listener;
    /**
     * The client-callable entry points' handles by name, as an open-addressing table of (name, handle) pairs in
     * one array: a lookup by a constant name (interned, as entry point names are) is one hash, one identity
     * compare and two adjacent reads.
     */
    private final Object[] resolved;
    private final Decision connectAllowed;
    private final dev.warden.db.Schema schema;
    private final Map<String, TableRule> tableRules;
    /** The engine's role catalogue, for the report: declared roles get a column even when no rule names them. */
    private final Set<String> declaredRoles;

    GuardedModule(Class<M> moduleClass, Map<String, Compiled> entries, PolicyEngine.ConnectionRuleSpec connectionRule,
                  DecisionListener listener, dev.warden.db.Schema schema, Map<String, TableRule> tableRules) {
        this(moduleClass, entries, connectionRule, listener, schema, tableRules, Set.of());
    }

    /** The same compiled module, reporting {@code declaredRoles} too. */
    GuardedModule(GuardedModule<M> compiled, Set<String> declaredRoles) {
        this(compiled.moduleClass, compiled.entries, compiled.connectionRule, compiled.listener, compiled.schema,
                compiled.tableRules, declaredRoles);
    }

    private GuardedModule(Class<M> moduleClass, Map<String, Compiled> entries,
                          PolicyEngine.ConnectionRuleSpec connectionRule, DecisionListener listener,
                          dev.warden.db.Schema schema, Map<String, TableRule> tableRules, Set<String> declaredRoles) {
        this.moduleClass = moduleClass;
        this.schema = schema;
        this.tableRules = Collections.unmodifiableMap(new LinkedHashMap<>(tableRules));
        this.declaredRoles = Set.copyOf(declaredRoles);
        Map<String, Compiled> sorted = new java.util.TreeMap<>(entries);
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
        List<EntryPoint> eps = new ArrayList<>();
        for (Compiled c : this.entries.values()) {
            eps.add(c.entryPoint);
        }
        this.entryPoints = List.copyOf(eps);
        this.connectionRule = connectionRule;
        this.listener = listener;
        int slots = Integer.highestOneBit(Math.max(4, this.entries.size() * 2 + 1)) * 2;   // load at most 1/2
        Object[] table = new Object[slots * 2];
        for (Compiled c : this.entries.values()) {
            if (c.kind.clientCallable()) {
                String n = c.entryPoint.name();
                int i = slot(n, slots);
                while (table[i * 2] != null) {
                    i = (i + 1) & (slots - 1);
                }
                table[i * 2] = n;
                table[i * 2 + 1] = new ResolvedEntryPoint<>(this, c);
            }
        }
        this.resolved = table;
        this.connectAllowed = new Decision(true, CONNECT, "connection rule: " + connectionRuleText(),
                "allowed by connection rule: " + connectionRuleText());
    }

    /** @return the module class */
    public Class<M> moduleClass() {
        return moduleClass;
    }

    /** @return every entry point, with kind and rule, sorted by name */
    public List<EntryPoint> entryPoints() {
        return entryPoints;
    }

    /**
     * @param name an entry point name
     * @return the entry point of that name, whatever its kind
     */
    public Optional<EntryPoint> entryPoint(String name) {
        Compiled c = entries.get(name);
        return c == null ? Optional.empty() : Optional.of(c.entryPoint);
    }

    /**
     * Checks a client call without running it.
     *
     * @param module the module instance (null for static entry points)
     * @param name the entry point
     * @param caller the caller
     * @param args the client's arguments
     * @return the decision (also sent to the listener)
     * @throws NoSuchEntryPointException if no client-callable entry point has this name
     * @throws IllegalArgumentException if the arguments do not fit the entry point (checked after the rule, unless
     *     the rule reads arguments: an unauthorised caller learns nothing of the signature)
     */
    public Decision check(M module, String name, CallerContext caller, Object... args) {
        return resolve(name).check(module, caller, args);
    }

    /**
     * Resolves a client-callable entry point once, for a host that dispatches many calls to it: the handle's
     * {@code check} and {@code invoke} skip the lookup by name and decide exactly as {@link #check} and
     * {@link #invoke} do.
     *
     * @param name the entry point
     * @return its handle, tied to this module
     * @throws NoSuchEntryPointException if no client-callable entry point has this name
     */
    public ResolvedEntryPoint<M> resolve(String name) {
        if (name != null) {
            Object[] table = resolved;
            int slots = table.length >>> 1;
            for (int i = slot(name, slots); ; i = (i + 1) & (slots - 1)) {
                Object key = table[i * 2];
                if (key == name || (key != null && key.equals(name))) {
                    @SuppressWarnings("unchecked")
                    ResolvedEntryPoint<M> r = (ResolvedEntryPoint<M>) table[i * 2 + 1];
                    return r;
                }
                if (key == null) {
                    break;
                }
            }
        }
        throw new NoSuchEntryPointException(name);
    }

    private static int slot(String name, int slots) {
        int h = name.hashCode();
        return (h ^ (h >>> 16)) & (slots - 1);
    }

    Decision check(Compiled c, M module, CallerContext caller, Object[] args) {
        Objects.requireNonNull(caller, "caller");
        if (!c.readsArguments) {
            Decision d = evaluate(c, module, caller, NO_ARGS);
            if (d.allowed()) {
                c.binder.bind(caller, args);   // an allow is told only once the arguments fit
            }
            notify(d, caller);
            return d;
        }
        Object[] bound = c.binder.bind(caller, args);
        return decide(c, module, caller, c.binder.clientArgs(bound));
    }

    /**
     * Calls a reducer, view or procedure for a client: checks the rule, then runs the method. A view's rows are
     * filtered for the caller and returned as a {@code List}.
     *
     * @param module the module instance (null for static entry points)
     * @param name the entry point
     * @param caller the caller
     * @param args the client's arguments (a {@code CallerContext} parameter is injected, not passed)
     * @return what the method returned (a filtered {@code List} for views)
     * @throws NoSuchEntryPointException if no client-callable entry point has this name
     * @throws IllegalArgumentException if the arguments do not fit the entry point
     * @throws AccessDeniedException if the rule denies the call; the method did not run
     * @throws EntryPointFailedException if the method threw
     */
    public Object invoke(M module, String name, CallerContext caller, Object... args) {
        Objects.requireNonNull(caller, "caller");
        return resolve(name).invoke(module, caller, args);
    }

    Object invoke(Compiled c, M module, CallerContext caller, Object[] args) {
        Objects.requireNonNull(caller, "caller");
        return run(c, module, caller, args);
    }

    /**
     * Runs a scheduled reducer or {@code init} as the module itself, or a connect/disconnect hook for a caller.
     *
     * @param module the module instance
     * @param name the entry point
     * @param caller an internal caller for scheduled and init; the connecting caller for lifecycle hooks
     * @param args arguments
     * @return what the method returned
     * @throws NoSuchEntryPointException if there is no lifecycle or scheduled entry point of that name
     * @throws AccessDeniedException if a scheduled or init entry point is run by a non-internal caller
     */
    public Object runInternal(M module, String name, CallerContext caller, Object... args) {
        Objects.requireNonNull(caller, "caller");
        Compiled c = entries.get(name);
        if (c == null || c.kind.clientCallable()) {
            throw new NoSuchEntryPointException(name);
        }
        return run(c, module, caller, args);
    }

    /**
     * @param kind a lifecycle kind
     * @return the name of this module's entry point of that kind, if it has one
     */
    public Optional<String> lifecycle(EntryPointKind kind) {
        for (Compiled c : entries.values()) {
            if (c.kind == kind) {
                return Optional.of(c.entryPoint.name());
            }
        }
        return Optional.empty();
    }

    /**
     * Applies the module's connection rule.
     *
     * @param caller the connecting caller
     * @return the decision; a denial's reason is meant for the client
     */
    public Decision checkConnection(CallerContext caller) {
        Objects.requireNonNull(caller, "caller");
        String why = connectDenial(caller);
        Decision d = why == null ? connectAllowed : new Decision(false, CONNECT, "connection rule: " + connectionRuleText(),
                why);
        notify(d, caller);
        return d;
    }

    private String connectDenial(CallerContext caller) {
        if (!connectionRule.kinds.contains(caller.kind())) {
            return caller.kind() + " callers may not connect (allowed: " + connectionRule.kinds + ")";
        }
        Optional<JwtClaims> claims = caller.claims();
        if (!connectionRule.issuers.isEmpty()
                && (claims.isEmpty() || !connectionRule.issuers.contains(claims.get().issuer()))) {
            return "tokens from this issuer may not connect";
        }
        if (!connectionRule.audiences.isEmpty()
                && (claims.isEmpty() || claims.get().audience().stream().noneMatch(connectionRule.audiences::contains))) {
            return "the token's audience may not connect";
        }
        return null;
    }

    private String connectionRuleText() {
        return "kinds " + connectionRule.kinds
                + (connectionRule.issuers.isEmpty() ? "" : ", issuers " + new TreeSet<>(connectionRule.issuers))
                + (connectionRule.audiences.isEmpty() ? "" : ", audiences " + new TreeSet<>(connectionRule.audiences));
    }

    private Object run(Compiled c, M module, CallerContext caller, Object[] args) {
        if (module != null && !moduleClass.isInstance(module)) {
            throw new IllegalArgumentException("module instance is a " + module.getClass().getName() + ", not a "
                    + moduleClass.getName());
        }
        if (module == null && !c.isStatic) {
            throw new IllegalArgumentException(c.entryPoint.name() + " is an instance method: pass the module instance");
        }
        // access first, so an unauthorised caller learns nothing of the signature, unless the rule reads arguments
        Object[] bound;
        if (c.readsArguments) {
            bound = c.binder.bind(caller, args);
            Decision d = decide(c, module, caller, c.binder.clientArgs(bound));
            if (!d.allowed()) {
                throw new AccessDeniedException(d);
            }
            if (c.binder.takesContext()) {
                bound = c.binder.bind(caller, args, true);
            }
        } else {
            bound = decideThenBind(c, module, caller, args);
        }
        Object result;
        try {
            result = c.handle.invokeExact((Object) module, bound);
        } catch (Throwable t) {
            throw new EntryPointFailedException(c.entryPoint.name(), t);
        }
        if (c.kind == EntryPointKind.VIEW) {
            return RowFilters.apply(c.filter, caller, module, result);
        }
        return result;
    }

    private Decision decide(Compiled c, Object module, CallerContext caller, Object[] clientArgs) {
        Decision d = evaluate(c, module, caller, clientArgs);
        notify(d, caller);
        return d;
    }

    /** A denial by {@code c}'s guard, told to the listener. */
    Decision denied(Compiled c, CallerContext caller, Guard.Denial why) {
        Decision d = denial(c, why);
        notify(d, caller);
        return d;
    }

    private static Decision denial(Compiled c, Guard.Denial why) {
        return new Decision(false, c.entryPoint.name(), c.entryPoint.rule(),
                "denied " + c.entryPoint.name() + ": " + why.reason(), why.part());
    }

    /** The decision, not yet told to the listener. */
    private static Decision evaluate(Compiled c, Object module, CallerContext caller, Object[] clientArgs) {
        Guard.Denial why = c.guard.deny(caller, c.entryPoint.name(), module, clientArgs);
        return why == null ? c.allowed : denial(c, why);
    }

    /** @return whether the listener is {@link DecisionListener#NONE}, so a resolved check need not call it */
    boolean silent() {
        return listener == DecisionListener.NONE;
    }

    /**
     * Access first, for a rule that does not read arguments: a denial is told at once; an allow only once the
     * arguments are bound, so the audit trail never shows as allowed a call refused for its arguments.
     */
    private Object[] decideThenBind(Compiled c, Object module, CallerContext caller, Object[] args) {
        Decision d = evaluate(c, module, caller, NO_ARGS);
        if (!d.allowed()) {
            notify(d, caller);
            throw new AccessDeniedException(d);
        }
        Object[] bound = c.binder.bind(caller, args, true);
        notify(d, caller);
        return bound;
    }

    void notify(Decision d, CallerContext caller) {
        try {
            listener.decided(d, caller);
        } catch (RuntimeException e) {
            // an audit listener must not change the outcome
        }
    }

    /** @return the module's tables, as its row records declare them */
    public dev.warden.db.Schema schema() {
        return schema;
    }

    /**
     * @param table a table's name
     * @return who may read its rows
     */
    public Optional<TableRule> tableRule(String table) {
        return Optional.ofNullable(tableRules.get(table));
    }

    /** @return every table's rule, by table name */
    public Map<String, TableRule> tableRules() {
        return tableRules;
    }

    /**
     * A Markdown report for review in pull requests: every entry point with kind and rule, the connection
     * rule, and a matrix of which callers may call what: a column per kind of client caller (anonymous, a user
     * and a service, each without roles), then a column per role (a user holding exactly that role) for every
     * role the engine declares ({@link PolicyEngine.Builder#roles}, the role hierarchy's) or a rule names;
     * "depends" where claims, arguments or the caller's identity decide.
     *
     * @return the report
     */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append("# Authorization report: ").append(moduleClass.getSimpleName()).append("\n\n");
        b.append("Connection rule: ").append(connectionRuleText()).append("\n\n");
        b.append("| entry point | kind | rule |\n| --- | --- | --- |\n");
        for (Compiled c : entries.values()) {
            b.append("| `").append(c.entryPoint.name()).append("` | ").append(c.kind.name().toLowerCase())
                    .append(" | ").append(c.kind.clientCallable() ? c.entryPoint.rule().replace("|", "\\|")
                            : "internal: never callable by clients").append(" |\n");
        }
        Set<String> roles = new TreeSet<>(declaredRoles);
        for (Compiled c : entries.values()) {
            roles.addAll(c.guard.roles());
        }
        List<String> columns = new ArrayList<>();
        columns.add("anonymous");
        columns.add("user, no roles");
        columns.add("service, no roles");
        columns.addAll(roles);
        b.append("\n| entry point |");
        for (String col : columns) {
            b.append(' ').append(col).append(" |");
        }
        b.append("\n| --- |");
        columns.forEach(col -> b.append(" --- |"));
        b.append('\n');
        for (Compiled c : entries.values()) {
            if (!c.kind.clientCallable()) {
                continue;
            }
            b.append("| `").append(c.entryPoint.name()).append("` |");
            b.append(' ').append(cell(c.guard.allowsStatically(CallerKind.ANONYMOUS, Set.of()))).append(" |");
            b.append(' ').append(cell(c.guard.allowsStatically(CallerKind.USER, Set.of()))).append(" |");
            b.append(' ').append(cell(c.guard.allowsStatically(CallerKind.SERVICE, Set.of()))).append(" |");
            for (String r : roles) {
                b.append(' ').append(cell(c.guard.allowsStatically(CallerKind.USER, Set.of(r)))).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String cell(Guard.Tri t) {
        return t == Guard.Tri.ALLOW ? "allow" : t == Guard.Tri.DENY ? "deny" : "depends";
    }

    @Override
    public String toString() {
        return "GuardedModule{" + moduleClass.getSimpleName() + ", " + entries.size() + " entry points}";
    }
}
