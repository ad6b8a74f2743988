package dev.warden.policy;

import java.util.Objects;

/**
 * The outcome of one check: allowed or denied, the rule that decided and the part of it that denied, and a
 * reason naming the entry point, what it requires and what the caller had (never the token). Immutable.
 *
 * <p>A rule of several annotations is their conjunction
 * ({@code @Policy(officerOfGuild) and @RequiresAnyRole[officer]}): {@link #rule()} is all of it,
 * {@link #decidedBy()} the part that denied, so a test or an audit can tell a caller without the role from a
 * caller the policy refused.
 *
 * @param allowed whether the call may proceed
 * @param entryPoint the entry point checked ({@code <connect>} for the connection rule)
 * @param rule the entry point's whole rule as written, for example {@code @RequiresAnyRole[admin]} or
 *     {@code @Policy(officerOfGuild) and @RequiresAnyRole[officer]} (a view's row filter follows after
 *     {@code ", rows "})
 * @param reason why, in words meant for logs and for the client
 * @param decidedBy for a denial, the part of {@code rule} that denied, as written: the first part of a
 *     conjunction that the caller failed ({@code @RequiresAnyRole[officer]}; each role of
 *     {@code @RequiresAllRoles} is a part of its own), or the whole rule when it has one part; for an allow,
 *     the whole rule, every part of which passed
 */
public record Decision(boolean allowed, String entryPoint, String rule, String reason, String decidedBy) {

    /**
     * Checks that no component is null.
     *
     * @param allowed whether the call may proceed
     * @param entryPoint the entry point checked
     * @param rule the whole rule as written
     * @param reason why
     * @param decidedBy the part of the rule that denied, or the whole rule
     */
    public Decision {
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedBy, "decidedBy");
    }

    /**
     * A decision by a rule as a whole: {@link #decidedBy()} is {@code rule}.
     *
     * @param allowed whether the call may proceed
     * @param entryPoint the entry point checked
     * @param rule the rule as written
     * @param reason why
     */
    public Decision(boolean allowed, String entryPoint, String rule, String reason) {
        this(allowed, entryPoint, rule, reason, rule);
    }

    @Override
    public String toString() {
        return (allowed ? "ALLOW " : "DENY ") + entryPoint + ": " + reason;
    }
}
