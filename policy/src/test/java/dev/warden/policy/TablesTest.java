package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.DatabaseException;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.host.Warden;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 (and 22 row 2): a module's tables through Warden: reducers get a ReducerContext and run in one
 * transaction each (atomic by default, serializable), views read read-only, table rules compile with the module.
 */
class TablesTest {

    @Authenticated
    public static class Guilds {
        @Table(name = "guild", access = Access.PUBLIC)
        public record Guild(@PrimaryKey String name, Identity founder) {}

        @Table(name = "letter", access = Access.PUBLIC)
        @VisibleRows(owner = "recipient")
        public record Letter(@PrimaryKey long id, Identity recipient, String text) {}

        @Table(name = "audit", access = Access.PRIVATE)
        public record Audit(@PrimaryKey long at, String what) {}

        final List<ReducerContext> seen = new ArrayList<>();
        final CountDownLatch firstInside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Reducer("create_guild")
        public void createGuild(ReducerContext ctx, String name) {
            seen.add(ctx);
            ctx.db().table(Guild.class).insert(new Guild(name, ctx.sender()));
            if (name.startsWith("bad")) {
                throw new IllegalArgumentException("refused " + name);
            }
        }

        @Reducer("slow_fail")
        public void slowFail(ReducerContext ctx) throws InterruptedException {
            ctx.db().table(Guild.class).insert(new Guild("from the failing call", ctx.sender()));
            firstInside.countDown();
            release.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("fails after another call waited");
        }

        @Reducer("outer")
        public void outer(ReducerContext ctx) {
            ctx.db().table(Guild.class).insert(new Guild("outer", ctx.sender()));
            self.call(ctx.caller(), "create_guild", "inner");
            throw new IllegalStateException("outer fails after inner returned");
        }

        Warden<Guilds> self;

        @View("guilds")
        public List<Guild> guilds(ViewContext ctx) {
            return ctx.db().table(Guild.class).all();
        }

        @View("sneaky")
        public List<Guild> sneaky(ViewContext ctx) {
            ctx.db().table(Guild.class).insert(new Guild("from a view", ctx.sender()));
            return List.of();
        }
    }

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    static Warden<Guilds> warden(Guilds g) {
        Warden<Guilds> w = Warden.builder(PolicyEngine.builder().build().compile(Guilds.class), g)
                .withoutTokenValidation().clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        g.self = w;
        return w;
    }

    @Test
    void aReducerGetsItsContextAndAFailureRollsBackItsRows() {
        Guilds g = new Guilds();
        Warden<Guilds> w = warden(g);
        CallerContext alice = Callers.user("alice").withConnection(ConnectionId.random());
        w.call(alice, "create_guild", "red");
        assertThatThrownBy(() -> w.call(alice, "create_guild", "bad blue")).isInstanceOf(EntryPointFailedException.class);
        assertThat(w.view(alice, "guilds")).containsExactly(new Guilds.Guild("red", alice.sender()));
        ReducerContext ctx = g.seen.get(0);
        assertThat(ctx.sender()).isEqualTo(alice.sender());
        assertThat(ctx.caller()).isSameAs(alice);
        assertThat(ctx.connectionId()).isEqualTo(alice.connectionId());
        assertThat(ctx.timestamp()).isEqualTo(T0);
        assertThat(ctx.moduleIdentity()).isEqualTo(w.moduleIdentity());
        assertThatThrownBy(() -> ctx.db().table(Guilds.Guild.class).count())
                .isInstanceOfSatisfying(DatabaseException.class,
                        e -> assertThat(e.reason()).isEqualTo(DatabaseException.Reason.NO_TRANSACTION));
    }

    @Test
    void aViewCannotChangeATable() {
        Guilds g = new Guilds();
        Warden<Guilds> w = warden(g);
        assertThatThrownBy(() -> w.view(Callers.user("alice"), "sneaky"))
                .isInstanceOf(EntryPointFailedException.class).cause()
                .isInstanceOfSatisfying(DatabaseException.class,
                        e -> assertThat(e.reason()).isEqualTo(DatabaseException.Reason.READ_ONLY));
    }

    @Test
    void concurrentReducersAreSerializedSoOnesRollbackNeverUndoesAnothersCommit() throws Exception {
        Guilds g = new Guilds();
        Warden<Guilds> w = warden(g);
        CallerContext alice = Callers.user("alice");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> failing = pool.submit(() -> w.call(alice, "slow_fail"));
            assertThat(g.firstInside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> other = pool.submit(() -> w.call(alice, "create_guild", "committed"));
            g.release.countDown();
            assertThatThrownBy(failing::get).hasCauseInstanceOf(EntryPointFailedException.class);
            other.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(w.view(alice, "guilds")).extracting(r -> ((Guilds.Guild) r).name()).containsExactly("committed");
    }

    @Test
    void aReducerCalledFromAReducerIsPartOfTheOuterTransaction() {
        Guilds g = new Guilds();
        Warden<Guilds> w = warden(g);
        assertThatThrownBy(() -> w.call(Callers.user("alice"), "outer")).isInstanceOf(EntryPointFailedException.class);
        assertThat(w.view(Callers.user("alice"), "guilds")).isEmpty();
    }

    @Test
    void tableRulesCompileWithTheModule() {
        GuardedModule<Guilds> m = PolicyEngine.builder().build().compile(Guilds.class);
        assertThat(m.schema().tables()).extracting(t -> t.name()).containsExactly("audit", "guild", "letter");
        assertThat(m.tableRule("guild").orElseThrow().showsEveryRow()).isTrue();
        assertThat(m.tableRule("audit").orElseThrow().isPublic()).isFalse();
        TableRule letters = m.tableRule("letter").orElseThrow();
        assertThat(letters.describe()).isEqualTo("public, rows @VisibleRows(owner = recipient)");
        CallerContext alice = Callers.user("alice");
        Guilds.Letter toAlice = new Guilds.Letter(1, alice.sender(), "hi");
        Guilds.Letter toBob = new Guilds.Letter(2, Callers.user("bob").sender(), "hi");
        assertThat(letters.rowsFor(alice, null).test(toAlice)).isTrue();
        assertThat(letters.rowsFor(alice, null).test(toBob)).isFalse();
        assertThat(letters.owner().orElseThrow().apply(toBob)).isEqualTo(Callers.user("bob").sender());
        assertThat(m.tableRule("audit").orElseThrow().rowsFor(alice, null).test(new Guilds.Audit(1, "x"))).isFalse();
    }

    @Authenticated
    public static class Leaky {
        @Table(name = "secret", access = Access.PRIVATE)
        @VisibleRows(owner = "owner")
        public record Secret(@PrimaryKey Identity owner, String text) {}

        @Table(name = "bad", access = Access.PUBLIC)
        public record Bad(@PrimaryKey long a, @PrimaryKey long b) {}

        @Reducer("noop")
        public void noop() {}
    }

    @Test
    void tableProblemsAreStartupErrorsListedWithTheModulesOthers() {
        assertThatThrownBy(() -> PolicyEngine.builder().build().compile(Leaky.class))
                .isInstanceOfSatisfying(PolicyCompilationException.class, e -> assertThat(e.problems()).containsExactly(
                        "bad.b: a table has at most one @PrimaryKey (also a)",
                        "table secret (Secret) is PRIVATE, so its rows are never sent and its @VisibleRows has no"
                                + " effect: make the table PUBLIC or remove the rule"));
    }
}
