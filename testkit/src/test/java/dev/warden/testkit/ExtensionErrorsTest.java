package dev.warden.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.policy.PolicyCompilationException;
import dev.warden.policy.annotation.Reducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension's annotations fail clearly when combined wrongly. */
class ExtensionErrorsTest {

    @WardenTest
    static class Misuse {
        @Test
        @WithCaller(kind = CallerKind.ANONYMOUS, roles = "admin")
        void anonymousWithRoles(CallerContext caller) {}

        @Test
        void callerWithoutWithCaller(CallerContext caller) {}

        @Test
        void hostWithoutModule(TestHost<?> host) {}

        @Test
        @WithCaller(claims = "no-equals-sign")
        void badClaim(CallerContext caller) {}
    }

    @Test
    void misuseIsReportedNotIgnored() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Misuse.class)).execute().testEvents()
                .assertStatistics(s -> s.started(4).failed(4))
                .assertThatEvents()
                .haveExactly(1, event(test("anonymousWithRoles"), finishedWithFailure(message(m ->
                        m.contains("cannot carry roles, scopes or claims: anonymous callers get none")))))
                .haveExactly(1, event(test("callerWithoutWithCaller"), finishedWithFailure(message(m ->
                        m.contains("needs @WithCaller")))))
                .haveExactly(1, event(test("hostWithoutModule"), finishedWithFailure(message(m ->
                        m.contains("@WardenTest(module = YourModule.class)")))))
                .haveExactly(1, event(test("badClaim"), finishedWithFailure(message(m ->
                        m.contains("a claim is written name=value")))));
    }

    /** A module with an entry point that has no rule: it never starts. */
    public static class Unguarded {
        @Reducer("open_door")
        public void openDoor() {}
    }

    @WardenTest(module = Unguarded.class)
    static class UnguardedModule {
        @Test
        void takesTheHost(TestHost<?> host) {}

        @Test
        void takesCallers(TestCallers callers) {}

        @Test
        void takesNothing() {}
    }

    @WardenTest(module = Unguarded.class)
    static class UnguardedInBeforeEach {
        @BeforeEach
        void setUp(TestHost<?> host) {}

        @Test
        void test() {}
    }

    @Test
    void aModuleThatCannotBeGuardedFailsEveryTestWithThePolicyCompilationExceptionItself() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(UnguardedModule.class),
                        selectClass(UnguardedInBeforeEach.class)).execute().testEvents()
                .assertStatistics(s -> s.started(4).failed(4))
                .assertThatEvents()
                .haveExactly(4, event(test(), finishedWithFailure(instanceOf(PolicyCompilationException.class),
                        message(m -> m.startsWith("cannot guard " + Unguarded.class.getName())
                                && m.contains("open_door")))));
    }
}
