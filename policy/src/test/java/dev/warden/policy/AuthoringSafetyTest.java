package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.policy.annotation.Init;
import dev.warden.policy.annotation.OnDisconnect;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAllRoles;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresKind;
import dev.warden.policy.annotation.View;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Module authors' issue (14): fail closed and early, and say why. */
class AuthoringSafetyTest {

    final CallerContext user = Callers.user("u");
    final CallerContext admin = Callers.user("a", "admin");

    static class Guild {
        @Reducer("kick")
        @RequiresAnyRole("admin")
        public void kick(long memberId) {}

        @Reducer("promote")
        @Policy("lookup")
        public void promote(long memberId) {}
    }

    final PolicyEngine engine = PolicyEngine.builder()
            .policy("lookup", (caller, call) -> {
                throw new IllegalStateException("guild " + call.arg(0, Long.class) + " not found\nfor "
                        + "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln");
            })
            .build();
    final GuardedModule<Guild> m = engine.compile(Guild.class);
    final Guild g = new Guild();

    static class Mistakes {
        @Reducer("hidden")
        @RequiresAnyRole("admin")
        private void hidden() {}

        @Reducer("local")
        @RequiresAnyRole("admin")
        void packagePrivate() {}

        @View("nothing")
        @Public
        public void nothing() {}

        @Reducer("dup")
        @Public
        public void dup(long a) {}

        @Reducer("dup")
        @Public
        public void dup(String a, int b) {}

        @Init
        public void init() {}

        @Init
        public void initAgain() {}

        @OnDisconnect
        public void bye() {}

        @OnDisconnect
        public void byeAgain() {}
    }

    @Test
    void mistakesThatUsedToCompileSilentlyFailAtStartup() {
        List<String> problems = assertThrows(() -> engine.compile(Mistakes.class));
        assertThat(problems).contains(
                "Mistakes.hidden is private: an entry point (@Reducer) must be a public method",
                "Mistakes.packagePrivate is package-private: an entry point (@Reducer) must be a public method",
                "Mistakes.nothing is a view but returns void: a view returns the rows it shows",
                "more than one @Init method: Mistakes.init, Mistakes.initAgain",
                "more than one @OnDisconnect method: Mistakes.bye, Mistakes.byeAgain");
        assertThat(problems).anyMatch(p -> p.startsWith("two entry points are named 'dup': ")
                && p.contains("Mistakes.dup(long)") && p.contains("Mistakes.dup(String, int)"));
    }

    static List<String> assertThrows(Runnable compile) {
        try {
            compile.run();
        } catch (PolicyCompilationException e) {
            return e.problems();
        }
        throw new AssertionError("compiled, but must not");
    }

    static class Staff {
        @Reducer("motd")
        @RequiresAnyRole("moderatr")
        public void motd() {}

        @Reducer("decay")
        @RequiresAllRoles({"officer", "treasurer"})
        public void decay() {}

        @Reducer("export")
        @RequiresKind(CallerKind.SERVICE)
        public String export() {
            return "stats";
        }
    }

    @Test
    void roleNamesAreCheckedAgainstTheCatalogueWithASuggestion() {
        List<String> problems = assertThrows(() -> PolicyEngine.builder()
                .roleHierarchy(RoleHierarchy.of("leader > officer > member", "admin > moderator")).build()
                .compile(Staff.class));
        assertThat(problems).containsExactly(   // in method name order, whatever order reflection lists them in
                "Staff.decay: @RequiresAllRoles names the undeclared role 'treasurer'; declared roles: [admin, "
                        + "leader, member, moderator, officer]",
                "Staff.motd: @RequiresAnyRole names the undeclared role 'moderatr' (did you mean 'moderator'?); "
                        + "declared roles: [admin, leader, member, moderator, officer]");
        GuardedModule<Staff> ok = PolicyEngine.builder().roles("moderatr", "officer", "treasurer").build()
                .compile(Staff.class);
        assertThat(ok.entryPoints()).hasSize(3);
        assertThat(PolicyEngine.builder().build().compile(Staff.class).entryPoints())
                .as("without a catalogue, role names are not checked").hasSize(3);
    }

    @Test
    void requiresKindAdmitsOnlyThoseKinds() {
        GuardedModule<Staff> m = PolicyEngine.builder().build().compile(Staff.class);
        Staff s = new Staff();
        CallerContext bot = Callers.of(Callers.ISSUER, "bot", java.util.Map.of("azp", "bot"));
        Decision denied = m.check(s, "export", user);
        assertThat(denied.rule()).isEqualTo("@RequiresKind[SERVICE]");
        assertThat(denied.reason()).startsWith("denied export: requires a caller of kind [SERVICE]; caller is USER ");
        assertThat(m.check(s, "export", Callers.anonymous()).allowed()).isFalse();
        assertThat(m.check(s, "export", Callers.internal()).allowed()).isFalse();
        assertThat(bot.kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(m.check(s, "export", bot).allowed()).isTrue();
        assertThat(m.report()).contains("| `export` | deny | deny |");
    }

    @Test
    void accessIsDecidedBeforeTheArgumentsSoTheSignatureDoesNotLeak() {
        assertThatThrownBy(() -> m.invoke(g, "kick", user)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("requires any role of [admin]");
        assertThat(m.check(g, "kick", user).allowed()).isFalse();
        assertThatThrownBy(() -> m.invoke(g, "kick", admin)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kick takes 1 argument(s), got 0");
        assertThatThrownBy(() -> m.check(g, "kick", admin, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kick argument 0 must be a long, got a String");
    }

    @Test
    void theAuditTrailNeverShowsAsAllowedACallRefusedForItsArguments() {
        List<Decision> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        GuardedModule<Guild> audited = PolicyEngine.builder().listener((d, c) -> seen.add(d))
                .policy("lookup", (caller, call) -> true).build()
                .compile(Guild.class);
        assertThatThrownBy(() -> audited.invoke(g, "kick", admin)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> audited.check(g, "kick", admin, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(seen).isEmpty();
        audited.invoke(g, "kick", admin, 1L);
        assertThatThrownBy(() -> audited.invoke(g, "kick", user)).isInstanceOf(AccessDeniedException.class);
        assertThat(seen).extracting(Decision::allowed).containsExactly(true, false);
    }

    @Test
    void aRuleThatReadsArgumentsGetsThemBound() {
        assertThatThrownBy(() -> m.invoke(g, "promote", user)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("promote takes 1 argument(s), got 0");
    }

    @Test
    void aThrowingPolicyDeniesAndSaysWhyWithoutEchoingATokenOrControlCharacters() {
        Decision d = m.check(g, "promote", user, 7L);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).startsWith("denied promote: policy 'lookup' failed (IllegalStateException: guild 7 "
                + "not found\\u000afor <token>), denying; caller USER ");
    }
}
