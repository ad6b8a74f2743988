package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
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
