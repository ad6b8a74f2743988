package dev.warden.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
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
}
