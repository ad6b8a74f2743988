package dev.warden.policy;

import static dev.warden.policy.CompilationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.host.Warden;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Row filters that read the module's state: module-aware row policies and {@code @VisibleRows(field, matches)}. */
class ModuleRowsTest {

    record Chat(long guildId, String text) {}

    /** A row with a plain field, no accessor. */
    static final class Note {
        private final String team;

        Note(String team) {
            this.team = team;
        }
    }

    @Authenticated
    public static class Guilds {
        final Map<Identity, Long> members = new HashMap<>();
        final Map<Identity, String> teams = new HashMap<>();
        final AtomicInteger lookups = new AtomicInteger();
        final List<Chat> chat = List.of(new Chat(1, "one"), new Chat(2, "two"), new Chat(1, "uno"));

        public Long guildOf(CallerContext caller) {
            lookups.incrementAndGet();
            return members.get(caller.sender());
        }

        String teamOf(Identity who) {
            return teams.get(who);
        }

        @View("guild_chat")
        @VisibleRows(field = "guildId", matches = "guildOf")
        public List<Chat> guildChat() {
            return chat;
        }

        @View("team_notes")
        @VisibleRows(field = "team", matches = "teamOf")
        public Note[] teamNotes() {
            return new Note[] {new Note("red"), new Note("blue")};
        }

        @View("guild_chat_by_policy")
        @VisibleRows(policy = "sameGuild")
        public List<Chat> guildChatByPolicy() {
            return chat;
        }
    }

    final CallerContext alice = Callers.user("alice");
    final CallerContext bob = Callers.user("bob");
    final CallerContext carol = Callers.user("carol");
    final Guilds module = new Guilds();
    final GuardedModule<Guilds> guarded = PolicyEngine.builder()
            .rowPolicy("sameGuild", Guilds.class, Chat.class,
                    (caller, m, row) -> Objects.equals(m.guildOf(caller), row.guildId()))
            .build().compile(Guilds.class);

    ModuleRowsTest() {
        module.members.put(alice.sender(), 1L);
        module.members.put(bob.sender(), 2L);
        module.teams.put(alice.sender(), "blue");
    }

    @SuppressWarnings("unchecked")
    List<Object> view(String name, CallerContext caller) {
        return (List<Object>) guarded.invoke(module, name, caller);
    }

    @Test
    void aRowIsVisibleWhenItsFieldEqualsWhatTheModuleSaysForTheCaller() {
        assertThat(view("guild_chat", alice)).extracting(r -> ((Chat) r).text()).containsExactly("one", "uno");
        assertThat(view("guild_chat", bob)).extracting(r -> ((Chat) r).text()).containsExactly("two");
        assertThat(view("guild_chat", carol)).as("null from guildOf: no rows").isEmpty();
        module.lookups.set(0);
        view("guild_chat", alice);
        assertThat(module.lookups).as("guildOf is asked once per view call, not per row").hasValue(1);
        assertThat(guarded.entryPoint("guild_chat").orElseThrow().rowFilter())
                .contains("@VisibleRows(field = guildId, matches = guildOf)");
    }

    @Test
    void theMatchingMethodMayTakeTheCallersIdentityAndTheRowAPlainField() {
        assertThat(view("team_notes", alice)).extracting(r -> ((Note) r).team).containsExactly("blue");
        assertThat(view("team_notes", bob)).isEmpty();
    }

    @Test
    void aModuleAwareRowPolicySeesTheModuleInstance() {
        assertThat(view("guild_chat_by_policy", alice)).extracting(r -> ((Chat) r).text()).containsExactly("one", "uno");
        assertThat(view("guild_chat_by_policy", carol)).isEmpty();
    }

    /** The guilds of {@link Guilds}, kept in a table, as a module under issue 24 keeps its state. */
    @Authenticated
    public static class TableGuilds {
        @Table(name = "member", access = Access.PRIVATE)
        public record Member(@PrimaryKey Identity who, long guildId) {}

        final List<Chat> chat = List.of(new Chat(1, "one"), new Chat(2, "two"), new Chat(1, "uno"));

        @Reducer("join")
        public void join(ReducerContext ctx, long guildId) {
            ctx.db().table(Member.class).insert(new Member(ctx.sender(), guildId));
        }

        Long guildOf(ViewContext ctx) {
            return ctx.db().table(Member.class).unique(Member::who).find(ctx.sender()).map(Member::guildId)
                    .orElse(null);
        }

        @View("guild_chat")
        @VisibleRows(field = "guildId", matches = "guildOf")
        public List<Chat> guildChat() {
            return chat;
        }
    }

