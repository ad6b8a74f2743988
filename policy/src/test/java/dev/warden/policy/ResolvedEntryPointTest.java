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

    /** Entry points without parameters take the handle's direct path: it must decide as the general one. */
    @Test
    void entryPointsWithoutParametersDecideAsByName() {
        CallerContext admin = Callers.user("ada", "admin");
        CallerContext auditor = Callers.user("aud", "admin", "auditor");
        CallerContext player = Callers.user("bob", "player");
        ResolvedEntryPoint<Modules.Chat> delete = module.resolve("delete_post");   // takes an argument
        ResolvedEntryPoint<Modules.Chat> audit = module.resolve("audit");          // takes none
        assertThat(audit.check(chat, auditor)).isSameAs(module.check(chat, "audit", auditor));
        Decision denied = audit.check(chat, admin);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.reason()).isEqualTo(module.check(chat, "audit", admin).reason())
                .startsWith("denied audit: requires any role of [auditor]");
        assertThat(told).containsExactly("audit true", "audit true", "audit false", "audit false");
        // arguments where none are taken: refused once the rule allows, as by name; a denial is told first
        assertThatThrownBy(() -> audit.check(chat, auditor, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("audit takes 0 argument(s), got 1");
        assertThat(audit.check(chat, player, "x").allowed()).isFalse();
        assertThat(audit.check(chat, auditor, (Object[]) null).allowed()).isTrue();
        assertThatThrownBy(() -> audit.check(chat, null)).isInstanceOf(NullPointerException.class);
        assertThat(delete.check(chat, player, 1L).allowed()).isFalse();
        // invoke decides through the general path (decide, then bind, then run): the same verdicts and reasons
        int before = chat.runs.get();
        audit.invoke(chat, auditor);
        assertThat(chat.runs.get()).isEqualTo(before + 1);
        assertThatThrownBy(() -> audit.invoke(chat, admin)).isInstanceOf(AccessDeniedException.class)
                .extracting(e -> ((AccessDeniedException) e).decision().reason()).isEqualTo(denied.reason());
        assertThat(chat.runs.get()).isEqualTo(before + 1);
    }

    /** Without a listener the handle skips notifying: the decisions must not change. */
    @Test
    void aDecisionListenerOfNoneIsNotNeededForTheSameDecisions() {
        GuardedModule<Modules.Chat> silent = Modules.chatEngine(chat).build().compile(Modules.Chat.class);
        CallerContext auditor = Callers.user("aud", "admin", "auditor");
        assertThat(silent.resolve("audit").check(chat, auditor).allowed()).isTrue();
        assertThat(silent.resolve("audit").check(chat, Callers.user("bob")).reason())
                .startsWith("denied audit: requires any role of [admin]; caller USER ");
    }

    @Test
    void everyNameResolvesToItsOwnHandleWhateverStringHoldsIt() {
        for (EntryPoint ep : module.entryPoints()) {
            if (!ep.kind().clientCallable()) {
                continue;
            }
            String copy = new String(ep.name().toCharArray());   // not the interned name
            assertThat(module.resolve(copy)).isSameAs(module.resolve(ep.name()));
            assertThat(module.resolve(copy).entryPoint()).isSameAs(ep);
        }
        assertThatThrownBy(() -> module.resolve("ban_use")).isInstanceOf(NoSuchEntryPointException.class);
        assertThatThrownBy(() -> module.check(chat, "BAN_USER", Callers.user("ada", "admin"), "x"))
                .isInstanceOf(NoSuchEntryPointException.class);
    }

    @Test
    void onlyClientCallableEntryPointsResolve() {
        assertThatThrownBy(() -> module.resolve("cleanup")).isInstanceOf(NoSuchEntryPointException.class);
        assertThatThrownBy(() -> module.resolve("no_such")).isInstanceOf(NoSuchEntryPointException.class);
        assertThatThrownBy(() -> module.resolve(null)).isInstanceOf(NoSuchEntryPointException.class);
    }
}
