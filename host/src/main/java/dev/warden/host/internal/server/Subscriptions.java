package dev.warden.host.internal.server;

import dev.warden.claims.CallerContext;
import dev.warden.host.internal.v2.BsatnRowList;
import dev.warden.host.internal.v2.QuerySetUpdate;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.Decision;
import dev.warden.policy.host.Warden;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the host holds for its subscribers, shared between identical subscriptions, under one budget for the whole
 * host. Guarded by the database's lock.
 *
 * <p>A view's rows, as one visibility sees them, are an {@link Evaluation}: the view run once per commit and each
 * row encoded once. The visibility is everyone's for a view whose rows do not depend on the caller (no
 * {@code CallerContext} parameter, no {@code @VisibleRows}), each subscriber's rule still asked for itself;
 * otherwise it is one connection's. A commit compares an evaluation's new rows with the old once, by their bytes.
 * The rows a query set keeps of one table are a {@link Result}, keyed by the evaluation and the set's queries on
 * that table, and shared by every query set of every connection that asks the same: all of them were shown the
 * same rows, so a commit's change to them is found once (by filtering only the evaluation's changed rows) and sent
 * to each. A result holds no rows of its own: they are always its filters' part of the evaluation's.
 *
 * <p>The budget: a result costs the rows of the evaluation it filters (at least one), which bounds the rows the
 * host holds and those a commit runs, encodes and compares. A query set that would create results past the budget
 * is refused; one that only shares existing results costs nothing. Rows that commits add to existing evaluations
 * are counted too, and keep new results out until they are gone.
 */
final class Subscriptions {

