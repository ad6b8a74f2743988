package dev.warden.policy;

import java.util.Objects;

/**
 * The outcome of one check: allowed or denied, the rule that decided, and a reason naming the entry point,
 * what it requires and what the caller had (never the token). Immutable.
 *
 * @param allowed whether the call may proceed
 * @param entryPoint the entry point checked ({@code <connect>} for the connection rule)
 * @param rule the rule as written, for example {@code @RequiresAnyRole[admin]}
 * @param reason why, in words meant for logs and for the client
 */
public record Decision(boolean allowed, String entryPoint, String rule, String reason) {

    /**
     * Checks that no component is null.
     *
     * @param allowed whether the call may proceed
     * @param entryPoint the entry point checked
     * @param rule the rule as written
     * @param reason why
     */
    public Decision {
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return (allowed ? "ALLOW " : "DENY ") + entryPoint + ": " + reason;
    }
}
