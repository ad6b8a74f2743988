package dev.warden.policy.internal;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.db.Database;
import dev.warden.policy.AnonymousViewContext;
import dev.warden.policy.ProcedureContext;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.ViewContext;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The parameters a host injects, and the call's environment (the database, the module's identity) that contexts
 * are made from: set by {@code Warden} on the calling thread around each entry point it runs.
 */
public final class CallScope {

    /** Parameter types clients never pass: the host gives them. */
    public static final Set<Class<?>> INJECTED = Set.of(CallerContext.class, ReducerContext.class, ViewContext.class,
            AnonymousViewContext.class, ProcedureContext.class);

    /**
     * A call's environment.
     *
     * @param database the module's database
     * @param moduleIdentity the module's identity
     */
    public record Env(Database database, Identity moduleIdentity) {}

    private static final ThreadLocal<Env> CURRENT = new ThreadLocal<>();

    private CallScope() {}

    /**
     * @param type a parameter type
     * @return whether the host injects it
     */
    public static boolean injected(Class<?> type) {
        return INJECTED.contains(type);
    }

    /**
     * Runs {@code body} with {@code env} as the calling thread's environment.
     *
     * @param env the environment
     * @param body the call
     * @param <T> its result
     * @return its result
     */
    public static <T> T with(Env env, Supplier<T> body) {
        Env before = CURRENT.get();
        CURRENT.set(env);
        try {
            return body.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /**
     * @param entryPoint the entry point, for the message
     * @return the database of the call running on this thread
     * @throws IllegalStateException outside a call through {@code Warden}
     */
    public static dev.warden.db.Db db(String entryPoint) {
        Env env = CURRENT.get();
        if (env == null) {
            throw new IllegalStateException("the rule of " + entryPoint + " reads the module's tables, which a host"
                    + " gives: check or call it through Warden (or the testkit's TestHost), not GuardedModule directly");
        }
        return env.database().db();
    }

    /**
     * @param type an injected parameter type other than {@code CallerContext}
     * @param caller the caller
     * @param entryPoint the entry point, for the message
     * @return the context for this call
     * @throws IllegalStateException outside a call through {@code Warden}, which has the database
     */
    static Object context(Class<?> type, CallerContext caller, String entryPoint) {
        Env env = CURRENT.get();
        if (env == null) {
            throw new IllegalStateException(entryPoint + " takes a " + type.getSimpleName() + ", which a host gives:"
                    + " call it through Warden (or the testkit's TestHost), not GuardedModule directly");
        }
        Database db = env.database();
        if (type == ReducerContext.class) {
            Instant at = db.isHeldByCurrentThread() ? db.db().timestamp() : Instant.now();
            return new ReducerContext(caller, at, env.moduleIdentity(), db.db());
        }
        if (type == ViewContext.class) {
            return new ViewContext(caller, db.db());
        }
        if (type == AnonymousViewContext.class) {
            return new AnonymousViewContext(db.db());
        }
        return new ProcedureContext(caller, Instant.now(), env.moduleIdentity(), db);
    }
}
