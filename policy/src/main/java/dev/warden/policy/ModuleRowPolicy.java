package dev.warden.policy;

import dev.warden.claims.CallerContext;

/**
 * Decides which rows of a view a caller may see, with the module instance at hand: for rules that depend on
 * the module's state ("members see their own guild's chat"). Registered with
 * {@link PolicyEngine.Builder#rowPolicy(String, Class, Class, ModuleRowPolicy)} and referenced by
 * {@link dev.warden.policy.annotation.VisibleRows#policy()}. Rows that are not of the registered type are
 * never shown, and neither is any row of a static view called without a module instance. Must be thread-safe;
 * a throw hides the row.
 *
 * @param <M> the module type
 * @param <T> the row type
 */
@FunctionalInterface
public interface ModuleRowPolicy<M, T> {
    /**
     * @param caller who is reading
     * @param module the module instance the view runs on
     * @param row one row
     * @return whether the caller may see it
     */
    boolean visible(CallerContext caller, M module, T row);
}
