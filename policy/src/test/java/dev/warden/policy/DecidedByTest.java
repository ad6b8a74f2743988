package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAllRoles;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A decision names the part of an ANDed rule that denied the call, not only the whole rule. */
class DecidedByTest {

    static final Identity GUILD_OFFICER = Callers.user("olga").sender();

    static class Guild {
        @Reducer("kick")
        @Policy("officerOfGuild")
        @RequiresAnyRole("officer")
        public void kick(long guildId) {}

        @Reducer("audit")
        @Authenticated
        @RequiresAllRoles({"officer", "auditor"})
        public void audit() {}

        @Reducer("promote")
        @RequiresAnyRole("owner")
        public void promote(long guildId) {}

        @View("roster")
        @Authenticated
        @VisibleRows(owner = "who")
        public List<Member> roster() {
            return List.of();
        }
    }

    record Member(Identity who) {}

    final GuardedModule<Guild> guild = PolicyEngine.builder().roles("owner", "officer", "member", "auditor")
            .policy("officerOfGuild", (caller, call) -> caller.sender().equals(GUILD_OFFICER)
                    && call.arg(0, Long.class) == 7L)
            .build().compile(Guild.class);
    final Guild instance = new Guild();

    @Test
    void aDenialByTheRolePartNamesTheRolePartNotThePolicy() {
        CallerContext olgaWithoutRole = Callers.user("olga", "member");   // the policy passes, the role fails
        Decision d = guild.check(instance, "kick", olgaWithoutRole, 7L);
        assertThat(d.allowed()).isFalse();
        assertThat(d.rule()).isEqualTo("@Policy(officerOfGuild) and @RequiresAnyRole[officer]");
        assertThat(d.decidedBy()).isEqualTo("@RequiresAnyRole[officer]");
        assertThat(d.reason()).contains("requires any role of [officer]");
    }

    @Test
    void aDenialByThePolicyPartNamesThePolicy() {
        CallerContext officerElsewhere = Callers.user("otto", "officer");
        Decision d = guild.check(instance, "kick", officerElsewhere, 7L);
        assertThat(d.allowed()).isFalse();
        assertThat(d.decidedBy()).isEqualTo("@Policy(officerOfGuild)");
        AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
                () -> guild.invoke(instance, "kick", officerElsewhere, 7L));
        assertThat(e.decision().decidedBy()).isEqualTo("@Policy(officerOfGuild)");
    }

    @Test
    void eachRoleOfRequiresAllRolesIsItsOwnPart() {
        // audit takes no arguments: the resolved handle decides on its direct path
        Decision byName = guild.check(instance, "audit", Callers.user("ann", "officer"));
        Decision resolved = guild.resolve("audit").check(instance, Callers.user("ann", "officer"));
        assertThat(byName.decidedBy()).isEqualTo("@RequiresAllRoles[auditor]");
        assertThat(resolved.decidedBy()).isEqualTo("@RequiresAllRoles[auditor]");
        assertThat(guild.check(instance, "audit", Callers.anonymous()).decidedBy()).isEqualTo("@Authenticated");
    }

    @Test
    void aSinglePartRuleDecidesAsAWholeAndAViewsRowFilterIsNoPartOfIt() {
        assertThat(guild.check(instance, "promote", Callers.user("x"), 1L).decidedBy()).isEqualTo("@RequiresAnyRole[owner]");
        Decision view = guild.check(instance, "roster", Callers.anonymous());
        assertThat(view.rule()).isEqualTo("@Authenticated, rows @VisibleRows(owner = who)");
        assertThat(view.decidedBy()).isEqualTo("@Authenticated");
    }

    @Test
    void anAllowIsDecidedByTheWholeRuleAndIsTheSameDecisionEachTime() {
        CallerContext olga = Callers.user("olga", "officer");
        Decision d = guild.check(instance, "kick", olga, 7L);
        assertThat(d.allowed()).isTrue();
        assertThat(d.decidedBy()).isEqualTo(d.rule());
        assertThat(guild.check(instance, "kick", olga, 7L)).isSameAs(d);
    }

    @Test
    void theConnectionRuleDecidesAsAWhole() {
        GuardedModule<Guild> usersOnly = PolicyEngine.builder().roles("owner", "officer", "member", "auditor")
                .policy("officerOfGuild", (caller, call) -> true)
                .connectionRule(Set.of(dev.warden.claims.CallerKind.USER), Set.of(), Set.of()).build()
                .compile(Guild.class);
        Decision d = usersOnly.checkConnection(Callers.anonymous());
        assertThat(d.allowed()).isFalse();
        assertThat(d.decidedBy()).isEqualTo(d.rule()).isEqualTo("connection rule: kinds [USER]");
    }

    @Test
    void aDecisionBuiltWithoutAPartIsDecidedByItsRule() {
        Decision d = new Decision(false, "x", "@DenyAll", "denied x");
        assertThat(d.decidedBy()).isEqualTo("@DenyAll");
        assertThat(d).isEqualTo(new Decision(false, "x", "@DenyAll", "denied x", "@DenyAll"));
        assertThat(catchThrowableOfType(NullPointerException.class,
                () -> new Decision(false, "x", "@DenyAll", "denied x", null))).hasMessage("decidedBy");
    }
}
