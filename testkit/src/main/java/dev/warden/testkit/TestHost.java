package dev.warden.testkit;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.TokenValidator;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.Decision;
import dev.warden.policy.EntryPoint;
import dev.warden.policy.GuardedModule;
import dev.warden.policy.PolicyEngine;
import dev.warden.db.Database;
import dev.warden.db.Db;
import java.util.function.Function;
import dev.warden.policy.host.Warden;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Objects;

/**
 * A small in-memory SpacetimeDB-style host for tests: loads a module, connects callers (the connection rule
 * and {@code @OnConnect} run), calls reducers transactionally (a reducer that throws leaves every
 * table unchanged), reads views with row filtering, runs procedures, and runs scheduled
 * reducers and {@code init} as the module itself. It is a {@link Warden}, the production lifecycle, with test
 * defaults: callers are passed in already authenticated, and the module's tables are its
 * transactional state.
 *
 * <p>Calls are serialized, as SpacetimeDB runs one reducer at a time.
 *
 * @param <M> the module class
 */
public final class TestHost<M> {

    private final Warden<M> warden;

    private final boolean takesTokens;

    private TestHost(M module, GuardedModule<M> guarded, TokenValidator validator, ClaimsMapper claims,
                     java.time.Clock clock) {
        Warden.Builder<M> b = Warden.builder(guarded, module).clock(clock);
        this.takesTokens = validator != null;
        this.warden = (takesTokens ? b.validator(validator).claims(claims) : b.withoutTokenValidation()).build();
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
        return start(moduleClass, engine, null, null);
    }

    /**
     * Like {@link #start(Class, PolicyEngine)}, and {@link #connect(String)} takes tokens: validated by
     * {@code validator} (and so on its clock), mapped to callers by {@code claims}. A {@link WardenTest} host is
     * one, with the test's validator.
     *
     * @param moduleClass the module
     * @param engine the policy engine (policies, hierarchy, owner)
     * @param validator validates the tokens of {@link #connect(String)}
     * @param claims maps them to callers
     * @param <M> the module class
     * @return the host
     * @throws dev.warden.policy.PolicyCompilationException if the module is not fully guarded
     */
    public static <M> TestHost<M> start(Class<M> moduleClass, PolicyEngine engine, TokenValidator validator,
                                        ClaimsMapper claims) {
        return start(moduleClass, engine, validator, claims, java.time.Clock.systemUTC());
    }

