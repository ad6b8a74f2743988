package dev.warden.policy;

import dev.warden.claims.CallerContext;

/**
 * A client-callable entry point resolved once by {@link GuardedModule#resolve(String)}, as a host resolves each
 * reducer it dispatches to (as Spring's authorization managers are built once per method). Its {@link #check}
 * and {@link #invoke} decide exactly as the module's by-name methods, without the lookup by name. Immutable and
 * thread-safe.
 *
 * @param <M> the module class
 */
public final class ResolvedEntryPoint<M> {

    private final GuardedModule<M> module;
    private final GuardedModule.Compiled compiled;

    ResolvedEntryPoint(GuardedModule<M> module, GuardedModule.Compiled compiled) {
        this.module = module;
        this.compiled = compiled;
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
        return module.check(compiled, instance, caller, args);
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
        return "ResolvedEntryPoint[" + compiled.entryPoint.name() + "]";
    }
}
