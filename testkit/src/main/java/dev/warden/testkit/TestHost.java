package dev.warden.testkit;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.Decision;
import dev.warden.policy.EntryPoint;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.GuardedModule;
import dev.warden.policy.PolicyEngine;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small in-memory SpacetimeDB-style host for tests: loads a module, connects callers (the connection rule
 * and {@code @OnConnect} run), calls reducers transactionally (a reducer that throws leaves every
 * {@link Table} field unchanged), reads views with row filtering, runs procedures, and runs scheduled
 * reducers and {@code init} as the module itself. Every call goes through the same guards as production.
 *
 * <p>Calls are serialized, as SpacetimeDB runs one reducer at a time.
 *
 * @param <M> the module class
 */
public final class TestHost<M> {

    private final M module;
    private final GuardedModule<M> guarded;
    private final Identity moduleIdentity;
    private final Map<String, Table<?>> tables;

    private TestHost(M module, GuardedModule<M> guarded, Identity moduleIdentity) {
        this.module = module;
        this.guarded = guarded;
        this.moduleIdentity = moduleIdentity;
        this.tables = findTables(module);
    }

    /**
     * Instantiates the module with its no-argument constructor and compiles it.
     *
     * @param moduleClass the module
     * @param engine the policy engine (policies, hierarchy, owner)
     * @param <M> the module class
     * @return the host
     * @throws dev.warden.policy.PolicyCompilationException if the module is not fully guarded
     */
    public static <M> TestHost<M> start(Class<M> moduleClass, PolicyEngine engine) {
        Objects.requireNonNull(moduleClass, "moduleClass");
        Objects.requireNonNull(engine, "engine");
        GuardedModule<M> guarded = engine.compile(moduleClass);
        M instance;
        try {
            Constructor<M> c = moduleClass.getDeclaredConstructor();
            c.setAccessible(true);
            instance = c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(moduleClass.getName() + " needs a no-argument constructor for TestHost.start;"
                    + " use TestHost.of(instance, guarded) otherwise", e);
        }
        return of(instance, guarded);
    }

    /**
     * @param instance the module instance
     * @param guarded its compiled guards
     * @param <M> the module class
     * @return the host
     */
    public static <M> TestHost<M> of(M instance, GuardedModule<M> guarded) {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(guarded, "guarded");
        return new TestHost<>(instance, guarded, Identity.fromClaims("warden-test-host", guarded.moduleClass().getName()));
    }

    /** @return the module instance */
    public M module() {
        return module;
    }

    /** @return the compiled module */
    public GuardedModule<M> guarded() {
        return guarded;
    }

    /** @return the identity scheduled reducers run as */
    public Identity moduleIdentity() {
        return moduleIdentity;
    }

    /**
     * Connects a caller: the connection rule, then {@code @OnConnect}.
     *
     * @param caller the caller
     * @return the caller
     * @throws AccessDeniedException if the connection rule refuses
     * @throws dev.warden.policy.EntryPointFailedException if {@code @OnConnect} rejects
     */
    public synchronized CallerContext connect(CallerContext caller) {
        Decision d = guarded.connect(caller);
        if (!d.allowed()) {
            throw new AccessDeniedException(d);
        }
        guarded.lifecycle(EntryPointKind.ON_CONNECT).ifPresent(n -> transact(() -> guarded.runInternal(module, n, caller)));
        return caller;
    }

    /**
     * Disconnects a caller, running {@code @OnDisconnect}.
     *
     * @param caller the caller
     */
    public synchronized void disconnect(CallerContext caller) {
        guarded.lifecycle(EntryPointKind.ON_DISCONNECT).ifPresent(n -> transact(() -> guarded.runInternal(module, n,
                caller)));
    }

    /**
     * Calls a reducer, view or procedure. Reducers are transactional: if the call throws, tables are restored.
     *
     * @param caller the caller
     * @param entryPoint the entry point
     * @param args its arguments
     * @return its result (a filtered list for views)
     */
    public synchronized Object call(CallerContext caller, String entryPoint, Object... args) {
        boolean reducer = guarded.entryPoint(entryPoint).map(EntryPoint::kind).orElse(null) == EntryPointKind.REDUCER;
        if (reducer) {
            return transact(() -> guarded.invoke(module, entryPoint, caller, args));
        }
        return guarded.invoke(module, entryPoint, caller, args);
    }

    /**
     * Reads a view.
     *
     * @param caller the caller
     * @param view the view
     * @param args its arguments
     * @return the rows the caller may see
     */
    @SuppressWarnings("unchecked")
    public List<Object> view(CallerContext caller, String view, Object... args) {
        if (guarded.entryPoint(view).map(EntryPoint::kind).orElse(null) != EntryPointKind.VIEW) {
            throw new IllegalArgumentException(view + " is not a view of " + guarded.moduleClass().getSimpleName());
        }
        return (List<Object>) call(caller, view, args);
    }

    /**
     * Runs a scheduled reducer as the module itself (internal caller), transactionally.
     *
     * @param entryPoint the scheduled reducer
     * @param args its arguments
     * @return its result
     */
    public synchronized Object runScheduled(String entryPoint, Object... args) {
        return transact(() -> guarded.runInternal(module, entryPoint, CallerContext.internal(moduleIdentity), args));
    }

    /**
     * Runs {@code @Init} as the module owner (an internal caller with the owner's identity).
     *
     * @param owner the owner's identity
     */
    public synchronized void init(Identity owner) {
        guarded.lifecycle(EntryPointKind.INIT).ifPresent(n -> transact(() -> guarded.runInternal(module, n,
                CallerContext.internal(owner))));
    }

    /**
     * Decides without running.
     *
     * @param caller the caller
     * @param entryPoint the entry point
     * @param args its arguments
     * @return the decision
     */
    public Decision check(CallerContext caller, String entryPoint, Object... args) {
        return guarded.check(module, entryPoint, caller, args);
    }

    /**
     * @param field the name of a {@code Table} field of the module
     * @param <T> the row type
     * @return the table
     */
    @SuppressWarnings("unchecked")
    public <T> Table<T> table(String field) {
        Table<?> t = tables.get(field);
        if (t == null) {
            throw new IllegalArgumentException("the module has no Table field named " + field + " (has " + tables.keySet()
                    + ")");
        }
        return (Table<T>) t;
    }

    private Object transact(java.util.function.Supplier<Object> work) {
        Map<Table<?>, List<?>> snapshots = new LinkedHashMap<>();
        for (Table<?> t : tables.values()) {
            snapshots.put(t, t.snapshot());
        }
        try {
            return work.get();
        } catch (RuntimeException e) {
            snapshots.forEach(TestHost::restore);
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void restore(Table<T> table, List<?> rows) {
        table.restore((List<T>) rows);
    }

    private static Map<String, Table<?>> findTables(Object module) {
        Map<String, Table<?>> out = new LinkedHashMap<>();
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = module.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(c);
        }
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                if (Table.class.isAssignableFrom(f.getType()) && !Modifier.isStatic(f.getModifiers())) {
                    try {
                        f.setAccessible(true);
                        Object t = f.get(module);
                        if (t != null) {
                            out.putIfAbsent(f.getName(), (Table<?>) t);
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read table field " + f.getName(), e);
                    }
                }
            }
        }
        return out;
    }
}
