package dev.warden.examples.guild;

import static dev.warden.testkit.WardenAssertions.assertAllowed;
import static dev.warden.testkit.WardenAssertions.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.PolicyEngine;
import dev.warden.testkit.AuthorizationMatrix;
import dev.warden.testkit.EngineConfig;
import dev.warden.testkit.MockIssuer;
import dev.warden.testkit.TestCallers;
import dev.warden.testkit.TestHost;
import dev.warden.testkit.WardenTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guild module's rules, tested the way its author would: real tokens, the real engine, a TestHost, no rule
 * written by hand inside an entry point.
 */
@WardenTest(module = GuildModule.class, engine = GuildModuleTest.Rules.class)
class GuildModuleTest {

    /** The module's own rules, for the extension. */
    public static final class Rules implements EngineConfig {
        @Override
        public void configure(PolicyEngine.Builder engine, MockIssuer issuer) {
            GuildModule.rules(engine);
        }
    }

    CallerContext alice;    // leader of guild 1
    CallerContext bob;      // member of guild 1, promoted to officer
    CallerContext erin;     // member of guild 1
    CallerContext carol;    // leader of guild 2
    CallerContext dave;     // member of guild 2
    CallerContext loner;    // in no guild

    @BeforeEach
    void guilds(TestHost<GuildModule> host, TestCallers callers) {
        alice = callers.user("alice");
        bob = callers.user("bob");
        erin = callers.user("erin");
        carol = callers.user("carol");
        dave = callers.user("dave");
        loner = callers.user("loner");
        host.call(alice, "found_guild", 1L);
        host.call(alice, "invite", bob.sender());
        host.call(alice, "invite", erin.sender());
        host.call(bob, "join", 1L);
        host.call(erin, "join", 1L);
        host.call(carol, "found_guild", 2L);
        host.call(carol, "invite", dave.sender());
        host.call(dave, "join", 2L);
        host.call(alice, "promote", bob.sender());
    }

    @Test
    void officersKickMembersOfTheirOwnGuildOnly(TestHost<GuildModule> host) {
        assertDenied(host, bob, "kick", dave.sender()).withReasonContaining("policy 'officerOfTheirGuild' denied");
        assertDenied(host, erin, "kick", bob.sender()).byRule("@Policy");
        assertAllowed(host, bob, "kick", erin.sender());
        host.call(bob, "kick", erin.sender());
        assertThat(host.rows(GuildModule.Member.class)).extracting(GuildModule.Member::who).doesNotContain(erin.sender());
    }

    @Test
    void anOfficerNeverKicksTheLeaderOrAnotherOfficer(TestHost<GuildModule> host) {
        assertDenied(host, bob, "kick", alice.sender()).withReasonContaining("policy 'officerOfTheirGuild' denied");
        host.call(alice, "promote", erin.sender());
        assertDenied(host, bob, "kick", erin.sender()).byRule("@Policy");
        assertAllowed(host, alice, "kick", bob.sender());
    }

    @Test
    void joiningTakesAnInvitationSoNobodyReadsAnotherGuildsChat(TestHost<GuildModule> host) {
        host.call(carol, "say", "guild two only");
        assertThatThrownBy(() -> host.call(loner, "join", 2L)).isInstanceOf(EntryPointFailedException.class)
                .hasRootCauseMessage("not invited to guild 2");
        assertThat(host.view(loner, "guild_chat")).isEmpty();
        assertDenied(host, erin, "invite", loner.sender()).withReasonContaining("policy 'officerOfAGuild' denied");
    }

    @Test
    void onlyTheLeaderPromotes(TestHost<GuildModule> host) {
        assertDenied(host, bob, "promote", erin.sender()).withReasonContaining("policy 'leaderOfTheirGuild' denied");
        assertDenied(host, carol, "promote", erin.sender()).byRule("@Policy");
        assertAllowed(host, alice, "promote", erin.sender());
    }

    @Test
    void eachMemberSeesOnlyTheirGuildsChat(TestHost<GuildModule> host) {
        host.call(alice, "say", "guild one");
        host.call(carol, "say", "guild two");
        assertThat(host.view(erin, "guild_chat")).extracting(r -> ((GuildModule.ChatLine) r).text())
                .containsExactly("guild one");
        assertThat(host.view(dave, "guild_chat")).extracting(r -> ((GuildModule.ChatLine) r).text())
                .containsExactly("guild two");
        assertThat(host.view(loner, "guild_chat")).isEmpty();
        assertThat(host.guarded().entryPoint("guild_chat").orElseThrow().rule())
                .isEqualTo("@Authenticated, rows @VisibleRows(field = guildId, matches = guildOf)");
    }

    @Test
    void moderatorsSetTheMessageOfTheDayAndBan(TestHost<GuildModule> host, TestCallers callers) {
        CallerContext mod = callers.user("mod", "moderator");
        assertDenied(host, alice, "set_motd", "hi").byRule("@RequiresAnyRole");
        host.call(mod, "set_motd", "raid at nine");
        assertThat(host.view(dave, "motd")).containsExactly("raid at nine");
        host.call(mod, "ban", dave.sender());
        assertThatThrownBy(() -> host.connect(dave)).isInstanceOf(EntryPointFailedException.class)
                .hasRootCauseMessage("banned");
        assertThat(host.connect(erin)).isSameAs(erin);
    }

    @Test
    void statisticsAreForServiceAccountsOnly(TestHost<GuildModule> host, TestCallers callers) {
        assertDenied(host, alice, "export_stats").byRule("@RequiresKind");
        assertThat(host.call(callers.service("stats-bot"), "export_stats")).isEqualTo(Map.of(1L, 3, 2L, 2));
    }

    @Test
    void decayIsTheModulesOwnJob(TestHost<GuildModule> host) {
        for (int i = 0; i < GuildModule.CHAT_KEPT + 5; i++) {
            host.call(alice, "say", "line " + i);
        }
        host.call(carol, "say", "kept");
        assertDenied(host, alice, "decay").notCallableByClients();
        assertThat(host.runScheduled("decay")).isEqualTo(5);
        assertThat(host.view(erin, "guild_chat")).hasSize(GuildModule.CHAT_KEPT);
        assertThat(host.view(dave, "guild_chat")).hasSize(1);
    }

    @Test
    void theWholeMatrix(TestHost<GuildModule> host) {
        AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point                 | alice | bob   | erin  | carol |",
                "| ---                         | ---   | ---   | ---   | ---   |",
                "| say(\"hi\")                 | allow | allow | allow | allow |",
                "| set_motd(\"x\")             | deny  | deny  | deny  | deny  |",
                "| export_stats                | deny  | deny  | deny  | deny  |",
                "| decay                       | not callable | not callable | not callable | not callable |"))
            .verify(host, Map.of("alice", alice, "bob", bob, "erin", erin, "carol", carol));
    }
}