    /**
     * Like {@link #start(Class, PolicyEngine, TokenValidator, ClaimsMapper)}, its transactions timestamped by
     * {@code clock}: a {@link WardenTest} host runs on the test's {@link TestClock}, so moving it moves what
     * {@code ReducerContext.timestamp()} shows too.
     *
     * @param moduleClass the module
     * @param engine the policy engine (policies, hierarchy, owner)
     * @param validator validates the tokens of {@link #connect(String)}, or null
     * @param claims maps them to callers, or null
     * @param clock where transactions take their timestamps
     * @param <M> the module class
     * @return the host
     * @throws dev.warden.policy.PolicyCompilationException if the module is not fully guarded
     */
    public static <M> TestHost<M> start(Class<M> moduleClass, PolicyEngine engine, TokenValidator validator,
                                        ClaimsMapper claims, java.time.Clock clock) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(moduleClass, "moduleClass");
        Objects.requireNonNull(engine, "engine");
        if ((validator == null) != (claims == null)) {
            throw new IllegalArgumentException("give both a validator and a claims mapper, or neither");
        }
        GuardedModule<M> guarded = engine.compile(moduleClass);
        M instance;
        try {
            Constructor<M> c = moduleClass.getDeclaredConstructor();
            c.setAccessible(true);
            instance = c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(moduleClass.getName() + " needs a no-argument constructor for TestHost.start;"
                    + " use TestHost.of(instance, guarded) otherwise", e);
        } catch (RuntimeException e) {   // InaccessibleObjectException: a named module that does not open the package
            throw new IllegalArgumentException(notOpen(moduleClass), e);
        }
        return new TestHost<>(instance, guarded, validator, claims, clock);
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
        return new TestHost<>(instance, guarded, null, null, java.time.Clock.systemUTC());
    }

    /** @return the module instance */
    public M module() {
        return warden.instance();
    }

    /** @return the compiled module */
    public GuardedModule<M> guarded() {
        return warden.module();
    }

    /** @return the lifecycle this host runs, as a production host would */
    public Warden<M> warden() {
        return warden;
    }

    /** @return the identity scheduled reducers run as */
    public Identity moduleIdentity() {
        return warden.moduleIdentity();
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
        return warden.connect(caller);
    }

    /**
     * Connects with a token, as a production host does: the token is validated (on the validator's clock, so
     * an expired token is refused), mapped to a caller on a fresh connection, then {@link #connect(CallerContext)}.
     *
     * @param token the bearer token
     * @return the caller
     * @throws dev.warden.core.TokenRejectedException if the token is not valid
     * @throws AccessDeniedException if the connection rule refuses
     * @throws IllegalStateException if this host was started without a validator
     */
    public synchronized CallerContext connect(String token) {
        if (!takesTokens) {
            throw new IllegalStateException("this host takes no tokens: start it with a validator "
                    + "(TestHost.start(module, engine, validator, claims)), as @WardenTest does");
        }
        return warden.connect(token, ConnectionId.random());
    }

    /**
     * Disconnects a caller, running {@code @OnDisconnect}; unlike a production host, a test sees what the hook
     * threw.
     *
     * @param caller the caller
     */
    public synchronized void disconnect(CallerContext caller) {
        RuntimeException failed = warden.disconnect(caller);
        if (failed != null) {
            throw failed;
        }
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
        return warden.call(caller, entryPoint, args);
    }

    /**
     * Reads a view.
     *
     * @param caller the caller
     * @param view the view
     * @param args its arguments
     * @return the rows the caller may see
     */
    public synchronized List<Object> view(CallerContext caller, String view, Object... args) {
        return warden.view(caller, view, args);
    }

    /**
     * Runs a scheduled reducer as the module itself (internal caller), transactionally.
     *
     * @param entryPoint the scheduled reducer
     * @param args its arguments
     * @return its result
     */
    public synchronized Object runScheduled(String entryPoint, Object... args) {
        return warden.runScheduled(entryPoint, args);
    }

    /**
     * Runs {@code @Init} as the module owner (an internal caller with the owner's identity).
     *
     * @param owner the owner's identity
     */
    public synchronized void init(Identity owner) {
        warden.init(owner);
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
        return warden.check(caller, entryPoint, args);
    }

    /** @return the module's database: the same engine a production host runs it on */
    public Database database() {
        return warden.database();
    }

    /**
     * @param rowType a table's row record
     * @param <R> the row type
     * @return the table's rows now ({@code assertThat(host.rows(Guild.class))...})
     */
    public <R extends Record> List<R> rows(Class<R> rowType) {
        return read(db -> db.table(rowType).all());
    }

    /**
     * Reads the module's tables directly, as a test's assertion does ({@code host.read(db ->
     * db.table(Guild.class).all())}); read-only, like a view.
     *
     * @param body what to read
     * @param <T> its result
     * @return its result
     */
    public <T> T read(Function<Db, T> body) {
        Database d = warden.database();
        return d.read(() -> body.apply(d.db()));
    }

    /**
     * Changes the module's tables directly, as a test's setup does, in one transaction (no rule is checked: this is
     * the test itself, not a client).
     *
     * @param body what to change
     * @param <T> its result
     * @return its result
     */
    public <T> T write(Function<Db, T> body) {
        Database d = warden.database();
        return d.write(() -> body.apply(d.db()));
    }

    private static String notOpen(Class<?> c) {
        return c.getName() + " is not open to the test kit" + (c.getModule().isNamed() ? ": add 'opens "
                + c.getPackageName() + " to dev.warden.policy, dev.warden.testkit;' to the module-info of "
                + c.getModule().getName() : "");
    }
}
