package dev.warden.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.Database;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Schema;
import dev.warden.db.Table;
import dev.warden.db.Unique;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try")   // a store held open around a block whose rows it logs
class StorageTest {

    @Table(name = "account", access = Access.PRIVATE)
    record Account(@PrimaryKey @AutoInc long id, @Unique String owner, long balance) {}

    @Table(name = "account", access = Access.PRIVATE)
    record AccountWithNote(@PrimaryKey @AutoInc long id, @Unique String owner, long balance, Optional<String> note) {}

    @Table(name = "account", access = Access.PRIVATE)
    record AccountIntBalance(@PrimaryKey @AutoInc long id, @Unique String owner, int balance) {}

    @Table(name = "account", access = Access.PRIVATE)
    record AccountWithoutBalance(@PrimaryKey @AutoInc long id, @Unique String owner) {}

    @Table(name = "account", access = Access.PRIVATE)
    record AccountWithFlag(@PrimaryKey @AutoInc long id, @Unique String owner, long balance, boolean flag) {}

    @Table(name = "ban", access = Access.PRIVATE)
    record Ban(String identity, String reason) {}

    @Table(name = "ban", access = Access.PRIVATE)
    record UniqueBan(@Unique String identity, String reason) {}

    @TempDir
    Path dir;

    static Database database(Class<?>... rows) {
        return Database.create(Schema.of(List.of(rows)));
    }

    Storage open(Database db) {
        return Storage.at(dir).format(new TestFormat()).open(db);
    }

    static <T> T write(Database db, Supplier<T> body) {
        return db.write(body);
    }

    static List<Account> accounts(Database db) {
        return db.read(() -> db.db().table(Account.class).all()).stream()
                .sorted(Comparator.comparingLong(Account::id)).toList();
    }

    static void refused(Runnable call, StorageException.Reason reason, String... message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessageContainingAll(message);
    }

    @Test
    void committedRowsAndSequencesSurviveAReopen() {
        Database db = database(Account.class, Ban.class);
        try (Storage s = open(db)) {
            assertThat(s.rowsLoaded()).isZero();
            write(db, () -> {
                db.db().table(Account.class).insert(new Account(0, "alice", 100));
                db.db().table(Account.class).insert(new Account(0, "bob", 50));
                return db.db().table(Account.class).insert(new Account(0, "carol", 7));
            });
            write(db, () -> db.db().table(Account.class).unique(Account::id).update(new Account(1, "alice", 90)));
            write(db, () -> db.db().table(Account.class).unique(Account::id).delete(3L));
            write(db, () -> db.db().table(Ban.class).insert(new Ban("mallory", "spam")));
            write(db, () -> {
                db.db().table(Ban.class).insert(new Ban("eve", "x"));
                return db.db().table(Ban.class).delete(new Ban("eve", "x"));   // net: nothing
            });
        }
        Database again = database(Account.class, Ban.class);
        try (Storage s = open(again)) {
            assertThat(s.rowsLoaded()).isEqualTo(3);
            assertThat(accounts(again)).containsExactly(new Account(1, "alice", 90), new Account(2, "bob", 50));
            assertThat(again.read(() -> again.db().table(Ban.class).all()))
                    .containsExactly(new Ban("mallory", "spam"));
            // id 3 was given before the restart and deleted: it is not given again
            assertThat(write(again, () -> again.db().table(Account.class).insert(new Account(0, "dave", 1))).id())
                    .isEqualTo(4);
        }
    }

    @Test
    void aRelaxedStoreKeepsWhatWasCommittedBeforeAClose() {
        Database db = database(Account.class);
        try (Storage s = Storage.at(dir).format(new TestFormat())
                .durability(Durability.RELAXED_MAY_LOSE_RECENT).open(db)) {
            assertThat(s.durability()).isEqualTo(Durability.RELAXED_MAY_LOSE_RECENT);
            for (int i = 0; i < 100; i++) {
                String owner = "o" + i;
                write(db, () -> db.db().table(Account.class).insert(new Account(0, owner, 1)));
            }
        }
        Database again = database(Account.class);
        try (Storage s = open(again)) {
            assertThat(accounts(again)).hasSize(100);
        }
    }

