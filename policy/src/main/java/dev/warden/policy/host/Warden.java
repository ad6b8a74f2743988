package dev.warden.policy.host;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimTypeException;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.Decision;
import dev.warden.policy.EntryPoint;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.GuardedModule;
import dev.warden.policy.NoSuchEntryPointException;
import dev.warden.policy.internal.CallScope;
import dev.warden.db.Database;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one host lifecycle: token to caller (validation, identity, roles, the connection rule, {@code @OnConnect}),
 * guarded calls, re-authentication, disconnect, and the module's own scheduled and {@code init} runs. Every
 * host (the testkit's {@code TestHost} included) goes through this class, so a call behaves the same in a test
 * as in production. Thread-safe.
 *
 * <pre>{@code
 * Warden<ChatModule> warden = Warden.builder(engine.compile(ChatModule.class), new ChatModule())
 *     .validator(validator)
 *     .claims(mapper)
 *     .build();
 * CallerContext alice = warden.connect(token, ConnectionId.random());   // 401 / 403 as exceptions
 * warden.call(alice, "create_post", "hello");                           // AccessDeniedException if not allowed
 * }</pre>
 *
 * @param <M> the module class
 */
public final class Warden<M> {

    private final GuardedModule<M> module;
    private final M instance;
    private final TokenValidator validator;
    private final ClaimsMapper claims;
    private final Identity moduleIdentity;
    private final Database database;
    private final CallScope.Env env;

    private Warden(Builder<M> b) {
        this.module = b.module;
        this.instance = b.instance;
        this.validator = b.validator;
        this.claims = b.claims;
        this.moduleIdentity = b.moduleIdentity;
        this.database = b.database != null ? b.database : Database.create(b.module.schema(), b.clock);
        this.env = new CallScope.Env(database, moduleIdentity);
    }

    /**
     * @param module the compiled module
     * @param instance the module instance entry points run on (null if every entry point is static)
     * @param <M> the module class
     * @return a builder
     */
    public static <M> Builder<M> builder(GuardedModule<M> module, M instance) {
        return new Builder<>(module, instance);
    }

    /**
     * The identity a module's scheduled reducers run as unless the host sets another: derived from the
     * module class's name, so it is stable across restarts.
     *
     * @param moduleClass the module class
     * @return its default identity
     */
    public static Identity defaultModuleIdentity(Class<?> moduleClass) {
        return Identity.fromClaims("warden-module", moduleClass.getName());
    }

    /** @return the guarded module */
    public GuardedModule<M> module() {
        return module;
    }

    /** @return the module instance */
    public M instance() {
        return instance;
    }

    /** @return the identity scheduled reducers run as */
    public Identity moduleIdentity() {
        return moduleIdentity;
    }

    /**
     * Authenticates a new connection, then {@linkplain #connect(CallerContext) connects} its caller.
     *
     * @param token the bearer token
     * @param connectionId the connection
     * @return the caller
     * @throws TokenRejectedException if the token is not valid (a host answers 400 for MALFORMED, else 401)
     * @throws AccessDeniedException if the connection rule refuses it, or a role or scope claim cannot be read
     *     (403; the reason names the claim)
     * @throws EntryPointFailedException if the module's {@code @OnConnect} hook rejected it (403)
     * @throws IllegalStateException if this Warden was built without a validator
     */
    public CallerContext connect(String token, ConnectionId connectionId) {
        return connect(authenticate(token, connectionId));
    }

    /**
     * Authenticates a new connection's token without connecting it (no connection rule, no {@code @OnConnect}):
     * {@code connect(authenticate(token, id))} is {@code connect(token, id)}. For a host that must know the caller
     * before its hook runs (to record the connection with the hook's transaction).
     *
     * @param token the bearer token
     * @param connectionId the connection
     * @return the caller the token makes
     * @throws TokenRejectedException if the token is not valid
     * @throws AccessDeniedException if a role or scope claim cannot be read (the reason names the claim)
     * @throws IllegalStateException if this Warden was built without a validator
     */
    public CallerContext authenticate(String token, ConnectionId connectionId) {
        Objects.requireNonNull(connectionId, "connectionId");
        try {
            return claims.toCaller(validator().validate(token), connectionId);
        } catch (ClaimTypeException e) {
            throw new AccessDeniedException(new Decision(false, "<connect>", "claims mapping",
                    "the token's claim " + e.path() + " cannot be read: it is " + e.actual() + ", expected "
                            + e.expected()));
        }
    }

    /**
     * Connects a caller that is already authenticated: the connection rule, then {@code @OnConnect}.
     *
     * @param caller the caller
     * @return the caller
     * @throws AccessDeniedException if the connection rule refuses it
     * @throws EntryPointFailedException if the module's {@code @OnConnect} hook rejected it
     */
    public CallerContext connect(CallerContext caller) {
        Decision d = module.checkConnection(caller);
        if (!d.allowed()) {
            throw new AccessDeniedException(d);
        }
        lifecycle(EntryPointKind.ON_CONNECT, caller);
        return caller;
    }

    /**
     * Ends a connection, running the module's {@code @OnDisconnect} hook; its failure is returned, not thrown,
     * since a disconnect cannot be refused.
     *
     * @param caller the connection's caller
     * @return what the hook threw, or null
     */
    public RuntimeException disconnect(CallerContext caller) {
        try {
            lifecycle(EntryPointKind.ON_DISCONNECT, caller);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Accepts a refreshed token on a connection only for the same identity.
     *
     * @param current the connection's caller
     * @param token the refreshed token
     * @return the updated caller
     * @throws TokenRejectedException if the token is not valid
     * @throws dev.warden.claims.ReauthenticationException if it belongs to someone else
     */
    public CallerContext reauthenticate(CallerContext current, String token) {
        return claims.reauthenticate(current, validator().validate(token));
    }

    /**
     * A client call: the rule is checked, then the method runs (a reducer in a transaction).
     *
     * @param caller the caller
     * @param entryPoint the reducer, view or procedure
     * @param args its arguments
     * @return its result (a filtered list for views)
     * @throws NoSuchEntryPointException if no client-callable entry point has this name
     * @throws AccessDeniedException if the rule denies the call; the method did not run
     * @throws EntryPointFailedException if the method threw
     * @see GuardedModule#invoke
     */
    public Object call(CallerContext caller, String entryPoint, Object... args) {
        Optional<EntryPoint> ep = module.entryPoint(entryPoint);
        EntryPointKind kind = ep.map(EntryPoint::kind).orElse(null);
        if (kind == EntryPointKind.REDUCER) {
            return database.write(() -> CallScope.with(env, () -> module.invoke(instance, entryPoint, caller, args)));
        }
        if (kind == EntryPointKind.VIEW) {
            return database.read(() -> CallScope.with(env, () -> module.invoke(instance, entryPoint, caller, args)));
        }
        return CallScope.with(env, () -> module.invoke(instance, entryPoint, caller, args));
    }


    /**
     * Reads a view.
     *
     * @param caller the caller
     * @param view the view
     * @param args its arguments
     * @return the rows the caller may see
     * @throws IllegalArgumentException if there is no view of that name
     */
    @SuppressWarnings("unchecked")
    public List<Object> view(CallerContext caller, String view, Object... args) {
        if (module.entryPoint(view).map(EntryPoint::kind).orElse(null) != EntryPointKind.VIEW) {
            throw new IllegalArgumentException(view + " is not a view of " + module.moduleClass().getSimpleName());
        }
        return (List<Object>) database.read(() -> CallScope.with(env, () -> module.invoke(instance, view, caller,
                args)));
    }

    /**
     * Decides a client call without running it.
     *
     * @param caller the caller
     * @param entryPoint the entry point
     * @param args its arguments
     * @return the decision
     */
    public Decision check(CallerContext caller, String entryPoint, Object... args) {
        return database.read(() -> CallScope.with(env, () -> module.check(instance, entryPoint, caller, args)));
    }

    /**
     * Runs a scheduled reducer as the module itself, in a transaction.
     *
     * @param entryPoint the scheduled entry point
     * @param args its arguments
     * @return its result
     */
    public Object runScheduled(String entryPoint, Object... args) {
        if (module.entryPoint(entryPoint).map(EntryPoint::kind).orElse(null) != EntryPointKind.SCHEDULED) {
            // lifecycle hooks run only through connect, disconnect and init, each as its own caller
            throw new NoSuchEntryPointException(entryPoint);
        }
        return runInternal(entryPoint, CallerContext.internal(moduleIdentity), args);
    }

    /**
     * Runs the module's {@code @Init} hook, if it has one, as the module owner (an internal caller with the
     * owner's identity), in a transaction.
     *
     * @param owner the owner's identity
     */
    public void init(Identity owner) {
        Objects.requireNonNull(owner, "owner");
        lifecycle(EntryPointKind.INIT, CallerContext.internal(owner));
    }

    private void lifecycle(EntryPointKind kind, CallerContext caller) {
        module.lifecycle(kind).ifPresent(n -> runInternal(n, caller));
    }

    private Object runInternal(String name, CallerContext caller, Object... args) {
        EntryPoint ep = module.entryPoint(name).orElseThrow(() -> new NoSuchEntryPointException(name));
        return database.write(() -> CallScope.with(env, () -> module.runInternal(instance, name, caller, args)));
    }

    private TokenValidator validator() {
        if (validator == null) {
            throw new IllegalStateException("this Warden was built withoutTokenValidation(): it accepts only callers "
                    + "authenticated elsewhere, through connect(CallerContext)");
        }
        return validator;
    }

    private static List<String> names(dev.warden.db.Schema schema) {
        return schema.tables().stream().map(dev.warden.db.TableSchema::name).toList();
    }

    /**
     * Reads a table as a client may: the rows its rule shows the caller (none of a private table), its
     * {@code field}/{@code matches} or policy rule evaluated on the module's state now, in one read.
     *
     * @param caller who reads
     * @param table the table's name
     * @return the rows the caller may see
     * @throws IllegalArgumentException if the module has no such table
     */
    public List<Object> tableRows(CallerContext caller, String table) {
        dev.warden.policy.TableRule rule = module.tableRule(table)
                .orElseThrow(() -> new IllegalArgumentException("no such table: " + table));
        return database.read(() -> CallScope.with(env, () -> {
            java.util.function.Predicate<Object> visible = rule.rowsFor(caller, instance);
            List<Object> out = new java.util.ArrayList<>();
            for (Object row : database.rows(table)) {
                if (visible.test(row)) {
                    out.add(row);
                }
            }
            return out;
        }));
    }

    /**
     * Reads some rows of a table as a client may: those of the candidates (rows of the table a host found through an
     * index) that the table's rule shows the caller, the rule evaluated on the module's state now, in the same read
     * as the candidates.
     *
     * @param caller who reads
     * @param table the table's name
     * @param candidates finds rows of that table, called inside the read (through {@link Database#index})
     * @return the candidates the caller may see, in their order
     * @throws IllegalArgumentException if the module has no such table
     */
    public List<Object> tableRows(CallerContext caller, String table,
                                  java.util.function.Supplier<? extends java.util.Collection<?>> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        dev.warden.policy.TableRule rule = module.tableRule(table)
                .orElseThrow(() -> new IllegalArgumentException("no such table: " + table));
        return database.read(() -> CallScope.with(env, () -> {
            java.util.function.Predicate<Object> visible = rule.rowsFor(caller, instance);
            List<Object> out = new java.util.ArrayList<>();
            for (Object row : candidates.get()) {
                if (visible.test(row)) {
                    out.add(row);
                }
            }
            return out;
        }));
    }

    /** @return the module's database: its tables, in which every reducer runs */
    public Database database() {
        return database;
    }

    /** Configures a {@link Warden}. */
    public static final class Builder<M> {
        private final GuardedModule<M> module;
        private final M instance;
        private TokenValidator validator;
        private ClaimsMapper claims = ClaimsMapper.builder().build();
        private Identity moduleIdentity;
        private Database database;
        private Clock clock = Clock.systemUTC();
        private boolean withoutTokenValidation;

        private Builder(GuardedModule<M> module, M instance) {
            this.module = Objects.requireNonNull(module, "module");
            this.instance = instance;
            this.moduleIdentity = defaultModuleIdentity(module.moduleClass());
        }

        /**
         * @param validator validates connection tokens (required, unless {@link #withoutTokenValidation()})
         * @return this builder
         */
        public Builder<M> validator(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * @param claims maps tokens to callers (default: no roles, anonymous issuer not set)
         * @return this builder
         */
        public Builder<M> claims(ClaimsMapper claims) {
            this.claims = Objects.requireNonNull(claims, "claims");
            return this;
        }

        /**
         * @param identity the sender of scheduled calls (default: {@link #defaultModuleIdentity})
         * @return this builder
         */
        public Builder<M> moduleIdentity(Identity identity) {
            this.moduleIdentity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /**
         * The database the module's tables live in (default: a new, empty one of the module's tables, its
         * timestamps from {@link #clock}). Every reducer, scheduled reducer, {@code init} and connect/disconnect hook
         * runs in one of its transactions, so a call that throws leaves every table as it was, under the testkit's
         * {@code TestHost} and a production host alike; views read it read-only.
         *
         * @param database a database of exactly the module's tables
         * @return this builder
         */
        public Builder<M> database(Database database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /**
         * @param clock where the default database takes its transactions' timestamps (default: the system clock)
         * @return this builder
         */
        public Builder<M> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds a Warden that takes no tokens: its callers are authenticated elsewhere and come in through
         * {@link Warden#connect(CallerContext)} (the testkit's {@code TestHost} is one). Explicit, so that a host
         * that forgot its validator fails at startup, not on its first connection.
         *
         * @return this builder
         */
        public Builder<M> withoutTokenValidation() {
            this.withoutTokenValidation = true;
            return this;
        }

        /**
         * @return the facade
         * @throws IllegalStateException without a validator, unless {@link #withoutTokenValidation()}
         * @throws IllegalArgumentException if the database is not of the module's tables, or a row record cannot
         *     be read (a named module that does not open its package to {@code dev.warden.db})
         */
        public Warden<M> build() {
            if (validator == null && !withoutTokenValidation) {
                throw new IllegalStateException("a Warden needs validator(...) to accept tokens, or "
                        + "withoutTokenValidation() if its callers are authenticated elsewhere");
            }
            if (database != null && !database.schema().tables().equals(module.schema().tables())) {
                throw new IllegalArgumentException("the database's tables " + names(database.schema()) + " are not "
                        + module.moduleClass().getSimpleName() + "'s " + names(module.schema()));
            }
            if (instance != null && !module.moduleClass().isInstance(instance)) {
                throw new IllegalArgumentException("module instance is a " + instance.getClass().getName() + ", not a "
                        + module.moduleClass().getName());
            }
            return new Warden<>(this);
        }
    }
}
