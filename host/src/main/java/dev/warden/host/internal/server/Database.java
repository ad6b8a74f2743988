package dev.warden.host.internal.server;

import dev.warden.db.Commit;
import dev.warden.db.TableChanges;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import dev.warden.claims.CallerContext;
import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.BsatnRowList;
import dev.warden.host.internal.v2.QueryRows;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.QuerySetUpdate;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.host.Warden;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.storage.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served module: one call at a time (as SpacetimeDB runs one reducer at a time), and after each call that may
 * have changed state, the subscribed views evaluated again, the differences sent as a {@code TransactionUpdate};
 * a commit made elsewhere (a scheduled reducer run through the {@code Warden} by the application, another thread's
 * transaction) is published at once too, by a thread of its own.
 * Rows are views of the module, so each caller sees exactly what the view's rule and its {@code @VisibleRows}
 * allow. Identical subscriptions share one evaluation and one encoding, and what all subscriptions hold together is
 * bounded by one budget for the host ({@link Subscriptions}), so the work a commit does under the lock is bounded
 * by it too.
 */
public final class Database {

    /** Query sets one connection may hold at once; subscribing one more is a {@code SubscriptionError}. */
    public static final int MAX_QUERY_SETS = 64;
    /** Queries one {@code Subscribe} may carry (before duplicates are dropped); more is a {@code SubscriptionError}. */
    public static final int MAX_QUERIES_PER_SET = 32;
    /**
     * Join queries one connection's sets may hold together: each reads the rows of two tables after a commit to
     * either, so they are few; one more is a {@code SubscriptionError}.
     */
    public static final int MAX_JOIN_QUERIES = 16;
    /** Client messages queued for the writer before the connections' reading threads wait. */
    static final int INBOX_CAPACITY = 16_384;
    /** The most queued messages one batch of the writer takes. */
    static final int MAX_BATCH = 1_024;
    /** Commits not yet durable past which the writer takes no new batch (back-pressure if the storage's syncs stall). */
    static final int MAX_NOT_DURABLE = 16_384;

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Warden<?> warden;
    /** The durable tables, or null: they record each connected client with its connect hook's commit. */
    private final Storage storage;
    /**
     * The callers connected now (WebSocket clients and HTTP calls), by connection: a close runs the disconnect hook
     * of those still here. Guarded by the lock.
     */
    private final Map<ConnectionId, CallerContext> connected = new LinkedHashMap<>();
    private final Catalog catalog;
    private final Object lock = new Object();
    private final Set<Client> clients = new LinkedHashSet<>();
    private final Subscriptions subscriptions;
    private final Plans plans;
    private final Queue<Commit> commits = new ConcurrentLinkedQueue<>();
    private final dev.warden.db.CommitListener listener = this::committed;
    /**
     * Publishes commits made outside the host's calls (a scheduled reducer an application's timer runs through the
     * {@code Warden}, a transaction on another thread) as soon as they are made: on its own thread, which takes this
     * database's lock before the module's, never from inside the commit.
     */
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warden-host-publisher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean publishQueued = new AtomicBoolean();
    /**
     * Sends the messages clients held until their commits were durable ({@link Client#send}): one thread for the
     * host, so neither the storage's writer (which completes the commits) waits for their encoding and sending
     * before its next sync, nor are a client's messages reordered.
     */
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warden-host-delivery");
        t.setDaemon(true);
        return t;
    });
    /**
     * The client messages waiting for the writer, in arrival order; bounded, so a flood of messages blocks the
     * connections' reading threads (and so their TCP windows) rather than the heap.
     */
    private final BlockingQueue<Runnable> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final AtomicBoolean writerStarted = new AtomicBoolean();
    private volatile boolean closing;
    private volatile Thread writer;
    /** What waits for the current batch to be handled ({@link #drain}). Guarded by the lock. */
    private final List<Runnable> afterBatch = new ArrayList<>();

    /**
     * A database with the default budget of subscribed rows ({@link HostServer#DEFAULT_MAX_SUBSCRIBED_ROWS}).
     *
     * @param warden the guarded module
     * @param catalog its catalog
     */
    public Database(Warden<?> warden, Catalog catalog) {
        this(warden, catalog, HostServer.DEFAULT_MAX_SUBSCRIBED_ROWS);
    }

    /**
     * @param warden the guarded module
     * @param catalog its catalog
     * @param maxSubscribedRows the most rows all subscriptions together may hold (see {@link Subscriptions})
     */
    public Database(Warden<?> warden, Catalog catalog, long maxSubscribedRows) {
        this(warden, catalog, maxSubscribedRows, null);
    }

    /**
     * @param warden the guarded module
     * @param catalog its catalog
     * @param maxSubscribedRows the most rows all subscriptions together may hold (see {@link Subscriptions})
     * @param storage the module's durable tables, which record the connected clients, or null
     */
    public Database(Warden<?> warden, Catalog catalog, long maxSubscribedRows, Storage storage) {
        this.storage = storage;
        this.warden = warden;
        this.catalog = catalog;
        this.subscriptions = new Subscriptions(warden, catalog, maxSubscribedRows);
        this.plans = new Plans(catalog);
        // commits are queued and published in order by the call that made them (under this database's lock), never
        // from inside the module's database, whose lock is taken after this one's
        warden.database().addCommitListener(listener);
    }

    /**
     * A commit of the module's database: queued, in commit order. A commit made by a thread holding this database's
     * lock is made by one of the host's calls, which publishes it before letting the lock go (every call that can
     * commit does: {@link #call}, {@link #connect} and {@link #disconnect} with a hook, {@link #runScheduled}); any
     * other is published by the publisher thread at once.
     */
    private void committed(Commit commit) {
        commits.add(commit);
        if (!Thread.holdsLock(lock) && publishQueued.compareAndSet(false, true)) {
            try {
                publisher.execute(this::publishElsewhereMade);
            } catch (RejectedExecutionException closing) {
                publishQueued.set(false);   // the host is closing: nobody is left to tell
            }
        }
    }

    private void publishElsewhereMade() {
        publishQueued.set(false);   // before draining: a commit after this point queues another run
        synchronized (lock) {
            try {
                publishPending();
            } catch (RuntimeException e) {
                LOG.warn("publishing a commit made outside the host's calls failed", e);
            }
        }
    }

    /**
     * Queues a client's message for the writer: one thread that takes the queued messages of every connection in
     * batches, in arrival order, and handles a batch under one hold of the lock (as SpacetimeDB's database runs its
     * reducers on one thread), rather than a thread per connection convoying on the lock. A durable database's
     * transactions do not wait for their sync on the writer ({@link #call}): the batch's commits share the storage's
     * syncs, and each connection holds back what it is told until the commits before it are durable
     * ({@link Client#send}). Blocks while the queue is full; after {@link #close()} the message is dropped.
     *
     * @param work what handling the message does; it runs holding the lock
     */
    void submit(Runnable work) {
        if (writerStarted.compareAndSet(false, true)) {
            Thread t = new Thread(this::write, "warden-host-writer");
            t.setDaemon(true);
            writer = t;
            t.start();
        }
        try {
            while (!closing) {
                if (inbox.offer(work, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        List<Runnable> batch = new ArrayList<>(MAX_BATCH);
        while (!closing) {
            try {
                // back-pressure: while the storage's syncs stall, no new batch commits (the inbox fills, then the
                // connections' reading threads wait), so commits and the messages held for them stay bounded
                warden.database().awaitNotDurableAtMost(MAX_NOT_DURABLE);
                batch.add(inbox.take());
            } catch (InterruptedException e) {
                return;   // closing
            }
            inbox.drainTo(batch, MAX_BATCH - 1);
            synchronized (lock) {
                try {
                    for (Runnable work : batch) {
                        run(work);
                    }
                } finally {
                    afterBatch.forEach(Database::run);
                    afterBatch.clear();
                }
            }
            batch.clear();
        }
    }

    /**
     * Runs one message's work. Whatever it throws, an {@link Error} too (an {@code AssertionError} from a record's
     * constructor, an {@code OutOfMemoryError} of one huge message), is logged and ends that work alone: the writer
     * goes on with the next message, since every connection's messages depend on it. The database's transaction
     * was rolled back by then, and the host's lock is held by the writer only.
     */
    private static void run(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("handling a client message failed", e);
        } catch (Error e) {
            LOG.error("handling a client message failed with an error; the writer goes on with the next", e);
        }
    }

    /**
     * Waits until the writer has handled every message queued before this call (an in-memory database's answers
     * are then sent; a durable one's may wait for their sync).
     *
     * @param atMost how long to wait
     * @return whether it has, within that time
     */
    public boolean drain(Duration atMost) {
        Thread w = writer;
        if (w == null || w == Thread.currentThread() || closing) {
            return true;
        }
        CountDownLatch drained = new CountDownLatch(1);
        submit(() -> afterBatch.add(drained::countDown));
        try {
            return drained.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until the messages released so far (their commits durable) have been sent.
     *
     * @param atMost how long to wait
     * @return whether they have, within that time
     */
    public boolean delivered(Duration atMost) {
        CountDownLatch done = new CountDownLatch(1);
        try {
            delivery.execute(done::countDown);
            return done.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return true;   // nothing is delivered after close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the writer thread, once started (for tests) */
    Thread writerThread() {
        return writer;
    }

    /** @return whether no message waits for the writer (for tests) */
    boolean inboxEmpty() {
        return inbox.isEmpty();
    }

    /** @return the catalog */
    public Catalog catalog() {
        return catalog;
    }

    /**
     * Runs work holding the database's lock (re-entrant: the work may call this database), so that what it sends
     * a client is ordered with every commit's {@code TransactionUpdate}s, which are sent under the same lock.
     *
     * @param work the work
     */
    public void exclusive(Runnable work) {
        synchronized (lock) {
            work.run();
        }
    }

    /** @return the Warden */
    public Warden<?> warden() {
        return warden;
    }

    /**
     * Connects a caller with a token (connection rule, {@code @OnConnect}), then, if the module has that hook,
     * publishes what it changed.
     *
     * @param token the token
     * @param connection the connection id
     * @param client the WebSocket client, or null for an HTTP call
     * @return the caller
     */
    public CallerContext connect(String token, dev.warden.core.ConnectionId connection, Client client) {
        return durably(() -> connectLocked(token, connection, client));
    }

    private CallerContext connectLocked(String token, dev.warden.core.ConnectionId connection, Client client) {
        synchronized (lock) {
            CallerContext caller;
            if (!recordsClients()) {
                caller = warden.connect(token, connection);
            } else {   // the client is recorded with its hook's commit, so a crash cannot keep one without the other
                CallerContext authenticated = warden.authenticate(token, connection);
                caller = storage.clientConnected(key(authenticated), () -> warden.connect(authenticated));
            }
            connected.put(connection, caller);
            if (client != null) {
                client.holdUntilDurable(warden.database()::durable, delivery);
                clients.add(client);
            }
            if (hasHook(EntryPointKind.ON_CONNECT)) {
                publish(null);
            }
            return caller;
        }
    }

    /**
     * Adds a client whose caller was connected elsewhere (no token, no hook): for measuring the subscriptions alone.
     *
     * @param client the client
     */
    void attach(Client client) {
        synchronized (lock) {
            client.holdUntilDurable(warden.database()::durable, delivery);
            clients.add(client);
        }
    }

    /**
     * Runs {@code @OnDisconnect} and forgets the client; publishes what the hook changed if it ran and did not fail.
     *
     * @param caller the caller
     * @param client the WebSocket client, or null
     */
    public void disconnect(CallerContext caller, Client client) {
        durably(() -> {
            disconnectLocked(caller, client);
            return null;
        });
    }

    private void disconnectLocked(CallerContext caller, Client client) {
        synchronized (lock) {
            if (client != null && clients.remove(client)) {
                client.querySets.values().forEach(set -> subscriptions.release(client, set.results()));
                client.querySets.clear();
            }
            caller.connectionId().ifPresent(connected::remove);
            RuntimeException failed = !recordsClients() ? warden.disconnect(caller)
                    : storage.clientDisconnected(key(caller), () -> warden.disconnect(caller));
            if (failed == null && hasHook(EntryPointKind.ON_DISCONNECT)) {
                publish(null);
            }
        }
    }

    /**
     * Whether connected clients are recorded in the storage: only if the module has an {@code @OnDisconnect} to run
     * for them after a crash (a start clears the records of an earlier version that had one).
     */
    private boolean recordsClients() {
        return storage != null && hasHook(EntryPointKind.ON_DISCONNECT);
    }

    /** A connected client's key in the storage's record: its identity and connection id, in hex. */
    private static String key(CallerContext caller) {
        return caller.sender().toHex() + ":" + caller.connectionId().map(ConnectionId::toHex).orElse("");
    }

    /**
     * Runs {@code @OnDisconnect} for each client the storage still records as connected: connections of an earlier
     * run that ended without it (killed, or closed before their hook ran), as SpacetimeDB does at startup for the
     * clients left in {@code st_client}. Each record is removed with its hook's commit. The hook's caller is what
     * can honestly be known of a connection that is gone: its identity and connection id, with no token (its claims
     * and roles are not kept, and may have expired since), as an internal caller ({@link
     * dev.warden.claims.CallerKind#INTERNAL}), the host disconnecting on the client's behalf. Call before serving.
     *
     * @return how many were disconnected
     */
    public int disconnectLeftovers() {
        if (storage == null) {
            return 0;
        }
        int n = 0;
        for (String key : storage.connectedClients()) {
            CallerContext caller = leftover(key);
            RuntimeException failed = storage.clientDisconnected(key, () -> caller == null ? null
                    : warden.disconnect(caller));
            if (failed != null) {
                LOG.warn("the @OnDisconnect of a connection left by the last run failed", failed);
            }
            n++;
        }
        return n;
    }

    private static CallerContext leftover(String key) {
        int colon = key.indexOf(':');
        try {
            return CallerContext.internal(Identity.fromHex(key.substring(0, colon)))
                    .withConnection(ConnectionId.fromHex(key.substring(colon + 1)));
        } catch (RuntimeException e) {
            LOG.warn("a recorded connection could not be read; its record is dropped: {}", e.toString());
            return null;
        }
    }

    private boolean hasHook(EntryPointKind kind) {
        return warden.module().lifecycle(kind).isPresent();
    }

    /**
     * Calls a reducer or procedure as the caller; only a call that ran to completion publishes (a refused or failed
     * one throws first).
     *
     * @param caller the caller
     * @param callable the entry point
     * @param args its arguments
     * @param origin the calling client, whose own changes are returned instead of sent, or null
     * @return the result and the origin's changes
     */
    public Outcome call(CallerContext caller, Catalog.Callable callable, Object[] args, Client origin) {
        return call(caller, callable, args, origin, null);
    }

    /**
     * Calls a reducer or procedure as the caller, a reducer in a transaction timestamped {@code at}: the instant
     * its {@code ReducerContext} shows and the client receives with the result.
     *
     * @param caller the caller
     * @param callable the entry point
     * @param args its arguments
     * @param origin the calling client, whose own changes are returned instead of sent, or null
     * @param at the transaction's timestamp, or null for now
     * @return the result and the origin's changes
     */
    public Outcome call(CallerContext caller, Catalog.Callable callable, Object[] args, Client origin, Instant at) {
        return durably(() -> callLocked(caller, callable, args, origin, at));
    }

    /**
     * Runs a call whose transactions do not wait for their sync under this database's lock, so that concurrent
     * calls share one sync of the module's storage (group commit). What the call tells a WebSocket client is held
     * back by the client until the commits are durable ({@link Client#send}); a caller outside the lock (HTTP) waits
     * here, after the lock is released, for its own transactions (not a later one of another caller), and gets the
     * storage's exception if its transaction could not be stored.
     */
    private <T> T durably(java.util.function.Supplier<T> call) {
        dev.warden.db.Database db = warden.database();
        boolean inside = Thread.holdsLock(lock);
        T result = db.deferDurability(call);
        if (!inside) {
            try {
                db.deferredDurable().join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return result;
    }

    private Outcome callLocked(CallerContext caller, Catalog.Callable callable, Object[] args, Client origin,
                               Instant at) {
        synchronized (lock) {
            String name = callable.entryPoint().name();
            Object result;
            try {
                result = callable.entryPoint().kind() == EntryPointKind.REDUCER
                        ? warden.database().write(at, () -> warden.call(caller, name, args))
                        : warden.call(caller, name, args);
            } catch (RuntimeException | Error e) {
                // what it committed before failing (a procedure's withTx) still reaches the subscribers; a refused
                // or rolled-back call committed nothing and recomputes nothing
                publishPending();
                throw e;
            }
            EntryPointKind kind = callable.entryPoint().kind();
            List<QuerySetUpdate> own = kind == EntryPointKind.VIEW ? List.of() : publish(origin);
            return new Outcome(result, own);
        }
    }

    /**
     * What a call returned, and the caller's own query-set changes.
     *
     * @param result the entry point's result
     * @param own the changes to the calling client's query sets
     */
    public record Outcome(Object result, List<QuerySetUpdate> own) {}

    /**
     * Subscribes a query set (replacing one of the same id): at most {@link #MAX_QUERIES_PER_SET} queries, identical
     * ones (after parsing) kept once, at most {@link #MAX_QUERY_SETS} sets and {@link #MAX_JOIN_QUERIES} join queries
     * per client, and within the host's budget of subscribed rows.
     *
     * @param client the client
     * @param id the set's id
     * @param sql its queries
     * @return its rows
     * @throws RuntimeException (an {@code AccessDeniedException}, an {@code IllegalArgumentException}) if a query
     *     is not supported or the caller may not read it, or a limit is reached; nothing is subscribed
     */
    public QueryRows subscribe(Client client, QuerySetId id, List<String> sql) {
        return subscribeParsed(client, id, parse(sql));
    }

    /**
     * Parses and checks a query set, without the lock (each distinct text once for the host: {@link Plans}).
     *
     * @param sql its queries
     * @return them planned, each once
     * @throws IllegalArgumentException if there are too many or one is refused (SpacetimeDB's text)
     */
    List<Plan> parse(List<String> sql) {
        if (sql.size() > MAX_QUERIES_PER_SET) {
            throw new IllegalArgumentException("too many queries in one set: " + sql.size() + ", at most "
                    + MAX_QUERIES_PER_SET);
        }
        Set<Plan> parsed = new LinkedHashSet<>();
        for (String s : sql) {
            parsed.add(plan(s));
        }
        return List.copyOf(parsed);
    }

    /**
     * @param sql a subscription's or one-off query's text
     * @return its plan
     * @throws IllegalArgumentException if it is refused (SpacetimeDB's text)
     */
    Plan plan(String sql) {
        return plans.plan(sql, Plan.Mode.SUBSCRIBE, false);
    }

    QueryRows subscribeParsed(Client client, QuerySetId id, List<Plan> planned) {
        synchronized (lock) {
            List<Query> queries = new ArrayList<>();
            for (Plan p : planned) {
                Query q = Query.bind(p, client.caller().sender());
                if (!queries.contains(q)) {
                    queries.add(q);
                }
            }
            publishPending();
            if (!client.querySets.containsKey(id) && client.querySets.size() >= MAX_QUERY_SETS) {
                throw new IllegalArgumentException("too many query sets on this connection: at most "
                        + MAX_QUERY_SETS);
            }
            long joins = queries.stream().filter(q -> q.plan().isJoin()).count();
            if (joins > 0) {
                for (var held : client.querySets.entrySet()) {
                    if (!held.getKey().equals(id)) {
                        for (Subscriptions.Result r : held.getValue().results()) {
                            joins += r.joins.size();
                        }
                    }
                }
                if (joins > MAX_JOIN_QUERIES) {
                    throw new IllegalArgumentException("too many join queries on this connection: " + joins
                            + ", at most " + MAX_JOIN_QUERIES);
                }
            }
            Client.QuerySet set = new Client.QuerySet(subscriptions.acquire(client, queries));
            Client.QuerySet replaced = client.querySets.put(id, set);
            if (replaced != null) {
                subscriptions.release(client, replaced.results());
            }
            return rows(set);
        }
    }

    /**
     * @param client the client
     * @param id the set's id
     * @return the rows it showed, or empty if there is no such set
     */
    public Optional<QueryRows> unsubscribe(Client client, QuerySetId id) {
        synchronized (lock) {
            Client.QuerySet set = client.querySets.remove(id);
            if (set == null) {
                return Optional.empty();
            }
            subscriptions.release(client, set.results());
            return Optional.of(rows(set));
        }
    }

    /**
     * @param caller the caller
     * @param sql one query
     * @return its rows now
     */
    public QueryRows query(CallerContext caller, String sql) {
        return query(caller, plan(sql));
    }

    QueryRows query(CallerContext caller, Plan p) {
        synchronized (lock) {
            publishPending();
            Catalog.Subscribable s = p.table();
            List<byte[]> rows = new ArrayList<>();
            for (Object row : p.returnedRows(p.run(source(caller, false), caller.sender(), MAX_QUERY_ROWS))) {
                rows.add(s.codec().encode(row));
            }
            return new QueryRows(List.of(new QueryRows.SingleTableRows(s.name(), BsatnRowList.of(rows))));
        }
    }

    /** The most rows a one-off query or a {@code /sql} statement may match. */
    static final int MAX_QUERY_ROWS = 100_000;

    /**
     * Runs a {@code /sql} statement as the caller: planned as SpacetimeDB's SQL route types it (private tables in
     * scope for the owner only), its rows read as the caller may see them (every row, for the owner). A DML
     * statement is typed the same way, then refused to anyone but the owner with SpacetimeDB's text; the owner's
     * runs in one transaction, whose changes reach the subscribers at once.
     *
     * @param caller the caller
     * @param sql the statement
     * @param owner whether the caller is the database's owner
     * @return the plan and its matches, or what a DML statement changed
     * @throws IllegalArgumentException if it is refused (SpacetimeDB's text)
     */
    SqlResult sql(CallerContext caller, String sql, boolean owner) {
        Plan p;
        try {
            p = plans.plan(sql, Plan.Mode.SQL, owner);
        } catch (IllegalArgumentException refused) {
            Sql.Statement st;
            try {
                st = Sql.parse(sql);
            } catch (IllegalArgumentException notSql) {
                throw refused;
            }
            if (!(st instanceof Sql.Dml d)) {
                throw refused;
            }
            return mutate(caller, Mutation.of(sql, d, catalog, owner), owner);
        }
        synchronized (lock) {
            publishPending();
            return new SqlResult(p, p.run(source(caller, owner), caller.sender(), MAX_QUERY_ROWS), null);
        }
    }

    private SqlResult mutate(CallerContext caller, Mutation m, boolean owner) {
        // as SpacetimeDB (crates/core/src/sql/execute.rs): typed first, then the extra check for DML
        if (!owner) {
            throw new IllegalArgumentException("Caller " + caller.sender().toHex()
                    + " is not authorized to run SQL DML statements");
        }
        if (m.isSetVar()) {
            throw new IllegalArgumentException("Unsupported: SET statements on this host");
        }
        synchronized (lock) {
            publishPending();
            dev.warden.db.Database db = warden.database();
            Mutation.Stats stats;
            try {
                stats = db.write(() -> m.run(db.db(), source(caller, true), caller.sender()));
            } finally {
                publish(null);
            }
            return new SqlResult(null, List.of(), stats);
        }
    }

    /**
     * A {@code /sql} statement's answer.
     *
     * @param plan the query, or null for a DML statement
     * @param matches its matches, one row per table in scope
     * @param changed what a DML statement changed, or null for a query
     */
    record SqlResult(Plan plan, List<Object[]> matches, Mutation.Stats changed) {}

    /** The rows a caller may see: its row rules applied to every table, or every row for the owner's SQL. */
    private Plan.Source source(CallerContext caller, boolean owner) {
        dev.warden.db.Database db = warden.database();
        return new Plan.Source() {
            @Override
            public List<Object> rows(Catalog.Subscribable t) {
                if (!t.isTable()) {
                    return warden.view(caller, t.name());
                }
                if (owner) {
                    return new ArrayList<>(db.read(() -> db.rows(t.name())));
                }
                return warden.tableRows(caller, t.name());
            }

            @Override
            public Optional<List<Object>> lookup(Catalog.Subscribable t, Plan.Lookup l) {
                Optional<dev.warden.db.ColumnIndex<Record, Object>> ix = db.index(t.name(), l.column());
                if (ix.isEmpty()) {
                    return Optional.empty();
                }
                @SuppressWarnings("unchecked")
                java.util.function.Supplier<List<Record>> find = () -> l.key() != null ? ix.get().filter(l.key())
                        : ix.get().filter((dev.warden.db.Range<Object>) l.range());
                try {
                    if (owner) {
                        return Optional.of(new ArrayList<>(db.read(find)));
                    }
                    return Optional.of(warden.tableRows(caller, t.name(), find));
                } catch (dev.warden.db.DatabaseException e) {
                    if (e.reason() == dev.warden.db.DatabaseException.Reason.NO_SUCH_INDEX) {
                        return Optional.empty();   // a hash index answers no range: read the table
                    }
                    throw e;
                }
            }
        };
    }

    /**
     * Brings every subscription up to date with the commits since the last publish: tables by their changed rows,
     * views run again if they read a changed table; sends each client with a change (but the origin) its changes. A
     * set whose view the client may no longer read, or whose view failed, is dropped with a
     * {@code SubscriptionError}. Only clients with a changed result, and those holding views shared by everyone
     * (whose access is asked again), are visited.
     */
    private List<QuerySetUpdate> publish(Client origin) {
        List<Map<String, Subscriptions.Changes>> changes = drain();
        Map<Subscriptions.ViewKey, CallerContext> runAs = new HashMap<>();
        for (Client c : List.copyOf(subscriptions.viewSharers())) {
            Map<Catalog.Subscribable, String> asked = new HashMap<>();
            for (var it = c.querySets.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                String why = subscriptions.denial(c, e.getValue(), asked, runAs);
                if (why != null) {
                    drop(c, it, e.getKey(), e.getValue(), why);
                }
            }
        }
        Set<Client> affected = subscriptions.refresh(runAs, changes);
        List<QuerySetUpdate> own = List.of();
        for (Client c : affected) {
            if (!clients.contains(c)) {
                continue;
            }
            List<QuerySetUpdate> updates = new ArrayList<>();
            for (var it = c.querySets.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                String failure = Subscriptions.failure(e.getValue());
                if (failure != null) {
                    drop(c, it, e.getKey(), e.getValue(), failure);
                    continue;
                }
                List<QuerySetUpdate.TableUpdate> tables = Subscriptions.changes(e.getValue());
                if (!tables.isEmpty()) {
                    updates.add(new QuerySetUpdate(e.getKey(), tables));
                }
            }
            if (c == origin) {
                own = updates;
            } else if (!updates.isEmpty()) {
                c.send(new ServerMessage.TransactionUpdate(updates));
            }
        }
        return own;
    }

    /** Each commit's changes since the last publish, by table, in commit order. */
    private List<Map<String, Subscriptions.Changes>> drain() {
        List<Map<String, Subscriptions.Changes>> out = new ArrayList<>();
        for (Commit c; (c = commits.poll()) != null; ) {
            Map<String, Subscriptions.Changes> byTable = new LinkedHashMap<>();
            for (TableChanges t : c.changes()) {
                byTable.put(t.table().name(), new Subscriptions.Changes(new ArrayList<>(t.deletes()),
                        new ArrayList<>(t.inserts())));
            }
            out.add(byTable);
        }
        return out;
    }

    /**
     * Sends what commits made outside a client's call changed (a procedure's own transactions; a commit on another
     * thread, which the publisher thread also publishes), before a new subscription or query reads the tables, so
     * every evaluation starts from the subscriptions' view of the tables.
     */
    private void publishPending() {
        if (!commits.isEmpty()) {
            publish(null);
        }
    }

    /**
     * Runs a scheduled reducer as the module, then sends its changes to the subscribers at once.
     *
     * @param entryPoint the scheduled reducer
     * @param args its arguments
     * @return its result
     */
    public Object runScheduled(String entryPoint, Object... args) {
        // its sync is waited for after the lock is released, as a call's is: meanwhile other calls run and share it
        return durably(() -> {
            synchronized (lock) {
                try {
                    return warden.runScheduled(entryPoint, args);
                } finally {
                    publish(null);
                }
            }
        });
    }

    /**
     * Stops following the module's commits (the host is closing). What the closing connections queued is handled
     * first, for a while; then the {@code @OnDisconnect} of every caller still connected runs (whose queued
     * disconnect did not run in that while), so a close never drops one.
     */
    public void close() {
        drain(Duration.ofSeconds(5));
        closing = true;
        synchronized (lock) {   // after the writer's batch, if one runs
            for (CallerContext caller : List.copyOf(connected.values())) {
                try {
                    disconnectLocked(caller, null);
                } catch (RuntimeException e) {
                    LOG.warn("a connection's @OnDisconnect could not run at close", e);
                }
            }
        }
        warden.database().removeCommitListener(listener);
        publisher.shutdownNow();
        delivery.shutdown();   // what was released still goes out
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
        inbox.clear();
        commits.clear();
    }

    private void drop(Client c, Iterator<?> it, QuerySetId id, Client.QuerySet set, String why) {
        it.remove();
        subscriptions.release(c, set.results());
        c.send(new ServerMessage.SubscriptionError(Optional.empty(), id, why));
    }

    private static QueryRows rows(Client.QuerySet set) {
        List<QueryRows.SingleTableRows> tables = new ArrayList<>();
        for (Subscriptions.Result r : set.results()) {
            tables.add(new QueryRows.SingleTableRows(r.table(), r.packed()));
        }
        return new QueryRows(tables);
    }

}