    /**
     * A batch is written as its net effect, row by row in key order: rows that several queued commits changed, and
     * rows deleted and inserted again in between, must end as the last commit left them.
     */
    @Test
    void rowsManyQueuedCommitsChangedAreStoredAsTheLastCommitLeftThem() {
        Database db = database(Account.class);
        try (Storage s = Storage.at(dir).format(new TestFormat())
                .durability(Durability.RELAXED_MAY_LOSE_RECENT).open(db)) {
            for (int i = 0; i < 20; i++) {
                String owner = "o" + i;
                write(db, () -> db.db().table(Account.class).insert(new Account(0, owner, 0)));
            }
            // commits return before they are written: they queue, and the writer takes many in one batch
            for (int round = 1; round <= 500; round++) {
                long balance = round;
                long id = 1 + round % 20;
                write(db, () -> {
                    var byId = db.db().table(Account.class).unique(Account::id);
                    Account a = byId.find(id).orElseThrow();
                    if (balance % 7 == 0) {   // deleted, then inserted again with its old id, in one commit
                        byId.delete(id);
                    }
                    return db.db().table(Account.class).unique(Account::id).find(id).isPresent()
                            ? byId.update(new Account(id, a.owner(), balance))
                            : db.db().table(Account.class).insert(new Account(id, a.owner(), balance));
                });
            }
            write(db, () -> db.db().table(Account.class).unique(Account::id).delete(5L));
        }
        List<Account> expected = accounts(db);
        assertThat(expected).hasSize(19);
        Database again = database(Account.class);
        try (Storage s = open(again)) {
            assertThat(accounts(again)).isEqualTo(expected);
        }
    }

    @Test
    void aDatabaseThatAlreadyHoldsRowsIsRefusedRatherThanLeftUnlogged() {
        Database db = database(Account.class);
        write(db, () -> db.db().table(Account.class).insert(new Account(0, "early", 1)));
        refused(() -> open(db), StorageException.Reason.NOT_EMPTY,
                "the database already holds rows (table account)");
    }

