package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.policy.internal.Guard;

/**
 * A client-callable entry point resolved once by {@link GuardedModule#resolve(String)}, as a host resolves each
 * reducer it dispatches to (as Spring's authorization managers are built once per method). Its {@link #check}
 * and {@link #invoke} decide exactly as the module's by-name methods, without the lookup by name. Immutable and
 * thread-safe; {@code resolve} returns the same handle for the same name.
 *
 * @param <M> the module class
 */
public final class ResolvedEntryPoint<M> {

    private static final Object[] NO_ARGS = new Object[0];

    private final GuardedModule<M> module;
    private final GuardedModule.Compiled compiled;
    // The allow path of a rule that reads no arguments, on an entry point without parameters, reads only these:
    // one hop from the handle to the guard, none to the module's listener when it is NONE.
    private final Guard guard;
    private final String name;
    private final Decision allowed;
    private final boolean direct;
    private final boolean silent;

    ResolvedEntryPoint(GuardedModule<M> module, GuardedModule.Compiled compiled) {
        this.module = module;
        this.compiled = compiled;
        this.guard = compiled.guard;
        this.name = compiled.entryPoint.name();
        this.allowed = compiled.allowed;
        this.direct = !compiled.readsArguments && compiled.binder.takesNothing();
        this.silent = module.silent();
    }

    /** @return the entry point */
    public EntryPoint entryPoint() {
        return compiled.entryPoint;
    }

    /**
     * Checks a client call without running it, as {@link GuardedModule#check(Object, String, CallerContext,
     * Object...)}.
     *
     * @param instance the module instance (null for static entry points)
     * @param caller the caller
     * @param args the client's arguments
     * @return the decision (also sent to the module's listener)
     * @throws IllegalArgumentException if the arguments do not fit the entry point
     */
    public Decision check(M instance, CallerContext caller, Object... args) {
        if (!direct || caller == null || (args != null && args.length != 0)) {
            return module.check(compiled, instance, caller, args);
        }
        Guard.Denial why = guard.deny(caller, name, instance, NO_ARGS);
        if (why != null) {
            return module.denied(compiled, caller, why);
        }
        if (!silent) {
            module.notify(allowed, caller);
        }
        return allowed;
    }

    /**
     * Checks and runs a client call, as {@link GuardedModule#invoke(Object, String, CallerContext, Object...)}.
     *
     * @param instance the module instance (null for static entry points)
     * @param caller the caller
     * @param args the client's arguments
     * @return what the method returned (a filtered {@code List} for views)
     * @throws AccessDeniedException if the rule denies the call; the method did not run
     * @throws EntryPointFailedException if the method threw
     * @throws IllegalArgumentException if the arguments do not fit the entry point
     */
    public Object invoke(M instance, CallerContext caller, Object... args) {
        return module.invoke(compiled, instance, caller, args);
    }

    @Override
    public String toString() {
        return "ResolvedEntryPoint[" + name + "]";
    }
}
