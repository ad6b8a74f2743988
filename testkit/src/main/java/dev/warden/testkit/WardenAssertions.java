package dev.warden.testkit;

import dev.warden.claims.CallerContext;
import dev.warden.policy.Decision;
import dev.warden.policy.EntryPoint;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on decisions: {@code assertAllowed(host, alice, "create_post", "hi")},
 * {@code assertDenied(host, bob, "ban_user", id).withReasonContaining("requires any role of [admin]")}.
 * They decide without running the entry point. A scheduled or lifecycle entry point, which clients cannot call,
 * is denied by the rule {@value #NOT_CALLABLE}: {@code assertDenied(host, admin, "cleanup").notCallableByClients()}.
 * An entry point the module does not have is an error, not a denial.
 */
public final class WardenAssertions {

    /** The rule of a denial because clients cannot call the entry point at all (scheduled or lifecycle). */
    public static final String NOT_CALLABLE = "not callable by clients";

    private WardenAssertions() {}

    /**
     * The decision for a client call, as the host's {@code check}, except that an entry point clients cannot call
     * is a denial by {@link #NOT_CALLABLE} instead of a {@code NoSuchEntryPointException}.
     *
     * @param host the host
     * @param caller the caller
     * @param entryPoint the entry point
     * @param args its arguments
     * @return the decision
     * @throws dev.warden.policy.NoSuchEntryPointException if the module has no entry point of that name
     */
    static Decision decide(TestHost<?> host, CallerContext caller, String entryPoint, Object... args) {
        Optional<EntryPoint> ep = host.guarded().entryPoint(entryPoint);
        if (ep.isPresent() && !ep.get().kind().clientCallable()) {
            // ask the real client path, so that a regression letting clients call it cannot pass as "not callable"
            try {
                Decision d = host.check(caller, entryPoint, args);
                throw new AssertionFailedError(entryPoint + " is a " + ep.get().kind() + " entry point, yet a client "
                        + "call was decided: " + d);
            } catch (dev.warden.policy.NoSuchEntryPointException expected) {
                return new Decision(false, entryPoint, NOT_CALLABLE, entryPoint + " is a " + ep.get().kind()
                        + " entry point: clients cannot call it, only the module itself runs it");
            }
        }
        return host.check(caller, entryPoint, args);
    }

    /**
     * @param host the host
     * @param caller the caller
     * @param entryPoint the entry point
     * @param args its arguments
     * @return the decision
     * @throws AssertionFailedError if the call would be denied, or clients cannot call the entry point
     * @throws dev.warden.policy.NoSuchEntryPointException if the module has no entry point of that name
     */
    public static Decision assertAllowed(TestHost<?> host, CallerContext caller, String entryPoint, Object... args) {
        Decision d = decide(host, caller, entryPoint, args);
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
     * @return the denial, for further checks (a scheduled or lifecycle entry point is denied by
     *     {@link #NOT_CALLABLE})
     * @throws AssertionFailedError if the call would be allowed
     * @throws dev.warden.policy.NoSuchEntryPointException if the module has no entry point of that name
     */
    public static Denial assertDenied(TestHost<?> host, CallerContext caller, String entryPoint, Object... args) {
        Decision d = decide(host, caller, entryPoint, args);
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
         * The rule that denied: the part of the entry point's rule that denied the call
         * ({@link Decision#decidedBy()}), never merely a rule ANDed with it. Either its annotation name
         * ({@code "@RequiresAnyRole"}, the {@code @} optional), which matches that part with any arguments
         * ({@code @RequiresAnyRole[admin]}), or the part exactly as written ({@code "@RequiresAnyRole[admin]"}), or
         * the whole rule exactly as {@link Decision#rule()} writes it when it has only that part. Under
         * {@code @Policy("officerOfGuild") @RequiresAnyRole("officer")}, a caller without the role is denied by
         * {@code "@RequiresAnyRole"}, not by {@code "@Policy"}.
         *
         * @param rule the expected deciding rule
         * @return this denial
         * @throws AssertionFailedError if another rule, or another part of the rule, decided; the message gives
         *     the expected rule, the actual rule, the part that denied, and the reason
         */
        public Denial byRule(String rule) {
            if (!matches(rule, decision)) {
                throw new AssertionFailedError("denied by another rule\n  expected rule: " + rule + "\n" + actual(),
                        rule, decision.decidedBy());
            }
            return this;
        }

        /**
         * @return this denial
         * @throws AssertionFailedError unless the denial is because clients cannot call the entry point at all
         *     (it is scheduled or a lifecycle hook), not because of its rule
         */
        public Denial notCallableByClients() {
            if (!decision.rule().equals(NOT_CALLABLE)) {
                throw new AssertionFailedError("denied by its rule, yet clients can call it\n  expected rule: "
                        + NOT_CALLABLE + "\n" + actual(), NOT_CALLABLE, decision.rule());
            }
            return this;
        }

        private String actual() {
            return "  actual rule: " + decision.rule() + "\n  denied by: " + decision.decidedBy() + "\n  reason: "
                    + decision.reason();
        }

        static boolean matches(String expected, Decision decision) {
            String e = expected.strip();
            String part = decision.decidedBy();
            if (e.equals(part)) {
                return true;
            }
            String rule = decision.rule();
            int rows = rule.indexOf(", rows ");   // a view's row filter is not part of its access rule
            if (e.equals(rule) && (rows < 0 ? rule : rule.substring(0, rows)).equals(part)) {
                return true;   // the whole rule, which is the one part that denied
            }
            String name = e.startsWith("@") ? e : "@" + e;
            return name.matches("@[\\w.$]+")
                    && (part.equals(name) || part.startsWith(name + "[") || part.startsWith(name + "("));
        }
    }
}
