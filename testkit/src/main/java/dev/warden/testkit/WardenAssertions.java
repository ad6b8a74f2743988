package dev.warden.testkit;

import dev.warden.claims.CallerContext;
import dev.warden.policy.Decision;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on decisions: {@code assertAllowed(host, alice, "create_post", "hi")},
 * {@code assertDenied(host, bob, "ban_user", id).withReasonContaining("requires any role of [admin]")}.
 * They decide without running the entry point.
 */
public final class WardenAssertions {

    private WardenAssertions() {}

    /**
     * @param host the host
     * @param caller the caller
     * @param entryPoint the entry point
     * @param args its arguments
     * @return the decision
     * @throws AssertionFailedError if the call would be denied
     */
    public static Decision assertAllowed(TestHost<?> host, CallerContext caller, String entryPoint, Object... args) {
        Decision d = host.check(caller, entryPoint, args);
        if (!d.allowed()) {
            throw new AssertionFailedError("expected " + entryPoint + " to be allowed for " + caller + ", but: "
                    + d.reason(), "allow", "deny");
        }
        return d;
    }

    /**
     * @param host the host
     * @param caller the caller
     * @param entryPoint the entry point
     * @param args its arguments
     * @return the denial, for further checks
     * @throws AssertionFailedError if the call would be allowed
     */
    public static Denial assertDenied(TestHost<?> host, CallerContext caller, String entryPoint, Object... args) {
        Decision d = host.check(caller, entryPoint, args);
        if (d.allowed()) {
            throw new AssertionFailedError("expected " + entryPoint + " to be denied for " + caller + ", but it is "
                    + d.reason(), "deny", "allow");
        }
        return new Denial(d);
    }

    /** A denial to check further. */
    public static final class Denial {
        private final Decision decision;

        Denial(Decision decision) {
            this.decision = decision;
        }

        /** @return the decision */
        public Decision decision() {
            return decision;
        }

        /**
         * @param text expected part of the reason
         * @return this denial
         * @throws AssertionFailedError if the reason does not contain it
         */
        public Denial withReasonContaining(String text) {
            if (!decision.reason().contains(text)) {
                throw new AssertionFailedError("denial reason does not contain the expected text", text,
                        decision.reason());
            }
            return this;
        }

        /**
         * @param rule the expected deciding rule, as in the report
         * @return this denial
         * @throws AssertionFailedError if another rule decided
         */
        public Denial byRule(String rule) {
            if (!decision.rule().equals(rule)) {
                throw new AssertionFailedError("denied by another rule", rule, decision.rule());
            }
            return this;
        }
    }
}
