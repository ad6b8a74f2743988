package dev.warden.storage.internal;

import dev.warden.db.ColumnSchema;
import dev.warden.db.Commit;
import dev.warden.db.CommitLog;
import dev.warden.db.Database;
import dev.warden.db.DatabaseException;
import dev.warden.db.TableChanges;
import dev.warden.db.TableSchema;
import dev.warden.storage.Durability;
import dev.warden.storage.RowFormat;
import dev.warden.storage.Storage;
import dev.warden.storage.StorageException;
import dev.warden.storage.StorageException.Reason;
import dev.warden.storage.StoredType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The store: one SQLite database in WAL mode, written by one thread. A commit is encoded on the committing thread
 * (under the module database's lock, so in commit order) and queued; the writer takes everything queued, writes it
 * in one SQLite transaction (one sync in {@code synchronous=FULL}), then completes the commits' futures. Rows are
 * kept as (table id, key, value): the key is the primary key's encoding (or the whole row's for a table without
 * one), the value each column's encoding with a length before it, in the table's stored column order.
 */
public final class SqliteLog implements CommitLog {

    private static final int FORMAT = 1;
    private static final int MAX_BATCH = 4096;
    /** Commits a relaxed store lets wait unwritten; past it a caller waits for its write (back-pressure). */
    private static final int MAX_UNWRITTEN = 16_384;
    private static final Entry STOP = new Entry(List.of(), Map.of(), false, List.of(), null);

    /** One row operation: a delete (value null) or an insert. */
    private record Op(int table, byte[] key, byte[] value) {}

    /** A stored row's key, ordered as SQLite orders {@code (t, k)}: by table, then the key's bytes unsigned. */
    private record RowKey(int table, byte[] key) implements Comparable<RowKey> {
        @Override
        public int compareTo(RowKey o) {
            int c = Integer.compare(table, o.table);
            return c != 0 ? c : Arrays.compareUnsigned(key, o.key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey r && table == r.table && Arrays.equals(key, r.key);
        }

        @Override
        public int hashCode() {
            return 31 * table + Arrays.hashCode(key);
        }
    }

    /** A batch's net effect on a row that its last change deleted (compared by identity). */
    private static final byte[] DELETED = new byte[0];

    /** A connected client recorded (or its record removed). */
    private record ClientOp(String client, boolean connected) {}

    /** What a thread's next commit is to carry ({@link #pending}); the future of the commit that took it. */
    private static final class Pending {
        boolean marker;
        List<ClientOp> clients = List.of();
        CompletableFuture<Void> took;

        boolean carries() {
            return marker || !clients.isEmpty();
        }
    }

    /**
     * One commit's operations, its tables' new sequence positions, whether it marks the store initialized, and the
     * connected clients it records or forgets.
     */
    private record Entry(List<Op> ops, Map<Integer, long[]> sequences, boolean marker, List<ClientOp> clients,
                         CompletableFuture<Void> done) {}

    /** A table as stored and as declared now. */
    private static final class Table {
        final int id;
        final TableSchema schema;
        final RowFormat.ColumnCodec[] codecs;
        final int key;   // the primary key's position, or -1
        final boolean sequenced;

        Table(int id, TableSchema schema, RowFormat.ColumnCodec[] codecs) {
            this.id = id;
            this.schema = schema;
            this.codecs = codecs;
            this.key = schema.primaryKey().map(ColumnSchema::position).orElse(-1);
            this.sequenced = schema.columns().stream().anyMatch(ColumnSchema::autoInc);
        }
    }

    private final Path directory;
    private final Durability durability;
    private final Database database;
    private final Connection connection;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, Table> tables;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /**
     * What the calling thread's next commit carries besides its rows: the mark that {@code @Init} ran, set by
     * {@link #initialize} on its own thread only, so another thread's commit meanwhile never carries it; a client's
     * connection record ({@link #clientConnected}, {@link #clientDisconnected}).
     */
    private final ThreadLocal<Pending> pending = new ThreadLocal<>();
    /** Guarded by this: the clients recorded as connected, as queued (loaded at open). */
    private final java.util.Set<String> clients;
    private final long rowsLoaded;
    private volatile boolean initialized;
    private volatile boolean closed;
    /** Guarded by this: set once, when a write failed; every later append is refused with it. */
    private StorageException failure;

