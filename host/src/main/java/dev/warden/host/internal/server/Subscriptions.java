package dev.warden.host.internal.server;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.db.Database.Reading;
import dev.warden.host.internal.v2.BsatnRowList;
import dev.warden.host.internal.v2.QuerySetUpdate;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.Decision;
import dev.warden.policy.TableRule;
import dev.warden.policy.host.Warden;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the host holds for its subscribers, shared between identical subscriptions, under one budget for the whole
 * host. Guarded by the database's lock.
 *
 * <p>A table's or view's rows, as one visibility sees them, are an {@link Evaluation}, each row encoded once. The
 * visibility is everyone's for a public table without a row rule and for a view whose rows do not depend on the
 * caller (it takes nothing but an {@code AnonymousViewContext} and has no {@code @VisibleRows}; each subscriber's
 * access rule is still asked for itself); an identity's for a table whose rule shows each row to its owner
 * ({@code @VisibleRows(owner = ...)}); otherwise one connection's.
 *
 * <p>What a commit costs: an evaluation of a table changes by the commit's changed rows only (an owner-ruled
 * table's rows go straight to their owner's evaluation, so a commit that changes a row ten subscribers see touches
 * those ten, however many subscribe); a view runs again only if the commit changed a table it read (or if it read
 * none: its state is outside the tables); a table whose rule reads the module's state ({@code policy},
 * {@code field}/{@code matches}) is read again per connection at each commit. The rows a query set keeps of one
 * table are a {@link Result}, keyed by the evaluation and the set's queries on that table, shared by every query
 * set that asks the same: a commit's change to it is found once and sent to each of its clients, and only clients
 * with a changed result are visited.
 *
 * <p>The budget: a result costs the rows of the evaluation it filters (at least one), which bounds the rows the
 * host holds; a result with a join costs the rows of the other table it reads too, since a commit to either table
 * reads them again (and each join compares at most {@link Database#MAX_QUERY_ROWS} pairs of rows). A query set that would create results past the budget is refused; one that only shares existing
 * results costs nothing. Rows that commits add to existing evaluations are counted too, and keep new results out
 * until they are gone.
 */
final class Subscriptions {

    /** The visibility of rows that are the same for every caller admitted. */
    private static final Object EVERYONE = new Object() {
        @Override
        public String toString() {
            return "everyone";
        }
    };

    private final Warden<?> warden;
    private final Catalog catalog;
    private final long budget;
    private final Map<ViewKey, Evaluation> evaluations = new HashMap<>();
    private final Map<ResultKey, Result> results = new HashMap<>();
    /** Tables' evaluations kept up to date from commits, by table: everyone's, and each owner's. */
    private final Map<String, Evaluation> shared = new HashMap<>();
    private final Map<String, Map<Identity, Evaluation>> owned = new HashMap<>();
    /** The views and the tables re-read at each commit: the evaluations a commit may run again. */
    private final Set<Evaluation> rerunnable = new LinkedHashSet<>();
    /** What the last refresh touched, reset at the next. */
    private List<Evaluation> lastTouched = new ArrayList<>();
    /** Clients holding results of views shared by everyone, whose access is asked again at each commit. */
    private final Map<Client, Integer> viewSharers = new LinkedHashMap<>();
    /** The sum of the live results' costs. */
    private long held;
    /** The results of queries with a join, evaluated whole after a commit that changed a table they read. */
    private final Set<Result> joined = new LinkedHashSet<>();

    /**
     * @param warden the guarded module
     * @param catalog its catalog
     * @param budget the most rows the host's results may cost together, at least 1
     */
    Subscriptions(Warden<?> warden, Catalog catalog, long budget) {
        this.warden = warden;
        this.catalog = catalog;
        this.budget = budget;
    }

    /**
     * @param table the table or view
     * @param visibility {@link #EVERYONE}, the owning {@link Identity}, or the {@link Client} whose rows these are
     */
    record ViewKey(Catalog.Subscribable table, Object visibility) {}

    /**
     * @param view the evaluation filtered
     * @param queries the set's queries on its table
     * @param scope for queries with a join, whose rows of the other table they read: {@link #EVERYONE} if they are
     *     the same for everyone, else the {@link Client}; null without a join
     */
    record ResultKey(ViewKey view, Set<Query> queries, Object scope) {}

    /** How an evaluation follows commits. */
    enum Kind {
        /** A table's rows kept from each commit's changed rows. */
        INCREMENTAL,
        /** A view, run again when a table it read changed. */
        VIEW,
        /** A table whose rule reads module state: read again at each commit. */
        REREAD
    }

    /**
     * A table's or view's rows as one visibility sees them, as of the last commit, each row encoded once; and what
     * the last commit changed, found once for every result that filters it.
     */
    static final class Evaluation {
        final ViewKey key;
        final Kind kind;
        /** A table's rows and their BSATN (a table holds a row once). */
        final LinkedHashMap<Object, byte[]> table;
        /** A view's rows, by index (a view may return a row twice). */
        List<?> rows;
        /** A view's rows' BSATN, by index. */
        List<byte[]> encoded;
        /** The tables a view read when it last ran; empty if none, or for a table. */
        Set<String> reads = Set.of();
        final List<Result> results = new ArrayList<>();
        int users;
        /** What the last commit's run failed with (the message a client is told), or null. */
        String failure;
        /** The last commit's new rows (not in the rows before, counting duplicates), or empty. */
        Rows inserted = Rows.NONE;
        /** The last commit's removed rows (not in the rows after, counting duplicates), or empty. */
        Rows deleted = Rows.NONE;

        Evaluation(ViewKey key, Kind kind, List<?> rows, List<byte[]> encoded) {
            this.key = key;
            this.kind = kind;
            if (kind == Kind.VIEW) {
                this.table = null;
                this.rows = rows;
                this.encoded = encoded;
            } else {
                this.table = new LinkedHashMap<>();
                for (int i = 0; i < rows.size(); i++) {
                    table.put(rows.get(i), encoded.get(i));
                }
            }
        }

        boolean changed() {
            return !inserted.values().isEmpty() || !deleted.values().isEmpty();
        }

        int size() {
            return table != null ? table.size() : rows.size();
        }

        Rows all() {
            if (table == null) {
                return new Rows(rows, encoded);
            }
            return new Rows(new ArrayList<>(table.keySet()), new ArrayList<>(table.values()));
        }
    }

    /**
     * Rows and their BSATN, by index.
     *
     * @param values the rows
     * @param encoded their BSATN
     */
    record Rows(List<?> values, List<byte[]> encoded) {
        static final Rows NONE = new Rows(List.of(), List.of());

        /**
         * @param filters a result's filters
         * @return the BSATN of the rows any of them keeps
         */
        List<byte[]> kept(List<Query.RowFilter> filters) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                Object row = values.get(i);
                for (Query.RowFilter f : filters) {
                    if (f.keep(row)) {
                        out.add(encoded.get(i));
                        break;
                    }
                }
            }
            return out;
        }
    }

    /**
     * The rows some queries keep of one evaluation, as shown to every query set that uses it: always exactly the
     * evaluation's rows its filters keep, so it holds none of its own.
     */
    static final class Result {
        final ResultKey key;
        final Evaluation evaluation;
        final List<Query.RowFilter> filters;
        /** The queries with a join: the result is then evaluated whole, and its rows held. */
        final List<Query> joins;
        /** Who a join's other table is read as. */
        final CallerContext caller;
        /** A join result's rows and their BSATN, as last sent. */
        LinkedHashMap<Object, byte[]> kept;
        /** What a join result's last evaluation failed with, or null. */
        String failure;
        /** The other tables' rows a join result's last evaluation read (each join query reads its own). */
        long otherRows;
        /** The sets using it, by client. */
        final Map<Client, Integer> clients = new LinkedHashMap<>();
        long cost;
        int sets;
        /** The last commit's change to the rows, or null. */
        QuerySetUpdate.TableUpdate change;

        Result(ResultKey key, Evaluation evaluation, List<Query.RowFilter> filters, List<Query> joins,
               CallerContext caller) {
            this.key = key;
            this.evaluation = evaluation;
            this.filters = filters;
            this.joins = joins;
            this.caller = caller;
            this.cost = cost(evaluation);
        }

        /**
         * @return what it costs now: the rows of the evaluation it filters (at least one), and for a join the rows of
         *     the other tables its last evaluation read, which every commit to either table reads again
         */
        long currentCost() {
            return cost(evaluation) + otherRows;
        }

        boolean joined() {
            return !joins.isEmpty();
        }

        String table() {
            return key.view().table().name();
        }

        /** @return the tables a join result's queries join to its own, any of them changing it */
        boolean readsOther(Set<String> changed) {
            for (Query q : joins) {
                if (changed.contains(q.plan().other().name())) {
                    return true;
                }
            }
            return false;
        }

        /** @return the rows, packed for one message (not kept) */
        BsatnRowList packed() {
            if (joined()) {
                return BsatnRowList.of(new ArrayList<>(kept.values()));
            }
            return BsatnRowList.of(evaluation.all().kept(filters));
        }

        /**
         * A join result's rows now: the evaluation's rows (the returned table as the visibility sees it) that a plain
         * query keeps or that match a row of the other table the caller may see.
         */
        LinkedHashMap<Object, byte[]> evaluateJoin(Warden<?> warden) {
            Set<Object> keep = new java.util.HashSet<>();
            List<Object> rows = new ArrayList<>(evaluation.table.keySet());
            for (Object row : rows) {
                for (Query.RowFilter f : filters) {
                    if (f.keep(row)) {
                        keep.add(row);
                        break;
                    }
                }
            }
            long[] read = {0};
            Plan.Source others = new Plan.Source() {
                @Override
                public List<Object> rows(Catalog.Subscribable table) {
                    List<Object> found = warden.tableRows(caller, table.name());
                    read[0] += found.size();
                    return found;
                }

                @Override
                public java.util.Optional<List<Object>> lookup(Catalog.Subscribable table, Plan.Lookup lookup) {
                    return java.util.Optional.empty();
                }
            };
            for (Query q : joins) {
                keep.addAll(q.plan().semijoin(others, q.sender(), rows, Database.MAX_QUERY_ROWS));
            }
            otherRows = read[0];
            LinkedHashMap<Object, byte[]> out = new LinkedHashMap<>();
            for (Object row : rows) {
                if (keep.contains(row)) {
                    out.put(row, evaluation.table.get(row));
                }
            }
            return out;
        }

        /** Evaluates a join result again and finds its change from the rows last sent. */
        void refreshJoin(Warden<?> warden) {
            change = null;
            failure = null;
            LinkedHashMap<Object, byte[]> now;
            try {
                now = evaluateJoin(warden);
            } catch (RuntimeException x) {
                failure = Messages.of(x);
                return;
            }
            List<byte[]> inserts = new ArrayList<>();
            List<byte[]> deletes = new ArrayList<>();
            kept.forEach((row, b) -> {
                if (!now.containsKey(row)) {
                    deletes.add(b);
                }
            });
            now.forEach((row, b) -> {
                if (!kept.containsKey(row)) {
                    inserts.add(b);
                }
            });
            kept = now;
            change = inserts.isEmpty() && deletes.isEmpty() ? null : new QuerySetUpdate.TableUpdate(table(),
                    List.of(new QuerySetUpdate.TableUpdateRows.PersistentTable(BsatnRowList.of(inserts),
                            BsatnRowList.of(deletes))));
        }

        /** Finds its part of the evaluation's last change: only the changed rows are filtered. */
        void refresh() {
            List<byte[]> inserts = evaluation.inserted.kept(filters);
            List<byte[]> deletes = evaluation.deleted.kept(filters);
            change = inserts.isEmpty() && deletes.isEmpty() ? null : new QuerySetUpdate.TableUpdate(table(),
                    List.of(new QuerySetUpdate.TableUpdateRows.PersistentTable(BsatnRowList.of(inserts),
                            BsatnRowList.of(deletes))));
        }
    }

    /** @return the rows the host's subscriptions cost now */
    long held() {
        return held;
    }

    /** @return the clients whose shared views' access is asked again at each commit */
    Collection<Client> viewSharers() {
        return viewSharers.keySet();
    }

    /**
     * Finds or makes the results of a query set and counts one more use of each; nothing changes if it throws.
     *
     * @param client the subscribing client
     * @param queries the set's queries, each once
     * @return its results, one per table in the order the queries name them
     * @throws RuntimeException if a query names no table or column, the client may not read a view or a private
     *     table, a view fails, or the results the set needs would pass the budget
     */
    List<Result> acquire(Client client, List<Query> queries) {
        CallerContext caller = client.caller();
        Map<Catalog.Subscribable, List<Query>> byTable = new LinkedHashMap<>();
        for (Query q : queries) {
            Catalog.Subscribable s = q.table();
            if (s.isTable() && !s.table().isPublic()) {
                // a plan names only tables the caller may read: this would be a bug, never an answer
                throw new IllegalStateException("a plan names the private table " + s.name());
            }
            byTable.computeIfAbsent(s, k -> new ArrayList<>()).add(q);
        }
        List<Result> out = new ArrayList<>();
        List<Result> created = new ArrayList<>();
        long adds = 0;
        for (var t : byTable.entrySet()) {
            Catalog.Subscribable s = t.getKey();
            ViewKey view = new ViewKey(s, visibility(s, client));
            if (!s.isTable() && view.visibility() == EVERYONE) {
                Decision d = warden.check(caller, s.name());
                if (!d.allowed()) {
                    throw new AccessDeniedException(d);
                }
            }
            List<Query.RowFilter> filters = new ArrayList<>();
            List<Query> joins = new ArrayList<>();
            Object scope = null;
            for (Query q : t.getValue()) {
                if (q.plan().isJoin()) {
                    joins.add(q);
                    if (scope != client) {
                        scope = q.plan().other().sameForEveryone() ? EVERYONE : client;
                    }
                } else {
                    filters.add(q.filter());
                }
            }
            ResultKey key = new ResultKey(view, Set.copyOf(t.getValue()), scope);
            Result r = results.get(key);
            if (r == null) {
                Evaluation e = evaluations.get(view);
                if (e == null) {
                    e = evaluate(view, caller);
                }
                r = new Result(key, e, List.copyOf(filters), List.copyOf(joins), caller);
                if (r.joined()) {
                    r.kept = r.evaluateJoin(warden);
                    r.cost = r.currentCost();
                }
                created.add(r);
                adds += r.cost;
            }
            out.add(r);
        }
        if (adds > 0 && held + adds > budget) {
            throw new IllegalArgumentException("too many rows subscribed on this host: this query set adds " + adds
                    + " to " + held + ", at most " + budget);
        }
        for (Result r : created) {
            results.put(r.key, r);
            Evaluation e = r.evaluation;
            if (evaluations.putIfAbsent(e.key, e) == null) {
                index(e);
            }
            e.results.add(r);
            e.users++;
            held += r.cost;
            if (r.joined()) {
                joined.add(r);
            }
        }
        for (Result r : out) {
            r.sets++;
            r.clients.merge(client, 1, Integer::sum);
            if (!r.key.view().table().isTable() && r.key.view().visibility() == EVERYONE) {
                viewSharers.merge(client, 1, Integer::sum);
            }
        }
        return out;
    }

    private static Object visibility(Catalog.Subscribable s, Client client) {
        if (s.sameForEveryone()) {
            return EVERYONE;
        }
        if (s.isTable() && s.table().owner().isPresent()) {
            return client.caller().sender();
        }
        return client;
    }

    private Evaluation evaluate(ViewKey view, CallerContext caller) {
        Catalog.Subscribable s = view.table();
        if (!s.isTable()) {
            Reading<List<Object>> read = warden.database().readTracking(() -> warden.view(caller, s.name()));
            Evaluation e = new Evaluation(view, Kind.VIEW, read.value(), encode(s, read.value()));
            e.reads = read.tables();
            return e;
        }
        boolean incremental = view.visibility() == EVERYONE || view.visibility() instanceof Identity;
        List<Object> rows = tableRows(s, caller, view.visibility());
        return new Evaluation(view, incremental ? Kind.INCREMENTAL : Kind.REREAD, rows, encode(s, rows));
    }

    /** A table's rows a visibility sees, now. */
    private List<Object> tableRows(Catalog.Subscribable s, CallerContext caller, Object visibility) {
        if (visibility == EVERYONE || visibility instanceof Identity) {
            TableRule rule = s.table();
            dev.warden.db.Database db = warden.database();
            List<Object> out = new ArrayList<>();
            for (Object row : db.read(() -> db.rows(s.name()))) {
                if (visibility == EVERYONE || visibility.equals(rule.owner().get().apply(row))) {
                    out.add(row);
                }
            }
            return out;
        }
        return warden.tableRows(caller, s.name());
    }

    private void index(Evaluation e) {
        if (e.kind != Kind.INCREMENTAL) {
            rerunnable.add(e);
            return;
        }
        String table = e.key.table().name();
        if (e.key.visibility() == EVERYONE) {
            shared.put(table, e);
        } else {
            owned.computeIfAbsent(table, k -> new HashMap<>()).put((Identity) e.key.visibility(), e);
        }
    }

    private void unindex(Evaluation e) {
        if (e.kind != Kind.INCREMENTAL) {
            rerunnable.remove(e);
            return;
        }
        String table = e.key.table().name();
        if (e.key.visibility() == EVERYONE) {
            shared.remove(table);
        } else {
            Map<Identity, Evaluation> m = owned.get(table);
            if (m != null) {
                m.remove((Identity) e.key.visibility());
                if (m.isEmpty()) {
                    owned.remove(table);
                }
            }
        }
    }

    /**
     * Counts one use fewer of each result; a result no set uses is forgotten, and its rows with it.
     *
     * @param client the client whose set it was
     * @param used a query set's results
     */
    void release(Client client, List<Result> used) {
        for (Result r : used) {
            r.clients.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
            if (!r.key.view().table().isTable() && r.key.view().visibility() == EVERYONE) {
                viewSharers.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
            }
            if (--r.sets == 0) {
                results.remove(r.key);
                joined.remove(r);
                held -= r.cost;
                Evaluation e = r.evaluation;
                e.results.remove(r);
                if (--e.users == 0) {
                    evaluations.remove(e.key);
                    unindex(e);
                }
            }
        }
    }

    /**
     * Asks a client's rule for each view of a set whose rows it shares with everyone (the views it reads as itself
     * ask when they run); remembers an admitted caller to run each such view as.
     *
     * @param client the client
     * @param set one of its query sets
     * @param asked the client's answers so far, by view (null: admitted)
     * @param runAs an admitted caller per shared evaluation
     * @return why the client may no longer read the set, or null
     */
    String denial(Client client, Client.QuerySet set, Map<Catalog.Subscribable, String> asked,
                  Map<ViewKey, CallerContext> runAs) {
        for (Result r : set.results()) {
            ViewKey view = r.key.view();
            if (view.visibility() != EVERYONE || view.table().isTable()) {
                continue;
            }
            Catalog.Subscribable s = view.table();
            String why;
            if (asked.containsKey(s)) {
                why = asked.get(s);
            } else {
                try {
                    Decision d = warden.check(client.caller(), s.name());
                    why = d.allowed() ? null : d.reason();
                } catch (RuntimeException e) {
                    why = Messages.of(e);
                }
                asked.put(s, why);
            }
            if (why != null) {
                return why;
            }
            runAs.putIfAbsent(view, client.caller());
        }
        return null;
    }

    /**
     * After commits: applies their changed rows to the tables' evaluations, runs again the views that read a
     * changed table and re-reads tables whose rule reads module state; finds each changed result's change once.
     *
     * @param runAs an admitted caller for each shared view's evaluation, from {@link #denial}
     * @param commits each commit's changes, by table, in commit order
     * @return the clients with a changed or failed result
     */
    Set<Client> refresh(Map<ViewKey, CallerContext> runAs, List<Map<String, Changes>> commits) {
        for (Evaluation e : lastTouched) {
            e.failure = null;
            e.inserted = Rows.NONE;
            e.deleted = Rows.NONE;
            for (Result r : e.results) {
                r.change = null;
            }
        }
        for (Result r : joined) {
            r.change = null;
            r.failure = null;
        }
        Set<String> changedTables = new java.util.HashSet<>();
        commits.forEach(c -> changedTables.addAll(c.keySet()));
        List<Evaluation> touched = new ArrayList<>();
        for (Evaluation e : rerunnable) {
            if (e.kind == Kind.VIEW && (e.reads.isEmpty() || intersects(e.reads, changedTables))) {
                rerun(e, runAs);
                touched.add(e);
            } else if (e.kind == Kind.REREAD && !changedTables.isEmpty()) {
                reread(e);
                touched.add(e);
            }
        }
        // each commit in turn, so an evaluation made between two commits (already holding the first) stays exact
        Map<Evaluation, Net> nets = new LinkedHashMap<>();
        for (Map<String, Changes> commit : commits) {
            commit.forEach((table, c) -> {
                Evaluation all = shared.get(table);
                if (all != null) {
                    Net net = nets.computeIfAbsent(all, k -> new Net());
                    c.deletes().forEach(row -> net.delete(all, row));
                    c.inserts().forEach(row -> net.insert(all, row));
                }
                Map<Identity, Evaluation> byOwner = owned.get(table);
                if (byOwner != null) {
                    Function<Object, Identity> owner = catalog.subscribable(table).orElseThrow().table().owner()
                            .get();
                    for (Object row : c.deletes()) {
                        Evaluation e = byOwner.get(owner.apply(row));
                        if (e != null) {
                            nets.computeIfAbsent(e, k -> new Net()).delete(e, row);
                        }
                    }
                    for (Object row : c.inserts()) {
                        Evaluation e = byOwner.get(owner.apply(row));
                        if (e != null) {
                            nets.computeIfAbsent(e, k -> new Net()).insert(e, row);
                        }
                    }
                }
            });
        }
        nets.forEach((e, net) -> {
            net.close(e);
            touched.add(e);
        });
        lastTouched = touched;
        Set<Client> affected = new LinkedHashSet<>();
        for (Evaluation e : touched) {
            boolean failed = e.failure != null;
            if (!failed && !e.changed()) {
                continue;
            }
            for (Result r : e.results) {
                if (!failed) {
                    long cost = r.currentCost();
                    held += cost - r.cost;
                    r.cost = cost;
                }
                if (r.joined()) {
                    continue;   // below, once its other table is read too
                }
                r.change = null;
                if (!failed) {
                    r.refresh();
                }
                if (failed || r.change != null) {
                    affected.addAll(r.clients.keySet());
                }
            }
        }
        // a join's rows change with either table: it is evaluated whole, its work bounded by the rows of both
        for (Result r : joined) {
            if (r.evaluation.failure != null) {
                affected.addAll(r.clients.keySet());
                continue;
            }
            if (!changedTables.contains(r.table()) && !r.readsOther(changedTables)) {
                continue;
            }
            r.refreshJoin(warden);
            if (r.failure == null) {
                long cost = r.currentCost();
                held += cost - r.cost;
                r.cost = cost;
            }
            if (r.failure != null || r.change != null) {
                affected.addAll(r.clients.keySet());
            }
        }
        return affected;
    }

    /**
     * One table's net changes over the commits since the last refresh.
     *
     * @param deletes rows gone
     * @param inserts rows new
     */
    record Changes(List<Object> deletes, List<Object> inserts) {}

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String s : a) {
            if (b.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** One evaluation's net change over the commits of one refresh, applied to its rows as they come. */
    private static final class Net {
        final LinkedHashMap<Object, byte[]> inserted = new LinkedHashMap<>();
        final LinkedHashMap<Object, byte[]> deleted = new LinkedHashMap<>();
        String failure;

        void delete(Evaluation e, Object row) {
            byte[] b = e.table.remove(row);
            if (b != null && inserted.remove(row) == null) {
                deleted.put(row, b);
            }
        }

        void insert(Evaluation e, Object row) {
            if (failure != null || e.table.containsKey(row)) {
                return;
            }
            byte[] b;
            try {
                b = e.key.table().codec().encode(row);
            } catch (RuntimeException x) {
                failure = "a row of " + e.key.table().name() + " cannot be sent: " + Messages.of(x);
                return;
            }
            e.table.put(row, b);
            if (deleted.remove(row) == null) {
                inserted.put(row, b);
            }
        }

        void close(Evaluation e) {
            e.failure = failure;
            e.deleted = deleted.isEmpty() ? Rows.NONE
                    : new Rows(new ArrayList<>(deleted.keySet()), new ArrayList<>(deleted.values()));
            e.inserted = inserted.isEmpty() ? Rows.NONE
                    : new Rows(new ArrayList<>(inserted.keySet()), new ArrayList<>(inserted.values()));
        }
    }

    private void apply(Evaluation e, List<Object> deletes, List<Object> inserts) {
        Net net = new Net();
        deletes.forEach(row -> net.delete(e, row));
        inserts.forEach(row -> net.insert(e, row));
        net.close(e);
    }

    private void reread(Evaluation e) {
        Catalog.Subscribable s = e.key.table();
        List<Object> rows;
        try {
            rows = tableRows(s, ((Client) e.key.visibility()).caller(), e.key.visibility());
        } catch (RuntimeException x) {
            e.failure = Messages.of(x);
            return;
        }
        Set<Object> now = new LinkedHashSet<>(rows);
        List<Object> gone = new ArrayList<>();
        for (Object row : e.table.keySet()) {
            if (!now.contains(row)) {
                gone.add(row);
            }
        }
        List<Object> added = new ArrayList<>();
        for (Object row : rows) {
            if (!e.table.containsKey(row)) {
                added.add(row);
            }
        }
        apply(e, gone, added);
    }

    private void rerun(Evaluation e, Map<ViewKey, CallerContext> runAs) {
        CallerContext caller = e.key.visibility() == EVERYONE ? runAs.get(e.key)
                : ((Client) e.key.visibility()).caller();
        if (caller == null) {
            return;   // no subscriber left that may read it: released before the next commit
        }
        Catalog.Subscribable s = e.key.table();
        List<?> rows;
        List<byte[]> encoded;
        try {
            Reading<List<Object>> read = warden.database().readTracking(() -> warden.view(caller, s.name()));
            rows = read.value();
            e.reads = read.tables();
            encoded = encode(s, rows);
        } catch (RuntimeException x) {
            e.failure = Messages.of(x);
            return;
        }
        if (same(e.encoded, encoded)) {
            e.rows = rows;   // the same bytes: the rows keep those already encoded
            return;
        }
        e.deleted = minus(new Rows(e.rows, e.encoded), encoded);
        e.inserted = minus(new Rows(rows, encoded), e.encoded);
        e.rows = rows;
        e.encoded = encoded;
    }

    /**
     * @param set a query set
     * @return why its last refresh failed, or null
     */
    static String failure(Client.QuerySet set) {
        for (Result r : set.results()) {
            if (r.evaluation.failure != null) {
                return r.evaluation.failure;
            }
            if (r.failure != null) {
                return r.failure;
            }
        }
        return null;
    }

    /**
     * @param set a query set
     * @return its tables' changes in the last commit
     */
    static List<QuerySetUpdate.TableUpdate> changes(Client.QuerySet set) {
        List<QuerySetUpdate.TableUpdate> out = new ArrayList<>();
        for (Result r : set.results()) {
            if (r.change != null) {
                out.add(r.change);
            }
        }
        return out;
    }

    private static long cost(Evaluation e) {
        return Math.max(1, e.size());
    }

    private static List<byte[]> encode(Catalog.Subscribable s, List<?> rows) {
        List<byte[]> out = new ArrayList<>(rows.size());
        for (Object row : rows) {
            out.add(s.codec().encode(row));
        }
        return out;
    }

    private static boolean same(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return the rows of a whose bytes b does not hold, counting duplicates, in a's order */
    static Rows minus(Rows a, List<byte[]> b) {
        Map<ByteBuffer, Integer> counts = new HashMap<>();
        for (byte[] r : b) {
            counts.merge(ByteBuffer.wrap(r), 1, Integer::sum);
        }
        List<Object> values = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < a.values().size(); i++) {
            byte[] r = a.encoded().get(i);
            ByteBuffer k = ByteBuffer.wrap(r);
            Integer n = counts.get(k);
            if (n == null) {
                values.add(a.values().get(i));
                encoded.add(r);
            } else if (n == 1) {
                counts.remove(k);
            } else {
                counts.put(k, n - 1);
            }
        }
        return new Rows(values, encoded);
    }
}
