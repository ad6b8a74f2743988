package dev.warden.db;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A module's tables in memory, with serializable transactions: one transaction or read at a time (the others
 * wait), as SpacetimeDB runs one reducer at a time. A transaction records an undo log of its row changes; if its
 * body throws, the log is played back and the tables are as they were. A transaction or read started inside
 * another on the same thread joins it. Thread-safe.
 *
 * <p>Durability: alone, a database lives in memory. With a {@link CommitLog} {@linkplain #attach(CommitLog)
 * attached} (warden-storage), every commit is handed to the log in commit order, and a transaction returns only once
 * the log has made it durable, waiting after the database is released, so other transactions run (and share the
 * log's next sync) meanwhile. A caller that tells a client of the result while holding its own lock runs its calls
 * in {@link #deferDurability} and waits on {@link #deferredDurable()} (or holds back its messages until
 * {@link #durable()} completes) after releasing that lock. If the log refuses a commit, the transaction is rolled
 * back and fails; if a queued commit cannot be made durable, its caller gets the log's exception and the log refuses
 * every later commit.
 *
 * <pre>{@code
 * Database db = Database.create(Schema.forModule(Bank.class));
 * db.write(() -> db.db().table(Account.class).insert(new Account(0, "alice", owner, 100)));
 * }</pre>
 */
public final class Database {

    private final Schema schema;
    private final Clock clock;
    private final Map<Class<?>, Store<?>> byType = new HashMap<>();
    private final Map<String, Store<?>> byName = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final Db db = new Handle();
    private volatile CommitLog log;
    /** Completes when every commit so far is durable: the future the log gave the last commit. */
    private volatile CompletableFuture<Void> lastDurable = CompletableFuture.completedFuture(null);
    private final ThreadLocal<Deferral> deferring = ThreadLocal.withInitial(Deferral::new);

    /** A thread's {@link #deferDurability} calls: how deep, and the future of its last commit in the outermost. */
    private static final class Deferral {
        int depth;
        CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    }
    /** Guards {@link #notDurable}; waited on by {@link #awaitNotDurableAtMost}. */
    private final Object backlog = new Object();
    /** Commits handed to the log whose futures have not completed. Guarded by backlog. */
    private int notDurable;

    // the current transaction or read, guarded by lock
    private int depth;
    private boolean readOnly;
    private Instant timestamp;
    private Set<TableSchema> readSet;
    private Store<?>[] undoStore = new Store<?>[16];
    private Record[] undoRow = new Record[16];
    private boolean[] undoInsert = new boolean[16];
    private int undoSize;

    private Database(Schema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
        for (TableSchema t : schema.tables()) {
            Store<?> s = new Store<>(this, t);
            byType.put(t.rowType(), s);
            byName.put(t.name(), s);
        }
    }

    /**
     * @param schema the tables
     * @return an empty database of those tables, its timestamps from the system clock
     */
    public static Database create(Schema schema) {
        return create(schema, Clock.systemUTC());
    }

    /**
     * @param schema the tables
     * @param clock where transactions take their timestamps
     * @return an empty database of those tables
     * @throws IllegalArgumentException if a row record cannot be read (a named module that does not open its
     *     package to {@code dev.warden.db}; the message says what to add)
     */
    public static Database create(Schema schema, Clock clock) {
        return new Database(Objects.requireNonNull(schema, "schema"), Objects.requireNonNull(clock, "clock"));
    }

    /** @return its tables */
    public Schema schema() {
        return schema;
    }

    /**
     * @return the handle module code reads and writes through, valid only inside {@link #write} or {@link #read} on
     *     the calling thread
     */
    public Db db() {
        return db;
    }

    /**
     * Runs a transaction timestamped now.
     *
     * @param body what it does, through {@link #db()}
     * @param <T> its result
     * @return its result
     */
    public <T> T write(Supplier<T> body) {
        return write(null, body);
    }

    /**
     * Runs a transaction: all of {@code body}'s changes or, if it throws, none of them. Inside another transaction
     * on this thread it joins that one: its changes commit with it, and the timestamp is that one's; if it throws,
     * its own changes are undone at once (a savepoint), so an outer body that catches the failure commits without
     * them.
     * Commit listeners are told of the changes before this returns. With a {@link CommitLog} attached, an outermost
     * transaction returns once the log made it durable (unless run in {@link #deferDurability}).
     *
     * @param at its timestamp, or null for now (kept to the microsecond, SpacetimeDB's precision)
     * @param body what it does, through {@link #db()}
     * @param <T> its result
     * @return its result
     * @throws DatabaseException {@code READ_ONLY} inside a {@link #read}
     * @throws RuntimeException the {@link CommitLog}'s exception if it refused the commit (rolled back) or could not
     *     make it durable
     */
    public <T> T write(Instant at, Supplier<T> body) {
        CompletableFuture<Void> durable;
        T outer;
        lock.lock();
        try {
            if (depth > 0) {
                if (readOnly) {
                    throw new DatabaseException(DatabaseException.Reason.READ_ONLY, null,
                            "a transaction cannot start inside a read-only call");
                }
                depth++;
                int mark = undoSize;
                try {
                    return body.get();
                } catch (RuntimeException | Error e) {
                    rollBackTo(mark);   // the joined part fails alone: the outer transaction may catch it and go on
                    throw e;
                } finally {
                    depth--;
                }
            }
            depth = 1;
            readOnly = false;
            timestamp = (at != null ? at : clock.instant()).truncatedTo(ChronoUnit.MICROS);
            undoSize = 0;
            T result;
            try {
                result = body.get();
            } catch (RuntimeException | Error e) {
                rollBack();
                throw e;
            } finally {
                depth = 0;
            }
            durable = commit();
            outer = result;
        } finally {
            if (depth == 0) {
                clearUndo();
            }
            lock.unlock();
        }
        if (durable != null) {
            Deferral d = deferring.get();
            if (d.depth == 0) {
                await(durable);
            } else {
                d.last = durable;
            }
        }
        return outer;
    }

    /**
     * Waits for a commit's durability.
     *
     * @throws RuntimeException the log's exception if the commit could not be made durable
     */
    private static void await(CompletableFuture<Void> durable) {
        try {
            durable.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Attaches the log that makes commits durable, once, before the first transaction that should be logged: from
     * then on every commit is appended to it (see {@link CommitLog#append}).
     *
     * @param commitLog the log
     * @throws IllegalStateException if a log is attached already, or a transaction is running
     */
    public void attach(CommitLog commitLog) {
        Objects.requireNonNull(commitLog, "commitLog");
        lock.lock();
        try {
            if (log != null) {
                throw new IllegalStateException("this database already has a commit log");
            }
            if (depth > 0) {
                throw new IllegalStateException("a commit log cannot be attached inside a transaction");
            }
            log = commitLog;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return completes when every transaction committed so far is durable (at once without a {@link CommitLog}),
     *     or exceptionally with the log's exception if one of them cannot be
     */
    public CompletableFuture<Void> durable() {
        return lastDurable;
    }

    /**
     * Waits until at most {@code most} commits are not yet durable: back-pressure for a caller that runs many
     * transactions in {@link #deferDurability} (and so never waits on each), so that while the log's syncs stall,
     * commits (and what waits on them) do not pile up in memory. At once without a {@link CommitLog}.
     *
     * @param most how many commits may still wait for their sync
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitNotDurableAtMost(int most) throws InterruptedException {
        synchronized (backlog) {
            while (notDurable > most) {
                backlog.wait();
            }
        }
    }

    /**
     * What a caller of {@link #deferDurability} waits on after releasing its lock: its own transactions, not every
     * transaction so far ({@link #durable()}), so another thread's later commit that cannot be stored is not reported
     * to a caller whose own transactions were.
     *
     * @return completes when the transactions this thread committed in its current or last outermost
     *     {@link #deferDurability} call are durable (the log completes commits in order, so this is the last one's
     *     future), or exceptionally if they cannot be; completed if it committed none
     */
    public CompletableFuture<Void> deferredDurable() {
        return deferring.get().last;
    }

    /**
     * Runs a call whose transactions (any number, on this thread) return without waiting to be durable, for a
     * caller that holds its own lock around them: it then waits on {@link #deferredDurable()} (its own transactions)
     * after releasing it, or holds back what it tells until {@link #durable()} completes, so concurrent callers share
     * one sync of the log.
     *
     * @param call what runs
     * @param <T> its result
     * @return its result
     */
    public <T> T deferDurability(Supplier<T> call) {
        Deferral d = deferring.get();
        if (d.depth == 0) {
            d.last = CompletableFuture.completedFuture(null);
        }
        d.depth++;
        try {
            return call.get();
        } finally {
            d.depth--;
        }
    }

    /**
     * Loads a table's rows at startup, from a {@link CommitLog}'s store: before any transaction, into an empty
     * table, with no commit made (nothing is logged, no listener told). The rows are checked as inserts are
     * (keys, uniqueness); the auto-increment columns continue from {@code nextValues} or past the largest value
     * loaded, whichever is higher.
     *
     * @param table the table's name
     * @param rows each row's column values, in the order of its {@link TableSchema#columns()}
     * @param nextValues the next value of each auto-increment column, in column order (empty: from the rows)
     * @throws DatabaseException {@code NO_SUCH_TABLE}; {@code UNIQUE_VIOLATION} or {@code NULL_VALUE} if the rows
     *     break the table's constraints (nothing of this table is loaded then)
     * @throws IllegalArgumentException if a row's values do not fit the record (count or types)
     * @throws IllegalStateException if the table is not empty, a log is attached or a transaction is running
     */
    public void load(String table, List<Object[]> rows, long[] nextValues) {
        Store<?> s = store(table);
        lock.lock();
        try {
            if (depth > 0 || log != null) {
                throw new IllegalStateException("rows are loaded before any transaction and before a log is attached");
            }
            s.load(rows, nextValues);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Empties a table filled by {@link #load} again, at startup: for a {@link CommitLog}'s store whose later table
     * could not be loaded, so that a failed start leaves no table loaded. Its auto-increment columns start at 1 again.
     *
     * @param table the table's name
     * @throws DatabaseException {@code NO_SUCH_TABLE}
     * @throws IllegalStateException if a log is attached or a transaction is running
     */
    public void unload(String table) {
        Store<?> s = store(table);
        lock.lock();
        try {
            if (depth > 0 || log != null) {
                throw new IllegalStateException("rows are unloaded before any transaction and before a log is"
                        + " attached");
            }
            s.unload();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param table a table's name
     * @return the next value of each of its auto-increment columns, in column order (for a {@link CommitLog}:
     *     call it from {@link CommitLog#append}, or inside a read)
     * @throws DatabaseException {@code NO_SUCH_TABLE}
     */
    public long[] nextValues(String table) {
        Store<?> s = store(table);
        lock.lock();
        try {
            return s.nextValues();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param row a row of one of this database's tables
     * @return its column values, in the order of its table's {@link TableSchema#columns()} (for a
     *     {@link CommitLog}, which stores values, not records)
     * @throws DatabaseException {@code NO_SUCH_TABLE} if no table has its type
     */
    public Object[] values(Record row) {
        Store<?> s = byType.get(Objects.requireNonNull(row, "row").getClass());
        if (s == null) {
            throw new DatabaseException(DatabaseException.Reason.NO_SUCH_TABLE, null, "no table has row type "
                    + row.getClass().getName());
        }
        return s.values(row);
    }

    private Store<?> store(String table) {
        Store<?> s = byName.get(table);
        if (s == null) {
            throw new DatabaseException(DatabaseException.Reason.NO_SUCH_TABLE, table, "no such table: " + table);
        }
        return s;
    }

    /**
     * Runs a read-only call (a view): it sees the committed tables, or the current transaction's own changes when
     * called inside one, and any change it tries is refused.
     *
     * @param body what it reads, through {@link #db()}
     * @param <T> its result
     * @return its result
     */
    public <T> T read(Supplier<T> body) {
        lock.lock();
        try {
            if (depth > 0) {
                boolean was = readOnly;
                readOnly = true;
                depth++;
                try {
                    return body.get();
                } finally {
                    depth--;
                    readOnly = was;
                }
            }
            depth = 1;
            readOnly = true;
            timestamp = clock.instant().truncatedTo(ChronoUnit.MICROS);
            try {
                return body.get();
            } finally {
                depth = 0;
                readOnly = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a read returned, and the tables it read.
     *
     * @param value what the body returned
     * @param tables the names of the tables it read
     * @param <T> the value's type
     */
    public record Reading<T>(T value, Set<String> tables) {
        /**
         * @param value the value
         * @param tables the tables read
         */
        public Reading {
            tables = Set.copyOf(tables);
        }
    }

    /**
     * A {@link #read} that also records which tables the body read, so that a view needs to run again only after
     * a commit that changed one of them.
     *
     * @param body what it reads
     * @param <T> its result
     * @return its result and the tables it read
     */
    public <T> Reading<T> readTracking(Supplier<T> body) {
        lock.lock();
        try {
            Set<TableSchema> outer = readSet;
            Set<TableSchema> mine = new LinkedHashSet<>();
            readSet = mine;
            try {
                T value = read(body);
                Set<String> names = new LinkedHashSet<>();
                mine.forEach(t -> names.add(t.name()));
                return new Reading<>(value, names);
            } finally {
                readSet = outer;
                if (outer != null) {
                    outer.addAll(mine);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param listener told of every commit that changed a row, in commit order
     */
    public void addCommitListener(CommitListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener a listener to tell no more */
    public void removeCommitListener(CommitListener listener) {
        listeners.remove(listener);
    }

    /**
     * @param table a table's name
     * @return its rows now, for a host's subscriptions and SQL: call it inside {@link #read}
     * @throws DatabaseException {@code NO_SUCH_TABLE}, or {@code NO_TRANSACTION} outside a read
     */
    public List<Record> rows(String table) {
        Store<?> s = byName.get(table);
        if (s == null) {
            throw new DatabaseException(DatabaseException.Reason.NO_SUCH_TABLE, table, "no such table: " + table);
        }
        return Collections.unmodifiableList(new ArrayList<>(s.all()));
    }

    /**
     * The index a host's SQL can filter a column by: the column's own index (a btree if it has one), or a btree whose
     * first column it is. Its lookups, like every read, run inside {@link #read}.
     *
     * @param table a table's name
     * @param column one of its columns
     * @return that index, or empty if the column has none (or there is no such table or column)
     */
    public java.util.Optional<ColumnIndex<Record, Object>> index(String table, String column) {
        Store<?> s = byName.get(table);
        if (s == null) {
            return java.util.Optional.empty();
        }
        return s.schema().column(column).flatMap(c -> s.indexOn(c.position()));
    }

    /** @return whether the calling thread is inside a transaction or read of this database */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread() && depth > 0;
    }

    // ---- for Store

    void check(Store<?> store, boolean write) {
        if (depth == 0 || !lock.isHeldByCurrentThread()) {
            throw new DatabaseException(DatabaseException.Reason.NO_TRANSACTION, store.schema().name(),
                    "table " + store.schema().name() + " was used outside a transaction or read of its database"
                            + " (or from another thread)");
        }
        if (write && readOnly) {
            throw new DatabaseException(DatabaseException.Reason.READ_ONLY, store.schema().name(),
                    "table " + store.schema().name() + " cannot change in a read-only call (a view)");
        }
        if (readSet != null) {
            readSet.add(store.schema());
        }
    }

    void logged(Store<?> store, Record row, boolean insert) {
        if (undoSize == undoRow.length) {
            int n = undoSize * 2;
            undoStore = Arrays.copyOf(undoStore, n);
            undoRow = Arrays.copyOf(undoRow, n);
            undoInsert = Arrays.copyOf(undoInsert, n);
        }
        undoStore[undoSize] = store;
        undoRow[undoSize] = row;
        undoInsert[undoSize] = insert;
        undoSize++;
    }

    Instant timestamp() {
        return timestamp;
    }

    private void rollBack() {
        rollBackTo(0);
    }

    /** Plays the undo log back to {@code mark}, newest first, and forgets those entries. */
    private void rollBackTo(int mark) {
        for (int i = undoSize - 1; i >= mark; i--) {
            if (undoInsert[i]) {
                undoStore[i].removeRaw(undoRow[i]);
            } else {
                undoStore[i].addRaw(undoRow[i]);
            }
            undoStore[i] = null;
            undoRow[i] = null;
        }
        undoSize = mark;
    }

    /** Hands the changes to the log (rolling back if it refuses), then to the listeners; the log's future or null. */
    private CompletableFuture<Void> commit() {
        CommitLog cl = log;
        if (undoSize == 0 || listeners.isEmpty() && cl == null) {
            return null;
        }
        Map<Store<?>, LinkedHashMap<Record, Boolean>> net = new LinkedHashMap<>();
        for (int i = 0; i < undoSize; i++) {
            LinkedHashMap<Record, Boolean> t = net.computeIfAbsent(undoStore[i], k -> new LinkedHashMap<>());
            Record row = undoRow[i];
            Boolean before = t.get(row);
            if (before != null && before != undoInsert[i]) {
                t.remove(row);   // inserted then deleted, or deleted then inserted again: no change
            } else {
                t.put(row, undoInsert[i]);
            }
        }
        List<TableChanges> changes = new ArrayList<>();
        net.forEach((store, rows) -> {
            if (!rows.isEmpty()) {
                List<Record> deletes = new ArrayList<>();
                List<Record> inserts = new ArrayList<>();
                rows.forEach((r, insert) -> (insert ? inserts : deletes).add(r));
                changes.add(new TableChanges(store.schema(), deletes, inserts));
            }
        });
        if (changes.isEmpty()) {
            return null;
        }
        Commit c = new Commit(timestamp, changes);
        CompletableFuture<Void> durable = null;
        if (cl != null) {
            try {
                durable = Objects.requireNonNull(cl.append(c), "the commit log returned no future");
            } catch (RuntimeException | Error e) {
                rollBack();   // what the log refused never stays in memory
                throw e;
            }
            lastDurable = durable;
            if (!durable.isDone()) {
                synchronized (backlog) {
                    notDurable++;
                }
                durable.whenComplete((v, e) -> {
                    synchronized (backlog) {
                        notDurable--;
                        backlog.notifyAll();
                    }
                });
            }
        }
        RuntimeException first = null;
        for (CommitListener l : listeners) {
            try {
                l.committed(c);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return durable;
    }

    private void clearUndo() {
        Arrays.fill(undoRow, 0, Math.min(undoRow.length, Math.max(undoSize, 0)), null);
        Arrays.fill(undoStore, 0, Math.min(undoStore.length, Math.max(undoSize, 0)), null);
        undoSize = 0;
        if (undoRow.length > 4096) {
            undoStore = new Store<?>[16];
            undoRow = new Record[16];
            undoInsert = new boolean[16];
        }
    }

    private final class Handle implements Db {
        @Override
        @SuppressWarnings("unchecked")
        public <R extends Record> TableHandle<R> table(Class<R> rowType) {
            Store<?> s = byType.get(rowType);
            if (s == null) {
                throw new DatabaseException(DatabaseException.Reason.NO_SUCH_TABLE, null, "no table has row type "
                        + rowType.getName() + (rowType.isAnnotationPresent(Table.class) ? " in this module (declare it "
                        + "as a nested record of the module or list it in @Tables)" : " (it is not annotated @Table)"));
            }
            return (TableHandle<R>) s;
        }

        @Override
        public Instant timestamp() {
            if (depth == 0 || !lock.isHeldByCurrentThread()) {
                throw new DatabaseException(DatabaseException.Reason.NO_TRANSACTION, null,
                        "no transaction or read of this database on this thread");
            }
            return timestamp;
        }
    }
}
