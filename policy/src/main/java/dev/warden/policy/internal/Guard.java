package dev.warden.policy.internal;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import java.util.Set;

/**
 * A compiled access rule. {@link #deny} returns null to allow (allocating nothing) or a {@link Denial}: the part
 * of the rule that denied, and why.
 */
public interface Guard {

    /**
     * A denial.
     *
     * @param part the part of the rule that denied, as {@link #describe()} writes it: in a conjunction, the
     *     first part that denied; otherwise the whole rule
     * @param reason what that part requires and what the caller had
     */
    record Denial(String part, String reason) {}

    /** Static answer for the report. */
    enum Tri {
        /** Allowed whatever the claims and arguments. */
        ALLOW,
        /** Denied whatever the claims and arguments. */
        DENY,
        /** Claims, arguments or the caller's identity decide. */
        DEPENDS
    }

    /**
     * @param caller who is calling
     * @param entryPoint the entry point's name
     * @param module the module instance (may be null)
     * @param args the client's arguments (injected parameters excluded)
     * @return null if allowed, else the part that denied and what it requires and what the caller had
     */
    Denial deny(CallerContext caller, String entryPoint, Object module, Object[] args);

    /** @return the rule as written in reports and decisions */
    String describe();

    /**
     * @param kind a caller kind
     * @param roles the caller's roles
     * @return whether such a caller is allowed, when that does not depend on claims or arguments
     */
    Tri allowsStatically(CallerKind kind, Set<String> roles);

    /** @return whether the rule reads the call's arguments (then they are bound before it decides) */
    default boolean readsArguments() {
        return false;
    }

    /** @return the role names the rule mentions, for the report's matrix */
    default Set<String> roles() {
        return Set.of();
    }
}
