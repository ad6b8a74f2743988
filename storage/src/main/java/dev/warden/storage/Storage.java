package dev.warden.storage;

import dev.warden.db.Database;
import dev.warden.storage.internal.SqliteLog;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A module's tables kept on disk: the {@link Database} stays the read path in memory, and every commit is logged to
 * an embedded SQLite database in the data directory (file {@code warden.db}, WAL mode). Opening rebuilds the
 * database's tables from it, so the rows (and the auto-increment positions) of the last run are there again.
 *
 * <pre>{@code
 * Database db = Database.create(Schema.forModule(Bank.class));
 * try (Storage storage = Storage.at(Path.of("data")).format(rowFormat).open(db)) {
 *     storage.initialize(() -> warden.init(owner));   // @Init runs on the first start only
 *     ...
 * }
 * }</pre>
 *
 * <p>By default ({@link Durability#DURABLE}) a transaction returns only once it is synced; transactions committed
 * while one sync runs share the next (group commit). If a commit cannot be stored (disk full, I/O error), its caller
 * gets a {@link StorageException} ({@code WRITE_FAILED}) instead of a success, and every later transaction is
 * refused with the same reason before it changes anything; the in-memory tables keep serving reads, and may still
 * show the failed transactions (never acknowledged); restart to recover the last durable state. Thread-safe.
 */
public final class Storage implements AutoCloseable {

    /** The store's file name in the data directory. */
    public static final String FILE_NAME = "warden.db";

    private final SqliteLog log;

    private Storage(SqliteLog log) {
        this.log = log;
    }

    /**
     * @param directory the data directory (created if missing)
     * @return a builder: {@link Durability#DURABLE}
     */
    public static Builder at(Path directory) {
        return new Builder(directory);
    }

    /**
     * Restores a backup into a data directory that holds no store yet, after checking that the backup is a whole
     * Warden store.
     *
     * @param backup a file written by {@link #backup(Path)}
     * @param directory the data directory to open afterwards
     * @throws StorageException {@code NOT_EMPTY} if the directory holds a store (its file, or a leftover
     *     {@code -wal} or {@code -shm} file of one), {@code CORRUPT} if the backup is not a sound Warden store,
     *     {@code UNWRITABLE} if the directory cannot be written or is in use (a host holds its lock; the restore
     *     holds it while it writes)
     */
    public static void restore(Path backup, Path directory) {
        SqliteLog.restore(Objects.requireNonNull(backup, "backup"), Objects.requireNonNull(directory, "directory"));
    }

    /** @return whether the module's {@code @Init} has run on this store ({@link #initialize}) */
    public boolean initialized() {
        return log.initialized();
    }

    /**
     * Runs the module's initialization once in the store's life: on the first start only. What it commits and the
     * mark that it ran are stored in one engine transaction, so a crash leaves either both or neither.
     *
     * @param init what initializes (it commits through the database)
     * @return whether it ran
     */
    public boolean initialize(Runnable init) {
        return log.initialize(Objects.requireNonNull(init, "init"));
    }

    /**
     * The clients recorded as connected ({@link #clientConnected}) and not yet disconnected. Right after opening,
     * these are the connections whose disconnect hook never ran: the process was killed, or closed without running
     * it. A host runs their hook ({@link #clientDisconnected}) before it serves, as SpacetimeDB runs
     * {@code client_disconnected} for the clients its {@code st_client} table still holds at startup.
     *
     * @return the clients' keys
     */
    public Set<String> connectedClients() {
        return log.connectedClients();
    }

    /**
     * Runs a client's connect hook and records the client as connected in the same engine transaction as the
     * hook's commit (this thread's first commit during it), so a crash leaves both or neither; if the hook commits
     * nothing, the record is stored alone after it (in commit order, so before any later commit). If the hook
     * throws, nothing is recorded.
     *
     * @param client the client's key (the host's choice, such as its identity and connection id)
     * @param hook the connect hook, committing through the database
     * @param <T> its result
     * @return its result
     * @throws StorageException {@code WRITE_FAILED} or {@code CLOSED} if the record cannot be queued
     */
    public <T> T clientConnected(String client, Supplier<T> hook) {
        return log.clientConnected(Objects.requireNonNull(client, "client"), Objects.requireNonNull(hook, "hook"));
    }

    /**
     * Runs a client's disconnect hook and removes the client's record in the same engine transaction as the hook's
     * commit, or alone after it if the hook commits nothing or throws (the client is gone either way; the hook's
     * exception is rethrown).
     *
     * @param client the client's key, as recorded
     * @param hook the disconnect hook, committing through the database
     * @param <T> its result
     * @return its result
     * @throws StorageException {@code WRITE_FAILED} or {@code CLOSED} if the removal cannot be queued
     */
    public <T> T clientDisconnected(String client, Supplier<T> hook) {
        return log.clientDisconnected(Objects.requireNonNull(client, "client"), Objects.requireNonNull(hook, "hook"));
    }

    /**
     * Writes a consistent copy of the store (every commit made durable before the call) to a new file, while the
     * host keeps running.
     *
     * @param file where to write it; must not exist
     * @throws StorageException {@code UNWRITABLE} if it cannot be written (or exists), {@code CLOSED}
     */
    public void backup(Path file) {
        log.backup(Objects.requireNonNull(file, "file"));
    }

    /** @return the failure that made the store refuse writes, if one did */
    public Optional<StorageException> failure() {
        return Optional.ofNullable(log.failure());
    }

    /** @return the data directory */
    public Path directory() {
        return log.directory();
    }

    /** @return the durability mode */
    public Durability durability() {
        return log.durability();
    }

    /** @return how many rows opening loaded into the database */
    public long rowsLoaded() {
        return log.rowsLoaded();
    }

    /** Writes what is queued, then closes the store; later commits of the database are refused ({@code CLOSED}). */
    @Override
    public void close() {
        log.close();
    }

    /** Configures and opens a {@link Storage}. */
    public static final class Builder {
        private final Path directory;
        private Durability durability = Durability.DURABLE;
        private RowFormat format;
        private long maxBytes;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * @param mode when a transaction counts as stored (default {@link Durability#DURABLE})
         * @return this builder
         */
        public Builder durability(Durability mode) {
            this.durability = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * A quota: the store's file may not grow past it; a commit that needs more fails as a full disk does
         * ({@code WRITE_FAILED}, and the store refuses later writes).
         *
         * @param bytes the most bytes the store's file may hold, at least 64 KiB (default: no limit)
         * @return this builder
         */
        public Builder maxBytes(long bytes) {
            if (bytes < 65_536) {
                throw new IllegalArgumentException("maxBytes must be at least 65536, got " + bytes);
            }
            this.maxBytes = bytes;
            return this;
        }

        /**
         * @param rowFormat how column values are encoded (the host gives its BSATN codecs); required
         * @return this builder
         */
        public Builder format(RowFormat rowFormat) {
            this.format = Objects.requireNonNull(rowFormat, "rowFormat");
            return this;
        }

        /**
         * Opens (or creates) the store, checks the database's tables against the stored ones, loads the stored rows
         * into the database and attaches the store as its commit log.
         *
         * @param database an empty database, with no commit log, that has run no transaction
         * @return the open store
         * @throws StorageException {@code UNWRITABLE}, {@code CORRUPT}, {@code INCOMPATIBLE_SCHEMA} (naming every
         *     table and column that changed incompatibly), {@code UNSUPPORTED_TYPE}; nothing is loaded then
         * @throws IllegalStateException if no row format was given
         */
        public Storage open(Database database) {
            if (format == null) {
                throw new IllegalStateException("a Storage needs a RowFormat: Storage.at(dir).format(...)");
            }
            return new Storage(SqliteLog.open(directory, durability, maxBytes, format, Objects.requireNonNull(database,
                    "database")));
        }
    }
}