    @Test
    void theMatchingMethodMayTakeAViewContextToReadTheModulesTables() {
        TableGuilds m = new TableGuilds();
        Warden<TableGuilds> w = Warden.builder(PolicyEngine.builder().build().compile(TableGuilds.class), m)
                .withoutTokenValidation().build();
        w.call(alice, "join", 1L);
        w.call(bob, "join", 2L);
        assertThat(w.view(alice, "guild_chat")).extracting(r -> ((Chat) r).text()).containsExactly("one", "uno");
        assertThat(w.view(bob, "guild_chat")).extracting(r -> ((Chat) r).text()).containsExactly("two");
        assertThat(w.view(carol, "guild_chat")).as("in no guild: no rows").isEmpty();
        assertThat(w.module().entryPoint("guild_chat").orElseThrow().rowFilter())
                .contains("@VisibleRows(field = guildId, matches = guildOf)");
        assertThat(w.module().invoke(m, "guild_chat", alice))
                .as("called without a host there are no tables to read, so no rows").isEqualTo(List.of());
    }

    public static class Mistakes {
        public long guildOf(CallerContext caller) {
            return 1;
        }

        public String nameOf(CallerContext caller) {
            return "";
        }

        public void nothing(Identity who) {}

        public long both(CallerContext caller) {
            return 1;
        }

        public long both(Identity who) {
            return 1;
        }

        public long wrongParameter(String s) {
            return 1;
        }

        public long three(CallerContext caller) {
            return 1;
        }

        public long three(Identity who) {
            return 1;
        }

        public long three(ViewContext ctx) {
            return 1;
        }

        @View @Authenticated @VisibleRows(field = "guildId", matches = "three")
        public List<Chat> threeForms() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(field = "guild", matches = "guildOf")
        public List<Chat> noSuchField() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(field = "guildId", matches = "guildOff")
        public List<Chat> noSuchMethod() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(field = "guildId", matches = "wrongParameter")
        public List<Chat> methodTakesNoCaller() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(field = "guildId", matches = "nameOf")
        public List<Chat> incompatibleTypes() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(field = "guildId", matches = "nothing")
        public List<Chat> voidMethod() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(field = "guildId", matches = "both")
        public List<Chat> ambiguousMethod() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(field = "guildId")
        public List<Chat> fieldWithoutMatches() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(owner = "x", field = "guildId", matches = "guildOf")
        public List<Chat> ownerAndField() {
            return List.of();
        }

        @View @Authenticated @VisibleRows(policy = "otherModule")
        public List<Chat> policyForAnotherModule() {
            return List.of();
        }
    }

    @Test
    void everyMistakeFailsAtStartupSayingWhatIsWrong() {
        List<String> p = problems(Mistakes.class, PolicyEngine.builder()
                .rowPolicy("otherModule", Guilds.class, Chat.class, (caller, m, row) -> true).build());
        assertThat(String.join("\n", p))
                .contains("noSuchField: @VisibleRows(field = \"guild\", matches = \"guildOf\"): Chat has no accessor "
                        + "or field named guild")
                .contains("noSuchMethod: @VisibleRows(field = \"guildId\", matches = \"guildOff\"): Mistakes has no "
                        + "method guildOff(CallerContext), guildOff(Identity) or guildOff(ViewContext)")
                .contains("methodTakesNoCaller: @VisibleRows(field = \"guildId\", matches = \"wrongParameter\"): "
                        + "Mistakes has no method wrongParameter(CallerContext), wrongParameter(Identity) or "
                        + "wrongParameter(ViewContext)")
                .contains("incompatibleTypes: @VisibleRows(field = \"guildId\", matches = \"nameOf\"): Mistakes.nameOf "
                        + "returns String but Chat.guildId is long, so they can never be equal")
                .contains("voidMethod: @VisibleRows(field = \"guildId\", matches = \"nothing\"): Mistakes.nothing "
                        + "returns void")
                .contains("ambiguousMethod: @VisibleRows(field = \"guildId\", matches = \"both\"): Mistakes has both "
                        + "both(CallerContext) and both(Identity): keep one")
                .contains("threeForms: @VisibleRows(field = \"guildId\", matches = \"three\"): Mistakes has "
                        + "three(CallerContext), three(Identity) and three(ViewContext): keep one")
                .contains("fieldWithoutMatches: @VisibleRows needs exactly one of owner = \"field\", "
                        + "policy = \"name\" or field = \"field\" with matches = \"method\"")
                .contains("ownerAndField: @VisibleRows needs exactly one of")
                .contains("policyForAnotherModule: row policy 'otherModule' reads a Guilds module, but this module is "
                        + "a Mistakes");
        assertThat(p).hasSize(10);
    }
}