    /** The visibility of a view whose rows are the same for every caller its rule admits. */
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
    /** The sum of the live results' costs. */
    private long held;

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
     * @param table the view
     * @param visibility {@link #EVERYONE} or the {@link Client} whose rows these are
     */
    record ViewKey(Catalog.Subscribable table, Object visibility) {}

    /**
     * @param view the evaluation filtered
     * @param queries the set's queries on its table
     */
    record ResultKey(ViewKey view, Set<Query> queries) {}

    /**
     * A view's rows as one visibility sees them, as of the last commit, each row encoded once; and what the last
     * commit changed, found once for every result that filters it.
     */
    static final class Evaluation {
        final ViewKey key;
        List<?> rows;
        /** Each row's BSATN, by index. */
        List<byte[]> encoded;
        int users;
        /** What the last commit's run failed with (the message a client is told), or null. */
        String failure;
        /** The last commit's new rows (not in the rows before, counting duplicates), or empty. */
        Rows inserted = Rows.NONE;
        /** The last commit's removed rows (not in the rows after, counting duplicates), or empty. */
        Rows deleted = Rows.NONE;

        Evaluation(ViewKey key, List<?> rows, List<byte[]> encoded) {
            this.key = key;
            this.rows = rows;
            this.encoded = encoded;
        }

        boolean changed() {
            return !inserted.values().isEmpty() || !deleted.values().isEmpty();
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
         * A row's bytes decide which queries keep it (a query compares a column's value, which its bytes encode),
         * so a result keeps exactly those of an evaluation's rows its filters keep.
         *
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
        long cost;
        int sets;
        /** The last commit's change to the rows, or null. */
        QuerySetUpdate.TableUpdate change;

        Result(ResultKey key, Evaluation evaluation, List<Query.RowFilter> filters) {
            this.key = key;
            this.evaluation = evaluation;
            this.filters = filters;
            this.cost = cost(evaluation);
        }

        String table() {
            return key.view().table().name();
        }

        /**
         * @return the rows, packed for one message (not kept: a copy per result would hold what sharing saves)
         */
        BsatnRowList packed() {
            return BsatnRowList.of(new Rows(evaluation.rows, evaluation.encoded).kept(filters));
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

    /**
     * Finds or makes the results of a query set and counts one more use of each; nothing changes if it throws.
     *
     * @param client the subscribing client
     * @param queries the set's queries, each once
     * @return its results, one per table in the order the queries name them
     * @throws RuntimeException if a query names no table or column, the client may not read a view, a view fails,
     *     or the results the set needs would pass the budget
     */
    List<Result> acquire(Client client, List<Query> queries) {
        CallerContext caller = client.caller();
        Map<Catalog.Subscribable, Map<Query, Query.RowFilter>> byTable = new LinkedHashMap<>();
        for (Query q : queries) {
            Catalog.Subscribable s = catalog.subscribable(q.table())
                    .orElseThrow(() -> new IllegalArgumentException("no such table: " + q.table()));
            byTable.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(q, q.filter(s.rowType()));
        }
        List<Result> out = new ArrayList<>();
        List<Result> created = new ArrayList<>();
        long adds = 0;
        for (var t : byTable.entrySet()) {
            Catalog.Subscribable s = t.getKey();
            ViewKey view = new ViewKey(s, s.sameForEveryone() ? EVERYONE : client);
            if (view.visibility() == EVERYONE) {
                Decision d = warden.check(caller, s.name());
                if (!d.allowed()) {
                    throw new AccessDeniedException(d);
                }
            }
            ResultKey key = new ResultKey(view, Set.copyOf(t.getValue().keySet()));
            Result r = results.get(key);
            if (r == null) {
                Evaluation e = evaluations.get(view);
                if (e == null) {
                    List<?> rows = warden.view(caller, s.name());
                    e = new Evaluation(view, rows, encode(s, rows));
                }
                r = new Result(key, e, List.copyOf(t.getValue().values()));
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
            evaluations.putIfAbsent(r.evaluation.key, r.evaluation);
            r.evaluation.users++;
            held += r.cost;
        }
        for (Result r : out) {
            r.sets++;
        }
        return out;
    }

    /**
     * Counts one use fewer of each result; a result no set uses is forgotten, and its rows with it.
     *
     * @param used a query set's results
     */
    void release(List<Result> used) {
        for (Result r : used) {
            if (--r.sets == 0) {
                results.remove(r.key);
                held -= r.cost;
                Evaluation e = r.evaluation;
                if (--e.users == 0) {
                    evaluations.remove(e.key);
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
            if (view.visibility() != EVERYONE) {
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
     * After a commit: runs each view once per visibility, and finds each result's change once.
     *
     * @param runAs an admitted caller for each shared evaluation, from {@link #denial}
     */
    void refresh(Map<ViewKey, CallerContext> runAs) {
        for (Evaluation e : evaluations.values()) {
            e.failure = null;
            e.inserted = Rows.NONE;
            e.deleted = Rows.NONE;
            CallerContext caller = e.key.visibility() == EVERYONE ? runAs.get(e.key)
                    : ((Client) e.key.visibility()).caller();
            if (caller == null) {
                continue;   // no subscriber left that may read it: released before the next commit
            }
            Catalog.Subscribable s = e.key.table();
            List<?> rows;
            List<byte[]> encoded;
            try {
                rows = warden.view(caller, s.name());
                encoded = encode(s, rows);
            } catch (RuntimeException x) {
                e.failure = Messages.of(x);
                continue;
            }
            if (same(e.encoded, encoded)) {
                e.rows = rows;   // the same bytes: the rows keep those already encoded
                continue;
            }
            e.deleted = minus(new Rows(e.rows, e.encoded), encoded);
            e.inserted = minus(new Rows(rows, encoded), e.encoded);
            e.rows = rows;
            e.encoded = encoded;
        }
        for (Result r : results.values()) {
            r.change = null;
            Evaluation e = r.evaluation;
            if (e.failure == null && e.changed()) {
                r.refresh();
                long cost = cost(e);
                held += cost - r.cost;
                r.cost = cost;
            }
        }
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
        return Math.max(1, e.rows.size());
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
