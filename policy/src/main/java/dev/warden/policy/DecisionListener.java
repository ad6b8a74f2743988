package dev.warden.policy;

import dev.warden.claims.CallerContext;

/**
 * Sees every decision, allowed or denied: an audit log. Must be thread-safe and fast; what it throws is
 * ignored.
 */
@FunctionalInterface
public interface DecisionListener {
    /** A listener that does nothing. */
    DecisionListener NONE = (d, c) -> { };

    /**
     * @param decision the decision
     * @param caller who asked
     */
    void decided(Decision decision, CallerContext caller);
}
