package dev.warden.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
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

    @WardenTest
    static class ClaimsNotStatic {
        @WardenClaims
        final RoleMapping roles = RoleMapping.okta();

        @Test
        void test(TestCallers callers) {}
    }

    @WardenTest
    static class TwoClaims {
        @WardenClaims
        static final RoleMapping ROLES = RoleMapping.okta();

        @WardenClaims
        static ClaimsMapper claims(String issuer) {
            return ClaimsMapper.builder().build();
        }

        @Test
        void test() {}
    }

    @WardenTest
    static class ClaimsOfTheWrongShape {
        @WardenClaims
        static ClaimsMapper claims() {
            return ClaimsMapper.builder().build();
        }

        @Test
        void test() {}
    }

    @WardenTest
    static class ClerkServiceNotNamedAsClerkNamesMachines {
        @WardenClaims
        static final RoleMapping ROLES = RoleMapping.clerk();

        @Test
        void test(TestCallers callers) {
            callers.service("matchmaker");
        }
    }

    @Test
    void aWardenClaimsMemberOfAnotherFormIsAConfigurationError() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ClaimsNotStatic.class), selectClass(TwoClaims.class),
                        selectClass(ClaimsOfTheWrongShape.class),
                        selectClass(ClerkServiceNotNamedAsClerkNamesMachines.class)).execute().testEvents()
                .assertStatistics(s -> s.started(4).failed(4))
                .assertThatEvents()
                .haveExactly(2, event(test(), finishedWithFailure(
                        instanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class),
                        message(m -> m.contains("must be a static RoleMapping field or no-argument method, or a "
                                + "static method taking the issuer: static ClaimsMapper name(String issuer)")))))
                .haveExactly(1, event(test(), finishedWithFailure(message(m ->
                        m.startsWith("@WardenClaims marks one member, found 2")))))
                .haveExactly(1, event(test(), finishedWithFailure(instanceOf(IllegalArgumentException.class),
                        message("a SERVICE token for the clerk role mapping needs [sub starts with \"mch_\"], which "
                                + "cannot hold without changing the token's iss, sub or aud (sub is matchmaker)"))));
    }
}
