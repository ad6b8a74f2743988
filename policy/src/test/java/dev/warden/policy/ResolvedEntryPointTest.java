package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An entry point resolved once decides and runs exactly as the by-name calls do. */
class ResolvedEntryPointTest {

    private final Modules.Chat chat = new Modules.Chat();
    private final List<String> told = new ArrayList<>();
    private final GuardedModule<Modules.Chat> module = Modules.chatEngine(chat)
            .listener((d, c) -> told.add(d.entryPoint() + " " + d.allowed()))
            .build().compile(Modules.Chat.class);

    @Test
    void decidesAsTheByNameCheck() {
        CallerContext admin = Callers.user("ada", "admin");
        CallerContext player = Callers.user("bob", "player");
        ResolvedEntryPoint<Modules.Chat> ban = module.resolve("ban_user");
        assertThat(ban.entryPoint().name()).isEqualTo("ban_user");
        assertThat(ban.check(chat, admin, "x")).isSameAs(module.check(chat, "ban_user", admin, "x"));
        Decision denied = ban.check(chat, player, "x");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.reason()).isEqualTo(module.check(chat, "ban_user", player, "x").reason());
        assertThat(told).containsExactly("ban_user true", "ban_user true", "ban_user false", "ban_user false");
        assertThatThrownBy(() -> ban.check(chat, admin)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ban_user takes 1 argument(s), got 0");
        assertThat(ban).hasToString("ResolvedEntryPoint[ban_user]");
    }

    @Test
    void invokesAsTheByNameInvoke() {
        CallerContext admin = Callers.user("ada", "admin");
        int before = chat.runs.get();
        module.resolve("ban_user").invoke(chat, admin, "x");
        assertThat(chat.runs.get()).isEqualTo(before + 1);
        assertThatThrownBy(() -> module.resolve("ban_user").invoke(chat, Callers.user("bob", "player"), "x"))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(chat.runs.get()).as("a denied call does not run").isEqualTo(before + 1);
    }

    @Test
    void onlyClientCallableEntryPointsResolve() {
        assertThatThrownBy(() -> module.resolve("cleanup")).isInstanceOf(NoSuchEntryPointException.class);
        assertThatThrownBy(() -> module.resolve("no_such")).isInstanceOf(NoSuchEntryPointException.class);
        assertThatThrownBy(() -> module.resolve(null)).isInstanceOf(NoSuchEntryPointException.class);
    }
}
