package dev.warden.policy;

import dev.warden.claims.CallerContext;

/**
 * A programmatic rule referenced by {@link dev.warden.policy.annotation.Policy}: ownership checks and anything else annotations cannot say
 * ("only the author may edit this post"). Must be thread-safe and must not throw; a throw counts as a denial.
 */
@FunctionalInterface
public interface NamedPolicy {
    /**
     * @param caller who is calling
     * @param invocation the entry point, module instance and arguments
     * @return whether the call may proceed
     */
    boolean allows(CallerContext caller, Invocation invocation);
}
