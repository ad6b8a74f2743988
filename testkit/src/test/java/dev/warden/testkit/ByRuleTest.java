package dev.warden.testkit;

import static dev.warden.testkit.WardenAssertions.assertDenied;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * {@code byRule} checks the part of an ANDed rule that denied the call: a denial by the role part is not a
 * denial by the policy part, though both are in the entry point's rule.
 */
@WardenTest(module = ByRuleTest.Guild.class, engine = ByRuleTest.Rules.class)
class ByRuleTest {

    /** An ownership policy ANDed with a role, as a guild module writes it. */
    public static class Guild {
        /** @param guildId the guild */
        @Reducer("kick")
        @Policy("officerOfGuild")
        @RequiresAnyRole("officer")
        public void kick(long guildId) {}
    }

    /** "officerOfGuild": the caller is an officer of guild 7 when their subject is olga. */
    public static final class Rules implements EngineConfig {
        @Override
        public void configure(PolicyEngine.Builder engine, MockIssuer issuer) {
            engine.roles("officer", "member").policy("officerOfGuild", (caller, call) ->
                    caller.sender().equals(Identity.fromClaims(issuer.issuer(), "olga")) && call.arg(0, Long.class) == 7L);
        }
    }

    @Test
    @WithCaller(subject = "olga", roles = "member")
    void aDenialByTheRolePartIsNotADenialByThePolicy(TestHost<Guild> host, CallerContext olga) {
        assertThatThrownBy(() -> assertDenied(host, olga, "kick", 7L).byRule("@Policy"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected rule: @Policy")
                .hasMessageContaining("denied by: @RequiresAnyRole[officer]")
                .hasMessageContaining("actual rule: @Policy(officerOfGuild) and @RequiresAnyRole[officer]");
        assertThatThrownBy(() -> assertDenied(host, olga, "kick", 7L)
                .byRule("@Policy(officerOfGuild) and @RequiresAnyRole[officer]"))
                .as("the whole ANDed rule did not deny: one part did").isInstanceOf(AssertionFailedError.class);
        assertDenied(host, olga, "kick", 7L).byRule("@RequiresAnyRole").byRule("@RequiresAnyRole[officer]");
    }

    @Test
    @WithCaller(subject = "otto", roles = "officer")
    void aDenialByThePolicyPartIsNotADenialByTheRole(TestHost<Guild> host, CallerContext otto) {
        assertThatThrownBy(() -> assertDenied(host, otto, "kick", 7L).byRule("@RequiresAnyRole"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("denied by: @Policy(officerOfGuild)");
        assertDenied(host, otto, "kick", 7L).byRule("@Policy").byRule("Policy").byRule("@Policy(officerOfGuild)");
    }
}