    @Test
    void anInitThatChangesNothingOnAClosedStoreIsRefusedNotLeftWaiting() {
        Database db = database(Account.class);
        Storage s = open(db);
        s.close();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> refused(() -> s.initialize(() -> { }),
                StorageException.Reason.CLOSED, "the store is closed"));
    }

    @Test
    void initializationRunsOnceInTheStoresLife() {
        Database db = database(Account.class);
        try (Storage s = open(db)) {
            assertThat(s.initialized()).isFalse();
            assertThat(s.initialize(() -> write(db, () -> db.db().table(Account.class)
                    .insert(new Account(0, "owner", 1000))))).isTrue();
            assertThat(s.initialized()).isTrue();
            assertThat(s.initialize(() -> {
                throw new AssertionError("ran twice");
            })).isFalse();
        }
        Database again = database(Account.class);
        try (Storage s = open(again)) {
            assertThat(s.initialized()).isTrue();
            assertThat(s.initialize(() -> {
                throw new AssertionError("ran again after a restart");
            })).isFalse();
            assertThat(accounts(again)).containsExactly(new Account(1, "owner", 1000));
        }
        Database empty = database(Account.class);
        Path other = dir.resolve("other");
        try (Storage s = Storage.at(other).format(new TestFormat()).open(empty)) {
            assertThat(s.initialize(() -> { })).isTrue();   // an init that changes nothing is marked too
        }
        try (Storage s = Storage.at(other).format(new TestFormat()).open(database(Account.class))) {
            assertThat(s.initialized()).isTrue();
        }
    }

    @Test
    void anotherThreadsCommitDuringInitDoesNotCarryItsMark() throws InterruptedException {
        Database db = database(Account.class);
        try (Storage s = open(db)) {
            assertThatThrownBy(() -> s.initialize(() -> {
                Thread other = new Thread(() -> write(db, () -> db.db().table(Account.class)
                        .insert(new Account(0, "elsewhere", 1))));
                other.start();
                try {
                    other.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("init fails");
            })).hasMessage("init fails");
            assertThat(s.initialized()).isFalse();
        }
        Database again = database(Account.class);
        try (Storage s = open(again)) {
            assertThat(accounts(again)).extracting(Account::owner).containsExactly("elsewhere");
            assertThat(s.initialized()).as("the failed init is not marked as run").isFalse();
            assertThat(s.initialize(() -> { })).isTrue();
        }
    }

    @Test
    void aConnectedClientIsRecordedWithItsHooksCommitUntilItsDisconnect() {
        Database db = database(Account.class);
        try (Storage s = open(db)) {
            s.clientConnected("alice", () -> write(db, () -> db.db().table(Account.class)
                    .insert(new Account(0, "alice", 1))));
            s.clientConnected("bob", () -> null);   // a hook that commits nothing: the record goes alone
            assertThatThrownBy(() -> s.clientConnected("carol", () -> {
                throw new IllegalStateException("refused");
            })).hasMessage("refused");
            s.clientConnected("dave", () -> null);
            assertThat(s.connectedClients()).containsExactlyInAnyOrder("alice", "bob", "dave");
            assertThatThrownBy(() -> s.clientDisconnected("dave", () -> {
                throw new IllegalStateException("hook failed");
            })).hasMessage("hook failed");
            assertThat(s.connectedClients()).as("a failed disconnect hook still forgets the client")
                    .containsExactlyInAnyOrder("alice", "bob");
        }
        Database again = database(Account.class);
        try (Storage s = open(again)) {
            assertThat(s.connectedClients()).containsExactlyInAnyOrder("alice", "bob");
            s.clientDisconnected("alice", () -> write(again, () -> again.db().table(Account.class)
                    .unique(Account::id).update(new Account(1, "alice", 0))));
            s.clientDisconnected("bob", () -> null);
        }
        try (Storage s = open(database(Account.class))) {
            assertThat(s.connectedClients()).isEmpty();
        }
    }

    @Test
    void aNewTableAndANewOptionalColumnMigrateByThemselves() {
        Database db = database(Account.class);
        try (Storage s = open(db)) {
            write(db, () -> db.db().table(Account.class).insert(new Account(0, "alice", 100)));
        }
        Database v2 = database(AccountWithNote.class, Ban.class);
        try (Storage s = open(v2)) {
            assertThat(v2.read(() -> v2.db().table(AccountWithNote.class).all()))
                    .containsExactly(new AccountWithNote(1, "alice", 100, Optional.empty()));
            // the migrated rows are stored in the new layout: updates and deletes by key find them
            write(v2, () -> v2.db().table(AccountWithNote.class).unique(AccountWithNote::id)
                    .update(new AccountWithNote(1, "alice", 80, Optional.of("vip"))));
            write(v2, () -> v2.db().table(Ban.class).insert(new Ban("mallory", "spam")));
        }
        Database v3 = database(AccountWithNote.class, Ban.class);
        try (Storage s = open(v3)) {
            assertThat(v3.read(() -> v3.db().table(AccountWithNote.class).all()))
                    .containsExactly(new AccountWithNote(1, "alice", 80, Optional.of("vip")));
            assertThat(v3.read(() -> v3.db().table(Ban.class).count())).isEqualTo(1);
        }
    }

    @Test
    void anIncompatibleChangeRefusesToStartNamingTheTableAndColumn() {
        Database db = database(Account.class, Ban.class);
        try (Storage s = open(db)) {
            write(db, () -> db.db().table(Account.class).insert(new Account(0, "alice", 100)));
        }
        refused(() -> open(database(AccountIntBalance.class, Ban.class)), StorageException.Reason.INCOMPATIBLE_SCHEMA,
                "table account: column balance was retyped from long to int");
        refused(() -> open(database(AccountWithoutBalance.class, Ban.class)),
                StorageException.Reason.INCOMPATIBLE_SCHEMA, "table account: column balance (long) was removed");
        refused(() -> open(database(AccountWithFlag.class, Ban.class)), StorageException.Reason.INCOMPATIBLE_SCHEMA,
                "table account: new column flag (boolean) must be Optional");
        refused(() -> open(database(Account.class)), StorageException.Reason.INCOMPATIBLE_SCHEMA,
                "table ban was removed");
        // a refusal changed nothing: the original declaration still opens with its rows
        Database again = database(Account.class, Ban.class);
        try (Storage s = open(again)) {
            assertThat(accounts(again)).containsExactly(new Account(1, "alice", 100));
        }
    }

    @Test
    void aColumnTheFormatCannotStoreIsRefusedAtOpen() {
        @Table(name = "odd", access = Access.PRIVATE)
        record Odd(@PrimaryKey long id, double weight) {}
        refused(() -> open(database(Odd.class)), StorageException.Reason.UNSUPPORTED_TYPE,
                "odd.weight (double): the test format has no codec for double");
    }

    @Test
    void anUnwritableDirectoryIsAClearError() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        refused(() -> Storage.at(file.resolve("data")).format(new TestFormat()).open(database(Account.class)),
                StorageException.Reason.UNWRITABLE, "the data directory " + file.resolve("data") + " cannot be created");
        refused(() -> Storage.at(file).format(new TestFormat()).open(database(Account.class)),
                StorageException.Reason.UNWRITABLE, "the data directory " + file + " cannot be created",
                "FileAlreadyExistsException");
    }

    @Test
    void aDirectoryHeldByAnotherStoreIsRefused() {
        try (Storage s = open(database(Account.class))) {
            refused(() -> open(database(Account.class)), StorageException.Reason.UNWRITABLE,
                    "is in use by another host");
        }
    }

    @Test
    void aCorruptedFileIsAClearError() throws IOException {
        Database db = database(Account.class);
        try (Storage s = open(db)) {
            write(db, () -> db.db().table(Account.class).insert(new Account(0, "alice", 100)));
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(Storage.FILE_NAME).toFile(), "rw")) {
            f.seek(0);
            f.write("this is not an sqlite header at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        refused(() -> open(database(Account.class)), StorageException.Reason.CORRUPT,
                "the store " + dir.resolve(Storage.FILE_NAME) + " cannot be opened");
    }

    @Test
    void aDamagedPageIsAClearError() throws IOException {
        Database db = database(Account.class);
        try (Storage s = open(db)) {
            for (int i = 0; i < 2000; i++) {
                String owner = "owner-" + i;
                write(db, () -> db.db().table(Account.class).insert(new Account(0, owner, 100)));
            }
        }   // closing checkpoints the WAL into the file
        Path file = dir.resolve(Storage.FILE_NAME);
        long size = Files.size(file);
        assertThat(size).isGreaterThan(8 * 4096);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (long page = 2; page * 4096 < size; page++) {   // every page but the header's: the rows are gone
                f.seek(page * 4096);
                f.write(new byte[4096]);
            }
        }
        refused(() -> open(database(Account.class)), StorageException.Reason.CORRUPT, "cannot be opened");
    }

    @Test
    void aFullDiskFailsTheCommitAndEveryLaterOneWhileReadsGoOn() {
        Database db = database(Account.class);
        String big = "x".repeat(2000);
        int acknowledged = 0;
        StorageException failed = null;
        try (Storage s = Storage.at(dir).format(new TestFormat()).maxBytes(65_536).open(db)) {
            for (int i = 0; i < 1000 && failed == null; i++) {
                String owner = big + i;
                try {
                    write(db, () -> db.db().table(Account.class).insert(new Account(0, owner, 1)));
                    acknowledged++;
                } catch (StorageException e) {
                    failed = e;
                }
            }
            assertThat(failed).isNotNull();
            assertThat(failed.reason()).isEqualTo(StorageException.Reason.WRITE_FAILED);
            assertThat(failed).hasMessageContaining("the disk is full");
            assertThat(s.failure()).isPresent();
            long before = db.read(() -> db.db().table(Account.class).count());
            // a later write is refused before it changes anything in memory
            refused(() -> write(db, () -> db.db().table(Account.class).insert(new Account(0, "late", 1))),
                    StorageException.Reason.WRITE_FAILED, "the store refuses writes since an earlier write failed",
                    "restart to recover the last durable state");
            assertThat(db.read(() -> db.db().table(Account.class).count())).isEqualTo(before);
        }
        Database again = database(Account.class);
        try (Storage s = open(again)) {
            // exactly the acknowledged transactions: the failed one was never reported as a success
            assertThat(accounts(again)).hasSize(acknowledged);
        }
    }

    @Test
    void aBackupRestoresIntoAnEmptyDirectory() throws IOException {
        Database db = database(Account.class);
        Path backup = dir.resolve("backup.db");
        try (Storage s = open(db)) {
            write(db, () -> db.db().table(Account.class).insert(new Account(0, "alice", 100)));
            s.backup(backup);
            write(db, () -> db.db().table(Account.class).insert(new Account(0, "after", 1)));
            refused(() -> s.backup(backup), StorageException.Reason.UNWRITABLE, "exists already");
        }
        Path restored = dir.resolve("restored");
        Storage.restore(backup, restored);
        Database again = database(Account.class);
        try (Storage s = Storage.at(restored).format(new TestFormat()).open(again)) {
            assertThat(accounts(again)).containsExactly(new Account(1, "alice", 100));
        }
        refused(() -> Storage.restore(backup, restored), StorageException.Reason.NOT_EMPTY, "holds a store already");
        Path junk = Files.writeString(dir.resolve("junk.db"), "not a database");
        refused(() -> Storage.restore(junk, dir.resolve("r2")), StorageException.Reason.CORRUPT, "is not a Warden store");
    }

    @Test
    void aRestoreRefusesAStaleJournalAndADirectoryInUse() throws IOException {
        Database db = database(Account.class);
        Path backup = dir.resolve("backup.db");
        try (Storage s = open(db)) {
            write(db, () -> db.db().table(Account.class).insert(new Account(0, "alice", 100)));
            s.backup(backup);
        }
        for (String stale : List.of(Storage.FILE_NAME + "-wal", Storage.FILE_NAME + "-shm")) {
            Path target = dir.resolve("stale-" + stale);
            Files.createDirectories(target);
            Files.write(target.resolve(stale), new byte[] {1, 2, 3});
            refused(() -> Storage.restore(backup, target), StorageException.Reason.NOT_EMPTY, stale);
            assertThat(target.resolve(Storage.FILE_NAME)).doesNotExist();
        }
        Path held = dir.resolve("held");
        Files.createDirectories(held);
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(held.resolve("warden.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock locked = lock.lock()) {
            refused(() -> Storage.restore(backup, held), StorageException.Reason.UNWRITABLE, "in use");
            assertThat(held.resolve(Storage.FILE_NAME)).doesNotExist();
        }
        Storage.restore(backup, held);
        try (Storage s = Storage.at(held).format(new TestFormat()).open(database(Account.class))) {
            assertThat(s.rowsLoaded()).isEqualTo(1);
        }
    }

    @Test
    void aFailedOpenLeavesNoTableLoaded() throws Exception {
        Database db = database(Account.class, Ban.class);
        try (Storage s = open(db)) {
            write(db, () -> {
                db.db().table(Account.class).insert(new Account(0, "alice", 100));
                db.db().table(Ban.class).insert(new Ban("mallory", "spam"));
                return db.db().table(Ban.class).insert(new Ban("mallory", "again"));
            });
        }
        // a later table's rows break its declaration now (unique): the earlier table stays empty too
        Database unique = database(Account.class, UniqueBan.class);
        refused(() -> open(unique), StorageException.Reason.INCOMPATIBLE_SCHEMA, "ban");
        assertThat(accounts(unique)).isEmpty();
        unique.write(() -> unique.db().table(Account.class).insert(new Account(0, "fresh", 1)));
        assertThat(accounts(unique)).as("the sequence starts again too").containsExactly(new Account(1, "fresh", 1));
        // a later table's stored row cannot be decoded: nothing is loaded either
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(
                Storage.FILE_NAME)); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE warden_rows SET v = x'00' WHERE t = (SELECT id FROM warden_tables"
                    + " WHERE name = 'ban')");
        }
        Database damaged = database(Account.class, Ban.class);
        refused(() -> open(damaged), StorageException.Reason.CORRUPT, "ban");
        assertThat(accounts(damaged)).isEmpty();
    }
}