    private SqliteLog(Path directory, Durability durability, Database database, Connection connection,
                      FileChannel lockChannel, FileLock lock, Map<String, Table> tables, boolean initialized,
                      long rowsLoaded, java.util.Set<String> clients) {
        this.directory = directory;
        this.durability = durability;
        this.database = database;
        this.connection = connection;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.tables = tables;
        this.initialized = initialized;
        this.rowsLoaded = rowsLoaded;
        this.clients = clients;
        this.writer = new Thread(this::run, "warden-storage-writer");
        writer.setDaemon(true);
    }

    /**
     * @param directory the data directory
     * @param durability the mode
     * @param maxBytes the quota, or 0
     * @param format the row format
     * @param database the empty database to load and log
     * @return the open log, attached to the database
     */
    public static SqliteLog open(Path directory, Durability durability, long maxBytes, RowFormat format,
                                 Database database) {
        Map<String, RowFormat.ColumnCodec[]> codecs = codecs(database, format);
        // rows committed before the store is attached were never logged: a restart would lose them
        for (dev.warden.db.TableSchema t : database.schema().tables()) {
            if (!database.read(() -> database.rows(t.name()).isEmpty())) {
                throw new StorageException(Reason.NOT_EMPTY, "the database already holds rows (table " + t.name()
                        + "): a store opens into an empty database, before any transaction", null);
            }
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException | SecurityException e) {
            throw new StorageException(Reason.UNWRITABLE, "the data directory " + directory + " cannot be created: "
                    + e, e);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new StorageException(Reason.UNWRITABLE, "the data directory " + directory
                    + " is not a writable directory", null);
        }
        FileLock held = lock(directory);
        FileChannel channel = held.channel();
        Connection c = null;
        Recovery recovery = null;
        try {
            c = connect(directory.resolve(Storage.FILE_NAME));
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + (durability == Durability.DURABLE ? "FULL" : "NORMAL"));
                // a page cache of 64 MiB (SQLite's default is 2 MiB), so a million rows' b-tree stays in memory
                // rather than being read back from the OS for each batch; checkpoints every 10,000 pages of log
                // (40 MiB) rather than 1,000, so fewer of the batches wait on one
                s.execute("PRAGMA cache_size=-65536");
                s.execute("PRAGMA wal_autocheckpoint=10000");
                if (maxBytes > 0) {
                    long page;
                    try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
                        page = r.next() ? r.getLong(1) : 4096;
                    }
                    s.execute("PRAGMA max_page_count=" + Math.max(1, maxBytes / page));
                }
                s.execute("CREATE TABLE IF NOT EXISTS warden_meta(k TEXT PRIMARY KEY, v TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS warden_tables(id INTEGER PRIMARY KEY, name TEXT NOT NULL"
                        + " UNIQUE, columns TEXT NOT NULL, sequences TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS warden_rows(t INTEGER NOT NULL, k BLOB NOT NULL, v BLOB NOT"
                        + " NULL, PRIMARY KEY(t, k)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS warden_clients(c TEXT PRIMARY KEY) WITHOUT ROWID");
            }
            c.setAutoCommit(false);
            Map<String, String> meta = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT k, v FROM warden_meta")) {
                while (r.next()) {
                    meta.put(r.getString(1), r.getString(2));
                }
            }
            String format0 = meta.get("format");
            if (format0 != null && !format0.equals(Integer.toString(FORMAT))) {
                throw new StorageException(Reason.CORRUPT, "the store " + directory.resolve(Storage.FILE_NAME)
                        + " has format " + format0 + ", this Warden reads format " + FORMAT, null);
            }
            if (format0 == null) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO warden_meta(k, v) VALUES ('format', ?)")) {
                    p.setString(1, Integer.toString(FORMAT));
                    p.executeUpdate();
                }
            }
            java.util.Set<String> connected = new java.util.LinkedHashSet<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT c FROM warden_clients")) {
                while (r.next()) {
                    connected.add(r.getString(1));
                }
            }
            recovery = new Recovery(c, database, codecs);
            Map<String, Table> tables = recovery.run();
            c.commit();
            SqliteLog log = new SqliteLog(directory, durability, database, c, channel, held, tables,
                    "1".equals(meta.get("initialized")), recovery.rows(), connected);
            database.attach(log);
            log.writer.start();
            return log;
        } catch (SQLException e) {
            unload(recovery);
            closeQuietly(c, channel);
            throw translate(e, "the store " + directory.resolve(Storage.FILE_NAME) + " cannot be opened");
        } catch (RuntimeException | Error e) {
            unload(recovery);
            closeQuietly(c, channel);
            throw e;
        }
    }

    /** Takes the data directory's lock (one host, or one restore, at a time). */
    private static FileLock lock(Path directory) {
        try {
            FileChannel channel = FileChannel.open(directory.resolve("warden.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                channel.close();
                throw new StorageException(Reason.UNWRITABLE, "the data directory " + directory
                        + " is in use by another host (its warden.lock is held)", null);
            }
            return held;
        } catch (IOException e) {
            throw new StorageException(Reason.UNWRITABLE, "the data directory " + directory + " cannot be locked: "
                    + e.getMessage(), e);
        }
    }

    private static void unload(Recovery recovery) {
        if (recovery != null) {
            try {
                recovery.unload();
            } catch (RuntimeException e) {
                // a log attached: the open got past loading; the open's failure is the one to report
            }
        }
    }

    private static Connection connect(Path file) throws SQLException {
        try {
            Class.forName("org.sqlite.JDBC");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("sqlite-jdbc is not on the module path", e);
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static void closeQuietly(Connection c, FileChannel channel) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // the open failure is the one to report
        }
        try {
            channel.close();   // releases the lock
        } catch (IOException ignored) {
            // as above
        }
    }

    /** The primary result code of an SQLite failure: CORRUPT (11) and NOTADB (26) mean a damaged file. */
    static StorageException translate(SQLException e, String what) {
        int code = e.getErrorCode() & 0xff;
        Reason reason = code == 11 || code == 26 ? Reason.CORRUPT : code == 8 || code == 14 ? Reason.UNWRITABLE
                : Reason.WRITE_FAILED;
        String detail = code == 13 ? "the disk is full" : e.getMessage();
        return new StorageException(reason, what + ": " + detail, e);
    }

    private static Map<String, RowFormat.ColumnCodec[]> codecs(Database database, RowFormat format) {
        Map<String, RowFormat.ColumnCodec[]> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (TableSchema t : database.schema().tables()) {
            RowFormat.ColumnCodec[] cs = new RowFormat.ColumnCodec[t.columns().size()];
            for (ColumnSchema col : t.columns()) {
                try {
                    cs[col.position()] = java.util.Objects.requireNonNull(format.codecFor(col.type()), "no codec");
                    java.util.Objects.requireNonNull(cs[col.position()].structure(), "no structure");
                } catch (RuntimeException e) {
                    problems.add(t.name() + "." + col.name() + " (" + col.type().getTypeName() + "): "
                            + e.getMessage());
                }
            }
            out.put(t.name(), cs);
        }
        if (!problems.isEmpty()) {
            throw new StorageException(Reason.UNSUPPORTED_TYPE, "these columns cannot be stored: "
                    + String.join("; ", problems), null);
        }
        return out;
    }

    // ---- the log

    @Override
    public CompletableFuture<Void> append(Commit commit) {
        List<Op> ops = new ArrayList<>();
        Map<Integer, long[]> sequences = new HashMap<>();
        for (TableChanges tc : commit.changes()) {
            Table t = tables.get(tc.table().name());
            for (Record r : tc.deletes()) {
                Object[] values = database.values(r);
                ops.add(new Op(t.id, key(t, values, null), null));
            }
            for (Record r : tc.inserts()) {
                Object[] values = database.values(r);
                byte[][] cols = encode(t, values);
                ops.add(new Op(t.id, key(t, values, cols), join(cols)));
            }
            if (t.sequenced) {
                sequences.put(t.id, database.nextValues(t.schema.name()));
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Entry e;
        synchronized (this) {
            if (failure != null) {
                throw new StorageException(Reason.WRITE_FAILED, "the store refuses writes since an earlier write"
                        + " failed (" + failure.getMessage() + "); restart to recover the last durable state",
                        failure);
            }
            if (closed) {
                throw new StorageException(Reason.CLOSED, "the store is closed", null);
            }
            Pending p = pending.get();
            if (p != null && p.carries()) {
                e = new Entry(ops, sequences, p.marker, p.clients, done);
                p.marker = false;
                p.clients = List.of();
                p.took = done;
            } else {
                e = new Entry(ops, sequences, false, List.of(), done);
            }
            queue(e);
        }
        return durability == Durability.DURABLE || e.marker || queue.size() > MAX_UNWRITTEN ? done
                : CompletableFuture.completedFuture(null);
    }

    /** Queues an entry, holding this: the clients it records are counted as recorded from now on. */
    private void queue(Entry e) {
        for (ClientOp op : e.clients) {
            if (op.connected) {
                clients.add(op.client);
            } else {
                clients.remove(op.client);
            }
        }
        queue.add(e);
    }

    static byte[][] encode(Table t, Object[] values) {
        byte[][] cols = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            cols[i] = t.codecs[i].encode(values[i]);
        }
        return cols;
    }

    static byte[] join(byte[][] cols) {
        int n = 0;
        for (byte[] c : cols) {
            n += 4 + c.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] c : cols) {
            b.putInt(c.length).put(c);
        }
        return b.array();
    }

    static byte[] key(Table t, Object[] values, byte[][] cols) {
        if (t.key >= 0) {
            return cols != null ? cols[t.key] : t.codecs[t.key].encode(values[t.key]);
        }
        return join(cols != null ? cols : encode(t, values));
    }

    private void run() {
        List<Entry> batch = new ArrayList<>();
        boolean stop = false;
        try (PreparedStatement put = connection.prepareStatement(
                "INSERT OR REPLACE INTO warden_rows(t, k, v) VALUES (?, ?, ?)");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM warden_rows WHERE t = ? AND k = ?");
             PreparedStatement seq = connection.prepareStatement("UPDATE warden_tables SET sequences = ? WHERE id = ?");
             PreparedStatement mark = connection.prepareStatement(
                     "INSERT OR REPLACE INTO warden_meta(k, v) VALUES ('initialized', '1')");
             PreparedStatement connect = connection.prepareStatement(
                     "INSERT OR REPLACE INTO warden_clients(c) VALUES (?)");
             PreparedStatement disconnect = connection.prepareStatement("DELETE FROM warden_clients WHERE c = ?")) {
            while (!stop) {
                batch.clear();
                Entry first = queue.take();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                int stopAt = batch.indexOf(STOP);
                if (stopAt >= 0) {
                    stop = true;
                    batch.subList(stopAt, batch.size()).clear();   // nothing is queued after STOP
                }
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    // the batch's net effect: a row several of its commits changed is written once, and the rows
                    // in key order, so SQLite's b-tree is walked forward rather than at random
                    TreeMap<RowKey, byte[]> rows = new TreeMap<>();
                    Map<Integer, long[]> sequences = new HashMap<>();
                    boolean marker = false;
                    for (Entry e : batch) {
                        for (Op op : e.ops) {
                            rows.put(new RowKey(op.table, op.key), op.value == null ? DELETED : op.value);
                        }
                        sequences.putAll(e.sequences);
                        marker |= e.marker;
                    }
                    for (Map.Entry<RowKey, byte[]> row : rows.entrySet()) {
                        RowKey k = row.getKey();
                        if (row.getValue() == DELETED) {
                            delete.setInt(1, k.table());
                            delete.setBytes(2, k.key());
                            delete.executeUpdate();
                        } else {
                            put.setInt(1, k.table());
                            put.setBytes(2, k.key());
                            put.setBytes(3, row.getValue());
                            put.executeUpdate();
                        }
                    }
                    for (var sq : sequences.entrySet()) {
                        seq.setString(1, sequences(sq.getValue()));
                        seq.setInt(2, sq.getKey());
                        seq.executeUpdate();
                    }
                    if (marker) {
                        mark.executeUpdate();
                    }
                    for (Entry e : batch) {
                        for (ClientOp op : e.clients) {
                            PreparedStatement p = op.connected ? connect : disconnect;
                            p.setString(1, op.client);
                            p.executeUpdate();
                        }
                    }
                    connection.commit();   // one sync for the whole batch
                } catch (SQLException | RuntimeException | Error ex) {   // an Error too: the batch fails, its callers hear
                    try {
                        connection.rollback();
                    } catch (SQLException ignored) {
                        // the write failure is the one to report
                    }
                    fail(ex instanceof SQLException sql ? translate(sql, "a commit could not be stored")
                            : new StorageException(Reason.WRITE_FAILED, "a commit could not be stored: " + ex, ex),
                            batch);
                    // a close() may have queued STOP while the batch was written, and fail() drained it
                    stop |= closing();
                    continue;
                }
                for (Entry e : batch) {
                    if (e.marker) {
                        initialized = true;
                    }
                    e.done.complete(null);
                }
            }
        } catch (SQLException e) {
            fail(translate(e, "the store cannot be written"), batch);
        } catch (InterruptedException e) {
            fail(new StorageException(Reason.CLOSED, "the store's writer was interrupted", e), batch);
        }
    }

    private synchronized boolean closing() {
        return closed;
    }

    /** Fails the batch and everything queued, and refuses every later commit. */
    private void fail(StorageException e, List<Entry> batch) {
        List<Entry> rest = new ArrayList<>(batch);
        synchronized (this) {
            if (failure == null) {
                failure = e.reason() == Reason.WRITE_FAILED ? e : new StorageException(Reason.WRITE_FAILED,
                        e.getMessage(), e);
            }
            queue.drainTo(rest);
        }
        for (Entry x : rest) {
            if (x != STOP) {
                x.done.completeExceptionally(failure);
            }
        }
    }

    static String sequences(long[] next) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < next.length; i++) {
            b.append(i == 0 ? "" : ",").append(next[i]);
        }
        return b.toString();
    }

    // ---- the rest of the API

    /** @return whether init ran */
    public boolean initialized() {
        return initialized;
    }

    /**
     * @param init the initialization
     * @return whether it ran
     */
    public boolean initialize(Runnable init) {
        if (initialized) {
            return false;
        }
        Pending p = new Pending();
        p.marker = true;
        pending.set(p);   // this thread's first commit (init's) carries the mark
        try {
            init.run();
        } finally {
            pending.remove();
        }
        CompletableFuture<Void> done = p.took;
        if (done == null) {   // init changed no row: the mark goes alone
            done = new CompletableFuture<>();
            synchronized (this) {
                if (failure != null) {
                    throw failure;
                }
                if (closed) {   // the writer is gone: nothing queued now would ever complete
                    throw new StorageException(Reason.CLOSED, "the store is closed", null);
                }
                queue(new Entry(List.of(), Map.of(), true, List.of(), done));
            }
        }
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw failure();
        }
        initialized = true;
        return true;
    }

    /** @return the clients recorded as connected */
    public synchronized java.util.Set<String> connectedClients() {
        return java.util.Set.copyOf(clients);
    }

    /**
     * @param client the client's key
     * @param hook its connect hook
     * @param <T> the hook's result
     * @return the hook's result
     */
    public <T> T clientConnected(String client, java.util.function.Supplier<T> hook) {
        return recording(new ClientOp(client, true), hook);
    }

    /**
     * @param client the client's key
     * @param hook its disconnect hook
     * @param <T> the hook's result
     * @return the hook's result
     */
    public <T> T clientDisconnected(String client, java.util.function.Supplier<T> hook) {
        return recording(new ClientOp(client, false), hook);
    }

    /**
     * Runs a hook whose first commit on this thread carries the client's record; if it commits nothing, the record
     * goes alone after it; if it throws, a connect is not recorded and a disconnect is (the client is gone).
     */
    private <T> T recording(ClientOp op, java.util.function.Supplier<T> hook) {
        Pending outer = pending.get();
        Pending p = new Pending();
        p.clients = List.of(op);
        pending.set(p);
        T result;
        try {
            result = hook.get();
        } catch (RuntimeException | Error e) {
            restore(outer);
            if (!op.connected && p.took == null) {
                alone(op);
            }
            throw e;
        }
        restore(outer);
        if (p.took == null) {
            alone(op);
        }
        return result;
    }

    private void restore(Pending outer) {
        if (outer == null) {
            pending.remove();
        } else {
            pending.set(outer);
        }
    }

    /** Queues a client's record in a commit of its own; not waited for (it goes before any later commit). */
    private void alone(ClientOp op) {
        synchronized (this) {
            if (failure != null) {
                throw new StorageException(Reason.WRITE_FAILED, "the store refuses writes since an earlier write"
                        + " failed (" + failure.getMessage() + "); restart to recover the last durable state",
                        failure);
            }
            if (closed) {
                throw new StorageException(Reason.CLOSED, "the store is closed", null);
            }
            queue(new Entry(List.of(), Map.of(), false, List.of(op), new CompletableFuture<>()));
        }
    }

    /** @param file where the backup goes */
    public void backup(Path file) {
        if (closed) {
            throw new StorageException(Reason.CLOSED, "the store is closed", null);
        }
        if (Files.exists(file)) {
            throw new StorageException(Reason.UNWRITABLE, "the backup file " + file + " exists already", null);
        }
        try (Connection c = connect(directory.resolve(Storage.FILE_NAME));
             PreparedStatement p = c.prepareStatement("VACUUM INTO ?")) {
            p.setString(1, file.toAbsolutePath().toString());
            p.execute();
        } catch (SQLException e) {
            throw new StorageException(Reason.UNWRITABLE, "the backup " + file + " could not be written: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param backup the backup file
     * @param directory the empty data directory
     */
    public static void restore(Path backup, Path directory) {
        Path target = directory.resolve(Storage.FILE_NAME);
        refuseAStore(directory);
        if (!Files.isRegularFile(backup)) {
            throw new StorageException(Reason.CORRUPT, "the backup " + backup + " is not a file", null);
        }
        try (Connection c = connect(backup); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                String ok = r.next() ? r.getString(1) : "no answer";
                if (!"ok".equals(ok)) {
                    throw new StorageException(Reason.CORRUPT, "the backup " + backup + " is damaged: " + ok, null);
                }
            }
            try (ResultSet r = s.executeQuery("SELECT v FROM warden_meta WHERE k = 'format'")) {
                if (!r.next() || !Integer.toString(FORMAT).equals(r.getString(1))) {
                    throw new StorageException(Reason.CORRUPT, "the backup " + backup + " is not a Warden store of"
                            + " format " + FORMAT, null);
                }
            }
        } catch (SQLException e) {
            throw new StorageException(Reason.CORRUPT, "the backup " + backup + " is not a Warden store: "
                    + e.getMessage(), e);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException(Reason.UNWRITABLE, "the backup could not be restored into " + directory + ": "
                    + e, e);
        }
        FileLock held = lock(directory);   // no host opens the directory, nor another restore writes it, meanwhile
        try {
            refuseAStore(directory);   // again, under the lock
            Path tmp = Files.createTempFile(directory, "restore", ".tmp");
            Files.copy(backup, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException(Reason.UNWRITABLE, "the backup could not be restored into " + directory + ": "
                    + e, e);
        } finally {
            try {
                held.release();
                held.channel().close();
            } catch (IOException ignored) {
                // the process's exit releases it too
            }
        }
    }

    /**
     * Refuses a directory holding a store or what is left of one: its file, or a write-ahead log or shared-memory
     * index (which SQLite would replay into, or mix with, a restored file of the same name).
     */
    private static void refuseAStore(Path directory) {
        for (String name : List.of(Storage.FILE_NAME, Storage.FILE_NAME + "-wal", Storage.FILE_NAME + "-shm")) {
            if (Files.exists(directory.resolve(name))) {
                throw new StorageException(Reason.NOT_EMPTY, "the data directory " + directory + " holds a store"
                        + " already (" + name + "): restore into an empty directory", null);
            }
        }
    }

    /** @return the failure, or null */
    public synchronized StorageException failure() {
        return failure;
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    /** @return the mode */
    public Durability durability() {
        return durability;
    }

    /** @return rows loaded at open */
    public long rowsLoaded() {
        return rowsLoaded;
    }

    /** Drains the queue, stops the writer and closes the engine. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: what was committed is stored
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the process's exit releases it too
        }
    }

    // ---- recovery

    /** Checks the declared tables against the stored ones, loads the rows and migrates what may migrate. */
    private static final class Recovery {
        private final Connection c;
        private final Database database;
        private final Map<String, RowFormat.ColumnCodec[]> codecs;
        private long rows;
        private final List<String> loaded = new ArrayList<>();

        Recovery(Connection c, Database database, Map<String, RowFormat.ColumnCodec[]> codecs) {
            this.c = c;
            this.database = database;
            this.codecs = codecs;
        }

        long rows() {
            return rows;
        }

        /** Empties the tables loaded so far: a failed open leaves no table loaded. */
        void unload() {
            loaded.forEach(database::unload);
            loaded.clear();
        }

        private record Stored(int id, List<String[]> columns, long[] sequences) {}

        Map<String, Table> run() throws SQLException {
            Map<String, Stored> stored = new LinkedHashMap<>();
            int maxId = 0;
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, name, columns, sequences FROM warden_tables")) {
                while (r.next()) {
                    List<String[]> cols = new ArrayList<>();
                    for (String line : r.getString(3).split("\n")) {
                        if (!line.isEmpty()) {
                            cols.add(line.split("\t"));
                        }
                    }
                    String seq = r.getString(4);
                    long[] next = seq.isEmpty() ? new long[0] : java.util.Arrays.stream(seq.split(","))
                            .mapToLong(Long::parseLong).toArray();
                    stored.put(r.getString(2), new Stored(r.getInt(1), cols, next));
                    maxId = Math.max(maxId, r.getInt(1));
                }
            }
            List<String> problems = new ArrayList<>();
            for (String name : stored.keySet()) {
                if (database.schema().table(name).isEmpty()) {
                    problems.add("table " + name + " was removed (its stored rows would be lost)");
                }
            }
            for (TableSchema t : database.schema().tables()) {
                Stored s = stored.get(t.name());
                if (s == null) {
                    continue;
                }
                RowFormat.ColumnCodec[] cs = codecs.get(t.name());
                for (String[] col : s.columns) {
                    ColumnSchema now = t.column(col[0]).orElse(null);
                    if (now == null) {
                        problems.add("table " + t.name() + ": column " + col[0] + " (" + col[1] + ") was removed");
                        continue;
                    }
                    String nowName = now.type().getTypeName();
                    if (col.length < 3) {   // stored before structures were recorded: the Java type's name only
                        if (!nowName.equals(col[1])) {
                            problems.add("table " + t.name() + ": column " + col[0] + " was retyped from " + col[1]
                                    + " to " + nowName);
                        }
                        continue;
                    }
                    StoredType was;
                    try {
                        was = Structures.parse(col[2]);
                    } catch (IllegalArgumentException e) {
                        throw new StorageException(Reason.CORRUPT, "the stored layout of table " + t.name()
                                + " cannot be read: " + e.getMessage(), e);
                    }
                    StoredType is = cs[now.position()].structure();
                    String d = Structures.difference(was, is);
                    if (d != null) {
                        boolean whole = !d.startsWith("its ") && !d.startsWith("field ") && !d.startsWith("variant ")
                                && !d.startsWith("element ");
                        problems.add("table " + t.name() + ": column " + col[0] + (whole && !nowName.equals(col[1])
                                ? " was retyped from " + col[1] + " to " + nowName
                                : " (" + nowName + "): " + d));
                    }
                }
                for (ColumnSchema col : t.columns()) {
                    boolean had = s.columns.stream().anyMatch(x -> x[0].equals(col.name()));
                    if (!had && !isOptional(col)) {
                        problems.add("table " + t.name() + ": new column " + col.name() + " ("
                                + col.type().getTypeName() + ") must be Optional, so the stored rows can have none");
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new StorageException(Reason.INCOMPATIBLE_SCHEMA, "the module's tables changed incompatibly"
                        + " with the stored ones: " + String.join("; ", problems), null);
            }
            Map<String, Table> tables = new LinkedHashMap<>();
            List<Decoded> decoded = new ArrayList<>();
            for (TableSchema t : database.schema().tables()) {
                Stored s = stored.get(t.name());
                String layout = layout(t, codecs.get(t.name()));
                int id;
                if (s == null) {
                    id = ++maxId;
                    try (PreparedStatement p = c.prepareStatement(
                            "INSERT INTO warden_tables(id, name, columns, sequences) VALUES (?, ?, ?, '')")) {
                        p.setInt(1, id);
                        p.setString(2, t.name());
                        p.setString(3, layout);
                        p.executeUpdate();
                    }
                } else {
                    id = s.id;
                }
                Table table = new Table(id, t, codecs.get(t.name()));
                tables.put(t.name(), table);
                if (s != null) {   // every stored row is decoded before any table is loaded
                    decoded.add(new Decoded(table, s, read(table, s), !layout.equals(layoutOf(s.columns))));
                }
            }
            for (Decoded d : decoded) {
                load(d.table, d.stored, d.rows);
                loaded.add(d.table.schema.name());
            }
            for (Decoded d : decoded) {
                if (d.migrate) {
                    migrate(d.table, d.rows);
                }
            }
            return tables;
        }

        /** A stored table's rows, decoded, and whether its layout is rewritten. */
        private record Decoded(Table table, Stored stored, List<Object[]> rows, boolean migrate) {}

        private List<Object[]> read(Table t, Stored s) throws SQLException {
            int n = t.schema.columns().size();
            int[] from = new int[s.columns.size()];   // stored position -> declared position
            for (int i = 0; i < from.length; i++) {
                from[i] = t.schema.column(s.columns.get(i)[0]).orElseThrow().position();
            }
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT v FROM warden_rows WHERE t = ?")) {
                p.setInt(1, t.id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(decode(t, from, n, r.getBytes(1)));
                    }
                }
            }
            return rows;
        }

        private void load(Table t, Stored s, List<Object[]> rows) {
            try {
                database.load(t.schema.name(), rows, s.sequences.length == nextCount(t) ? s.sequences : new long[0]);
            } catch (DatabaseException | IllegalArgumentException e) {
                throw new StorageException(Reason.INCOMPATIBLE_SCHEMA, "the stored rows of table " + t.schema.name()
                        + " do not fit its declaration now: " + e.getMessage(), e);
            }
            this.rows += rows.size();
        }

        /** Rewrites a table's rows in the declared layout, keys included. */
        private void migrate(Table t, List<Object[]> rows) throws SQLException {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM warden_rows WHERE t = ?")) {
                del.setInt(1, t.id);
                del.executeUpdate();
            }
            try (PreparedStatement put = c.prepareStatement("INSERT OR REPLACE INTO warden_rows(t, k, v)"
                    + " VALUES (?, ?, ?)")) {
                for (Object[] values : rows) {
                    byte[][] cols = encode(t, values);
                    put.setInt(1, t.id);
                    put.setBytes(2, key(t, values, cols));
                    put.setBytes(3, join(cols));
                    put.executeUpdate();
                }
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE warden_tables SET columns = ? WHERE id = ?")) {
                up.setString(1, layout(t.schema, t.codecs));
                up.setInt(2, t.id);
                up.executeUpdate();
            }
        }

        private static int nextCount(Table t) {
            return (int) t.schema.columns().stream().filter(ColumnSchema::autoInc).count();
        }

        private Object[] decode(Table t, int[] from, int n, byte[] v) {
            Object[] values = new Object[n];
            try {
                ByteBuffer b = ByteBuffer.wrap(v);
                for (int i = 0; i < from.length; i++) {
                    byte[] col = new byte[b.getInt()];
                    b.get(col);
                    values[from[i]] = t.codecs[from[i]].decode(col);
                }
                if (b.hasRemaining()) {
                    throw new IllegalArgumentException(b.remaining() + " bytes after the last column");
                }
            } catch (RuntimeException e) {
                throw new StorageException(Reason.CORRUPT, "a stored row of table " + t.schema.name()
                        + " cannot be decoded: " + e, e);
            }
            for (ColumnSchema col : t.schema.columns()) {
                if (values[col.position()] == null && isOptional(col)) {
                    values[col.position()] = Optional.empty();   // a column added since the row was stored
                }
            }
            return values;
        }

        private static boolean isOptional(ColumnSchema col) {
            java.lang.reflect.Type type = col.type();
            Class<?> raw = type instanceof Class<?> k ? k : type instanceof java.lang.reflect.ParameterizedType p
                    ? (Class<?>) p.getRawType() : null;
            return raw == Optional.class;
        }

        /**
         * A line per column: its name, its Java type's name, its values' structure, and {@code key} on the primary
         * key's line (whose encoding is each row's stored key).
         */
        private static String layout(TableSchema t, RowFormat.ColumnCodec[] codecs) {
            StringBuilder b = new StringBuilder();
            int key = t.primaryKey().map(ColumnSchema::position).orElse(-1);
            for (ColumnSchema col : t.columns()) {
                b.append(col.name()).append('\t').append(col.type().getTypeName()).append('\t')
                        .append(Structures.write(codecs[col.position()].structure()));
                if (col.position() == key) {
                    b.append("\tkey");
                }
                b.append('\n');
            }
            return b.toString();
        }

        private static String layoutOf(List<String[]> cols) {
            StringBuilder b = new StringBuilder();
            cols.forEach(col -> b.append(String.join("\t", col)).append('\n'));
            return b.toString();
        }
    }
}
