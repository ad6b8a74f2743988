package dev.warden.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.Database;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Schema;
import dev.warden.db.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a store does once a write failed: it still closes, and its callers are still answered. */
class FailureTest {

    @Table(name = "note", access = Access.PRIVATE)
    record Note(@PrimaryKey @AutoInc long id, String text) {}

    @TempDir
    Path dir;

    /** Waits until the store's writer thread is inside SQLite (writing a batch). */
    static void awaitWriterInsideSqlite() throws InterruptedException {
        for (int i = 0; i < 2_000; i++) {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().equals("warden-storage-writer") && Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith("org.sqlite"))) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the writer never started writing");
    }

    @Test
    void aStoreClosedWhileAFailingBatchIsWrittenStillCloses() throws Exception {
        Database db = Database.create(Schema.of(List.of(Note.class)));
        Storage storage = Storage.at(dir).format(new TestFormat()).open(db);
        CompletableFuture<Void> durable;
        // another connection holds SQLite's write lock: the writer's batch waits for it, then fails (busy)
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Storage.FILE_NAME));
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            durable = db.deferDurability(() -> {
                db.write(() -> db.db().table(Note.class).insert(new Note(0, "lost")));
                return db.durable();
            });
            awaitWriterInsideSqlite();
            Thread closing = new Thread(storage::close, "closing");
            closing.start();   // queued while the batch is being written
            assertThat(durable).failsWithin(30, TimeUnit.SECONDS);
            s.execute("ROLLBACK");
            closing.join(2_000);
            assertThat(closing.isAlive()).as("close() returned after the failed batch").isFalse();
        }
        assertThat(storage.failure()).hasValueSatisfying(e -> assertThat(e.reason())
                .isEqualTo(StorageException.Reason.WRITE_FAILED));
    }
}
