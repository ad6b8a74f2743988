package dev.warden.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.db.Bank.Account;
import dev.warden.db.Bank.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The durability SPI: a commit log sees each commit in order, can refuse one, and a write waits for it. */
class CommitLogTest {

    final Database database = Database.create(Schema.of(List.of(Account.class, User.class)));

    void insertUser(String id) {
        database.write(() -> database.db().table(User.class).insert(new User(id, "n", false)));
    }

    long users() {
        return database.read(() -> database.db().table(User.class).count());
    }

    @Test
    void theLogSeesEveryCommitInOrderBeforeTheListeners() {
        List<String> seen = new ArrayList<>();
        database.attach(c -> {
            seen.add("log " + c.changes().get(0).inserts());
            return CompletableFuture.completedFuture(null);
        });
        database.addCommitListener(c -> seen.add("listener"));
        insertUser("a");
        insertUser("b");
        database.write(() -> null);   // no change: nothing logged
        assertThat(seen).containsExactly("log [User[identity=a, name=n, online=false]]", "listener",
                "log [User[identity=b, name=n, online=false]]", "listener");
    }

    @Test
    void aRefusedCommitIsRolledBackAndNotToldToListeners() {
        IllegalStateException refusal = new IllegalStateException("the log is closed");
        List<Commit> told = new ArrayList<>();
        database.addCommitListener(told::add);
        database.attach(c -> {
            throw refusal;
        });
        assertThatThrownBy(() -> insertUser("a")).isSameAs(refusal);
        assertThat(users()).isZero();
        assertThat(told).isEmpty();
    }

    @Test
    void aWriteReturnsOnlyOnceItsCommitIsDurable() throws Exception {
        CompletableFuture<Void> sync = new CompletableFuture<>();
        CountDownLatch appended = new CountDownLatch(1);
        database.attach(c -> {
            appended.countDown();
            return sync;
        });
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> insertUser("a"));
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
        // the database is free while the write waits: another thread reads the committed row
        assertThat(users()).isEqualTo(1);
        assertThat(write).isNotDone();
        sync.complete(null);
        write.get(30, TimeUnit.SECONDS);
        assertThat(database.durable()).isCompleted();
    }

    @Test
    void aCommitThatCannotBeMadeDurableFailsItsCaller() {
        IllegalStateException diskFull = new IllegalStateException("disk full");
        database.attach(c -> CompletableFuture.failedFuture(diskFull));
        assertThatThrownBy(() -> insertUser("a")).isSameAs(diskFull);
        assertThat(database.durable()).isCompletedExceptionally();
    }

    @Test
    void deferredDurabilityReturnsAtOnceAndDurableTellsWhenTheCommitsAre() {
        CompletableFuture<Void> sync = new CompletableFuture<>();
        database.attach(c -> sync);
        database.deferDurability(() -> {
            insertUser("a");
            insertUser("b");
            return null;
        });
        assertThat(users()).isEqualTo(2);
        assertThat(database.durable()).isSameAs(sync).isNotDone();
        assertThat(database.deferDurability(() -> 7)).isEqualTo(7);
    }

    @Test
    void aLogCanBeAttachedOnce() {
        database.attach(c -> CompletableFuture.completedFuture(null));
        assertThatThrownBy(() -> database.attach(c -> CompletableFuture.completedFuture(null)))
                .isInstanceOf(IllegalStateException.class).hasMessage("this database already has a commit log");
    }

    @Test
    void loadedRowsAreReadAndTheSequenceContinues() {
        List<Object[]> rows = List.of(new Object[] {5L, "k5", "o", "a", 10L}, new Object[] {9L, "k9", "o", "b", 20L});
        database.load("account", rows, new long[] {7});
        Account next = database.write(() -> database.db().table(Account.class)
                .insert(new Account(0, "k", "o", "c", 0)));
        assertThat(next.id()).isEqualTo(10);   // past the largest loaded id, above the stored position 7
        assertThat(database.values(next)).containsExactly(10L, "k", "o", "c", 0L);

        Database other = Database.create(database.schema());
        other.load("account", List.of(), new long[] {42});
        assertThat(other.write(() -> other.db().table(Account.class).insert(new Account(0, "k", "o", "c", 0))).id())
                .isEqualTo(42);   // a deleted row's id is not given again
    }

    @Test
    void rowsBreakingAConstraintAreNotLoadedAtAll() {
        List<Object[]> rows = List.of(new Object[] {1L, "same", "o", "a", 10L},
                new Object[] {2L, "same", "o", "b", 20L});
        assertThatThrownBy(() -> database.load("account", rows, new long[0]))
                .isInstanceOfSatisfying(DatabaseException.class,
                        e -> assertThat(e.reason()).isEqualTo(DatabaseException.Reason.UNIQUE_VIOLATION));
        assertThat(database.read(() -> database.db().table(Account.class).count())).isZero();
        assertThatThrownBy(() -> database.load("account", List.<Object[]>of(new Object[] {1L, "x"}), new long[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("table account has 5 columns, a row to load"
                        + " has 2");
    }

    @Test
    void rowsAreLoadedOnlyBeforeTheLogIsAttached() {
        database.attach(c -> CompletableFuture.completedFuture(null));
        assertThatThrownBy(() -> database.load("user", List.of(), new long[0]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rows are loaded before any transaction and before a log is attached");
    }
}
