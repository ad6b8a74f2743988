package dev.warden.policy;

import java.util.Objects;

/**
 * The outcome of one check: allowed or denied, the rule that decided, and a reason naming the entry point,
 * what it requires and what the caller had (never the token). Immutable.
 */
public final class Decision {

    private final boolean allowed;
    private final String entryPoint;
    private final String rule;
    private final String reason;

    /**
     * @param allowed whether the call may proceed
     * @param entryPoint the entry point's name (or {@code <connect>})
     * @param rule the rule that decided, as written in the report
     * @param reason a human-readable explanation
     */
    public Decision(boolean allowed, String entryPoint, String rule, String reason) {
        this.allowed = allowed;
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return whether the call may proceed */
    public boolean allowed() {
        return allowed;
    }

    /** @return the entry point */
    public String entryPoint() {
        return entryPoint;
    }

    /** @return the rule that decided */
    public String rule() {
        return rule;
    }

    /** @return why */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return (allowed ? "ALLOW " : "DENY ") + entryPoint + ": " + reason;
    }
}
