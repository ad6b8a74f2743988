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
                    + d.reason() + " (rule: " + d.rule() + ")", "allow", "deny");
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
                    + d.reason() + " (rule: " + d.rule() + ")", "deny", "allow");
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
         * @throws AssertionFailedError if the reason does not contain it; the message gives the actual rule and
         *     reason
         */
        public Denial withReasonContaining(String text) {
            if (!decision.reason().contains(text)) {
                throw new AssertionFailedError("denial reason does not contain the expected text\n"
                        + "  expected reason containing: " + text + "\n" + actual(), text, decision.reason());
            }
            return this;
        }

        /**
         * The rule that denied: either its annotation name ({@code "@RequiresAnyRole"}, the {@code @} optional),
         * which matches that rule with any arguments ({@code @RequiresAnyRole[admin]}) alone or among the
         * entry point's rules ({@code @Authenticated and @RequiresAnyRole[admin]}), or a rule exactly as
         * {@link Decision#rule()} writes it.
         *
         * @param rule the expected deciding rule
         * @return this denial
         * @throws AssertionFailedError if another rule decided; the message gives the expected and actual rule
         *     and the reason
         */
        public Denial byRule(String rule) {
            if (!matches(rule, decision.rule())) {
                throw new AssertionFailedError("denied by another rule\n  expected rule: " + rule + "\n" + actual(),
                        rule, decision.rule());
            }
            return this;
        }

        private String actual() {
            return "  actual rule: " + decision.rule() + "\n  reason: " + decision.reason();
        }

        static boolean matches(String expected, String actual) {
            String e = expected.strip();
            if (e.equals(actual)) {
                return true;
            }
            String name = e.startsWith("@") ? e : "@" + e;
            if (!name.matches("@[\\w.$]+")) {
                return false;
            }
            for (String part : actual.split(" and ")) {
                if (part.equals(name) || part.startsWith(name + "[") || part.startsWith(name + "(")) {
                    return true;
                }
            }
            return false;
        }
    }
}
