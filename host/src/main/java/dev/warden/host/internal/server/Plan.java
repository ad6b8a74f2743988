package dev.warden.host.internal.server;

import dev.warden.core.Identity;
import dev.warden.db.Range;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A statement checked against the module's tables, as SpacetimeDB's {@code crates/expr} types it, with its
 * refusals' texts: names resolved (a private table is "no such table" to whoever may not read it), every literal
 * parsed once as its column's type, comparisons typed. Made once per distinct text ({@link Plans}) and immutable;
 * {@link #run} evaluates it over the rows a {@link Source} gives, which are only ever rows the caller may see, so
 * no predicate, however written, reaches another row.
 *
 * <p>What it reads: one table or view, or two tables joined by {@code ON a.x = b.y} (the semijoin the TypeScript
 * SDK's query builder writes: {@code SELECT "r".* FROM "l" JOIN "r" ON "l"."a" = "r"."b" WHERE ...}).
 */
final class Plan {

    /** Where a statement comes from: what it may be, and what it is refused with. */
    enum Mode {
        /** A subscription or a one-off query over the WebSocket: {@code SELECT *} or {@code t.*} only. */
        SUBSCRIBE,
        /** The {@code /sql} route: column lists, {@code COUNT(*)}, {@code LIMIT} too. */
        SQL
    }

    /**
     * One table (or view) in scope.
     *
     * @param alias its name in the statement
     * @param table what it is
     * @param columns its columns, by name
     */
    record Rel(String alias, Catalog.Subscribable table, Map<String, Column> columns) {}

    /**
     * A column of a table in scope.
     *
     * @param name its name
     * @param position its position in the record
     * @param type its type
     * @param getter reads it from a row
     */
    record Column(String name, int position, SqlType type, MethodHandle getter) {
        Object raw(Object row) {
            try {
                return getter.invokeExact(row);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /**
     * A typed expression.
     */
    interface Eval {
        /**
         * @param rows one row per table in scope
         * @param sender the caller, for {@code :sender}
         * @return its value in normal form, or a {@code Boolean}
         */
        Object eval(Object[] rows, Identity sender);
    }

    /**
     * An index lookup that narrows the first table's rows.
     *
     * @param column the column
     * @param key an equal key, or null
     * @param range a range, or null
     */
    record Lookup(String column, Object key, Range<?> range) {}

    /** Gives the rows a caller may see. */
    interface Source {
        /**
         * @param table a table or view
         * @return its rows the caller may see
         */
        List<Object> rows(Catalog.Subscribable table);

        /**
         * @param table a table
         * @param lookup what to find through its index
         * @return its rows the index finds that the caller may see, or empty if it has no index on that column
         */
        Optional<List<Object>> lookup(Catalog.Subscribable table, Lookup lookup);
    }

    private final String sql;
    private final Mode mode;
    final List<Rel> rels;
    /** The table whose rows a {@code *} or {@code t.*} returns. */
    final int returned;
    /** A column list's columns (table, column) and names, or null. */
    final List<int[]> columns;
    final List<String> names;
    final List<SqlType> types;
    /** {@code COUNT(*)}'s name, or null. */
    final String count;
    final Long limit;
    private final Eval where;
    private final boolean usesSender;
    /** The join's columns, or null. */
    final Column joinLeft;
    final Column joinRight;
    private final List<Lookup> lookups;

    private Plan(String sql, Mode mode, List<Rel> rels, int returned, List<int[]> columns, List<String> names,
                 List<SqlType> types, String count, Long limit, Eval where, boolean usesSender, Column joinLeft,
                 Column joinRight, List<Lookup> lookups) {
        this.sql = sql;
        this.mode = mode;
        this.rels = rels;
        this.returned = returned;
        this.columns = columns;
        this.names = names;
        this.types = types;
        this.count = count;
        this.limit = limit;
        this.where = where;
        this.usesSender = usesSender;
        this.joinLeft = joinLeft;
        this.joinRight = joinRight;
        this.lookups = lookups;
    }

    /** @return the statement's text */
    String sql() {
        return sql;
    }

    /** @return whether it reads {@code :sender}, so its rows depend on who runs it */
    boolean usesSender() {
        return usesSender;
    }

    /** @return the table whose rows it returns */
    Catalog.Subscribable table() {
        return rels.get(returned).table();
    }

    /** @return whether it joins two tables */
    boolean isJoin() {
        return rels.size() > 1;
    }

    /** @return the table it joins to the returned one, or null */
    Catalog.Subscribable other() {
        return isJoin() ? rels.get(1 - returned).table() : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plan p && p.sql.equals(sql) && p.mode == mode;
    }

    @Override
    public int hashCode() {
        return sql.hashCode() * 31 + mode.hashCode();
    }

    @Override
    public String toString() {
        return sql;
    }

    // ---- checking

    /**
     * @param sql the statement's text
     * @param mode where it comes from
     * @param catalog what the module serves
     * @param seesPrivate whether private tables are in scope (the owner's {@code /sql})
     * @return the plan
     * @throws IllegalArgumentException with SpacetimeDB's text if it is refused
     */
    static Plan of(String sql, Mode mode, Catalog catalog, boolean seesPrivate) {
        Sql.Statement st = Sql.parse(sql);
        if (!(st instanceof Sql.Select s)) {
            throw new IllegalArgumentException("Unsupported: Non-SELECT queries");
        }
        return of(sql, s, mode, catalog, seesPrivate);
    }

    /**
     * @param sql the statement's text, for messages
     * @param s the statement, parsed
     * @param mode where it comes from
     * @param catalog what the module serves
     * @param seesPrivate whether private tables are in scope (the owner's {@code /sql})
     * @return the plan
     * @throws IllegalArgumentException with SpacetimeDB's text if it is refused
     */
    static Plan of(String sql, Sql.Select s, Mode mode, Catalog catalog, boolean seesPrivate) {
        if (mode == Mode.SUBSCRIBE && s.limit() != null) {
            throw new IllegalArgumentException("Unsupported: " + sql.strip());
        }
        if (s.joins().size() > 1) {
            throw new IllegalArgumentException("Unsupported: joins of more than two tables on this host");
        }
        List<Rel> rels = new ArrayList<>();
        rels.add(rel(s.from(), catalog, seesPrivate));
        Column joinLeft = null;
        Column joinRight = null;
        Scope scope = new Scope(rels);
        if (!s.joins().isEmpty()) {
            Sql.Join j = s.joins().get(0);
            if (j.relation().alias().equals(rels.get(0).alias())) {
                throw new IllegalArgumentException("Duplicate name `" + j.relation().alias() + "`");
            }
            Rel r = rel(j.relation(), catalog, seesPrivate);
            rels.add(r);
            if (!rels.get(0).table().isTable() || !r.table().isTable()) {
                throw new IllegalArgumentException("Unsupported: a view in a join on this host");
            }
            if (unqualified(j.on()) || unqualified(s.where()) || s.projection() instanceof Sql.Columns c
                    && c.columns().stream().anyMatch(f -> f.table() == null)) {
                throw new IllegalArgumentException("Names must be qualified when using joins");
            }
            if (j.on() == null) {
                throw new IllegalArgumentException(mode == Mode.SUBSCRIBE
                        ? "Subscriptions require indexes on join columns"
                        : "Unsupported: a join without ON on this host");
            }
            scope.type(j.on(), SqlType.BOOL);
            Sql.Field a = (Sql.Field) j.on().a();
            Sql.Field b = (Sql.Field) j.on().b();
            int ia = scope.relOf(a);
            int ib = scope.relOf(b);
            if (ia == ib) {
                throw new IllegalArgumentException("Unsupported: a join condition on one table on this host");
            }
            joinLeft = scope.column(ia == 0 ? a : b);
            joinRight = scope.column(ia == 0 ? b : a);
        }
        Typed where = s.where() == null ? null : scope.type(s.where(), SqlType.BOOL);
        int returned = 0;
        List<int[]> columns = null;
        List<String> names = null;
        List<SqlType> types = null;
        String count = null;
        if (s.projection() instanceof Sql.Star star) {
            if (star.qualifier() == null) {
                if (rels.size() > 1) {
                    throw new IllegalArgumentException("SELECT * is not supported for joins");
                }
            } else {
                returned = scope.relIndex(star.qualifier())
                        .orElseThrow(() -> new IllegalArgumentException("`" + star.qualifier() + "` is not in scope"));
            }
        } else if (mode == Mode.SUBSCRIBE) {
            throw new IllegalArgumentException("Column projections are not supported in subscriptions; "
                    + "Subscriptions must return a table type");
        } else if (s.projection() instanceof Sql.Columns cols) {
            columns = new ArrayList<>();
            types = new ArrayList<>();
            for (int i = 0; i < cols.columns().size(); i++) {
                for (int k = 0; k < i; k++) {
                    if (cols.names().get(k).equals(cols.names().get(i))) {
                        throw new IllegalArgumentException("Duplicate name `" + cols.names().get(i) + "`");
                    }
                }
                Sql.Field f = cols.columns().get(i);
                int rel = scope.relOf(f);
                Column c = scope.column(f);
                columns.add(new int[] {rel, c.position()});
                types.add(c.type());
            }
            names = cols.names();
        } else {
            count = ((Sql.Count) s.projection()).name();
        }
        Long limit = null;
        if (s.limit() != null) {
            java.math.BigInteger l = SqlType.integer(s.limit());   // its size checked before it is computed
            if (l == null || l.signum() < 0 || l.bitLength() > 63) {
                throw new IllegalArgumentException("The literal expression `" + s.limit()
                        + "` cannot be parsed as type `U64`");
            }
            limit = l.longValue();
        }
        if (mode == Mode.SUBSCRIBE && rels.size() > 1 && !hasIndex(catalog, rels, joinLeft, joinRight)) {
            throw new IllegalArgumentException("Subscriptions require indexes on join columns");
        }
        return new Plan(sql, mode, List.copyOf(rels), returned, columns, names, types, count, limit,
                where == null ? null : where.eval, where != null && where.sender, joinLeft, joinRight,
                lookups(s.where(), scope));
    }

    private static boolean hasIndex(Catalog catalog, List<Rel> rels, Column left, Column right) {
        return catalog.indexed(rels.get(0).table(), left.name()) || catalog.indexed(rels.get(1).table(), right.name());
    }

    private static boolean unqualified(Sql.Expr e) {
        if (e == null) {
            return false;
        }
        if (e instanceof Sql.Field f) {
            return f.table() == null;
        }
        if (e instanceof Sql.Cmp c) {
            return unqualified(c.a()) || unqualified(c.b());
        }
        if (e instanceof Sql.Logic l) {
            return l.operands().stream().anyMatch(Plan::unqualified);
        }
        return e instanceof Sql.Not n && unqualified(n.operand());
    }

    static Rel rel(Sql.Relation r, Catalog catalog, boolean seesPrivate) {
        Catalog.Subscribable s = catalog.subscribable(r.table())
                .filter(x -> seesPrivate || !x.isTable() || x.table().isPublic())
                .orElseThrow(() -> new IllegalArgumentException("no such table: `" + r.table()
                        + "`. If the table exists, it may be marked private."));
        return new Rel(r.alias(), s, columns(s.rowType()));
    }

    private static final ClassValue<Map<String, Column>> COLUMNS = new ClassValue<>() {
        @Override
        protected Map<String, Column> computeValue(Class<?> type) {
            MethodHandles.Lookup lookup = lookupFor(type);
            Map<String, Column> out = new LinkedHashMap<>();
            RecordComponent[] rc = type.getRecordComponents();
            for (int i = 0; i < rc.length; i++) {
                try {
                    MethodHandle g = lookup.unreflect(rc[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                    out.put(rc[i].getName(), new Column(rc[i].getName(), i, SqlType.of(rc[i]), g));
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException("cannot read " + type.getName() + "'s components: open its "
                            + "package to dev.warden.host", e);
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        }
    };

    private static Map<String, Column> columns(Class<?> rowType) {
        return COLUMNS.get(rowType);
    }

    static MethodHandles.Lookup lookupFor(Class<?> type) {
        Module self = Plan.class.getModule();
        Module target = type.getModule();
        if (target != self) {
            self.addReads(target);
        }
        if (target.isOpen(type.getPackageName(), self)) {
            try {
                return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            } catch (IllegalAccessException e) {
                return MethodHandles.publicLookup();
            }
        }
        return MethodHandles.publicLookup();
    }

    /** The first table's index lookups a top-level conjunct allows: {@code column op literal}. */
    private static List<Lookup> lookups(Sql.Expr where, Scope scope) {
        List<Lookup> out = new ArrayList<>();
        if (where == null) {
            return out;
        }
        List<Sql.Expr> conjuncts = where instanceof Sql.Logic l && l.and() ? l.operands() : List.of(where);
        for (Sql.Expr e : conjuncts) {
            if (!(e instanceof Sql.Cmp c) || c.op() == Sql.Op.NE) {
                continue;
            }
            Sql.Field f;
            Sql.Lit lit;
            Sql.Op op = c.op();
            if (c.a() instanceof Sql.Field x && c.b() instanceof Sql.Lit y) {
                f = x;
                lit = y;
            } else if (c.b() instanceof Sql.Field x && c.a() instanceof Sql.Lit y) {
                f = x;
                lit = y;
                op = switch (op) {
                    case LT -> Sql.Op.GT;
                    case GT -> Sql.Op.LT;
                    case LTE -> Sql.Op.GTE;
                    case GTE -> Sql.Op.LTE;
                    default -> op;
                };
            } else {
                continue;
            }
            if (scope.relOf(f) != 0) {
                continue;
            }
            Column col = scope.column(f);
            Object v = lit.kind() == Sql.LitKind.BOOL ? Boolean.valueOf(lit.text()) : col.type().literal(lit.text());
            Optional<Object> key = col.type().key(v, op != Sql.Op.EQ);
            if (key.isEmpty()) {
                continue;
            }
            out.add(op == Sql.Op.EQ ? new Lookup(col.name(), key.get(), null)
                    : new Lookup(col.name(), null, range(op, key.get())));
        }
        // equality first: it narrows most
        out.sort((x, y) -> Boolean.compare(x.key() == null, y.key() == null));
        return List.copyOf(out);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Range<?> range(Sql.Op op, Object v) {
        Comparable c = (Comparable) v;
        return switch (op) {
            case LT -> Range.lessThan(c);
            case LTE -> Range.atMost(c);
            case GT -> Range.greaterThan(c);
            default -> Range.atLeast(c);
        };
    }

    /**
     * A checked expression.
     *
     * @param eval how to evaluate it
     * @param type its type
     * @param sender whether it reads {@code :sender}
     */
    private record Typed(Eval eval, SqlType type, boolean sender) {}

    /** The tables in scope, and the type checker over them ({@code _type_expr}). */
    private record Scope(List<Rel> rels) {

        Optional<Integer> relIndex(String alias) {
            for (int i = 0; i < rels.size(); i++) {
                if (rels.get(i).alias().equals(alias)) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        }

        int relOf(Sql.Field f) {
            if (f.table() == null) {
                return 0;   // only a single table's columns may be unqualified
            }
            return relIndex(f.table()).orElseThrow(() -> new IllegalArgumentException("`" + f.table()
                    + "` is not in scope"));
        }

        Column column(Sql.Field f) {
            Column c = rels.get(relOf(f)).columns().get(f.column());
            if (c == null) {
                throw new IllegalArgumentException("`" + f.column() + "` is not in scope");
            }
            return c;
        }

        Typed type(Sql.Expr e, SqlType expected) {
            if (e instanceof Sql.Lit l) {
                return literal(l, expected);
            }
            if (e instanceof Sql.Sender) {
                if (expected != null && expected.kind() != SqlType.Kind.IDENTITY
                        && expected.kind() != SqlType.Kind.BYTES) {
                    throw unexpected(SqlType.IDENTITY, expected);
                }
                boolean bytes = expected != null && expected.kind() == SqlType.Kind.BYTES;
                return new Typed((rows, sender) -> bytes ? sender.toByteArray() : sender,
                        expected == null ? SqlType.IDENTITY : expected, true);
            }
            if (e instanceof Sql.Field f) {
                int rel = relOf(f);
                Column c = column(f);
                if (expected != null && !c.type().equals(expected)) {
                    throw unexpected(c.type(), expected);
                }
                SqlType t = c.type();
                return new Typed((rows, sender) -> t.normal(c.raw(rows[rel])), t, false);
            }
            if (e instanceof Sql.Logic l) {
                boolEx(expected);
                List<Typed> ops = new ArrayList<>();
                for (Sql.Expr x : l.operands()) {
                    ops.add(type(x, SqlType.BOOL));
                }
                Eval[] evals = ops.stream().map(Typed::eval).toArray(Eval[]::new);
                boolean and = l.and();
                return new Typed((rows, sender) -> {
                    for (Eval x : evals) {
                        if (Boolean.TRUE.equals(x.eval(rows, sender)) != and) {
                            return !and;
                        }
                    }
                    return and;
                }, SqlType.BOOL, ops.stream().anyMatch(Typed::sender));
            }
            if (e instanceof Sql.Not n) {
                boolEx(expected);
                Typed t = type(n.operand(), SqlType.BOOL);
                Eval x = t.eval();
                return new Typed((rows, sender) -> !Boolean.TRUE.equals(x.eval(rows, sender)), SqlType.BOOL,
                        t.sender());
            }
            Sql.Cmp c = (Sql.Cmp) e;
            boolEx(expected);
            Typed a;
            Typed b;
            if (c.a() instanceof Sql.Lit || c.a() instanceof Sql.Sender) {
                b = type(c.b(), null);
                a = type(c.a(), b.type());
            } else {
                a = type(c.a(), null);
                b = type(c.b(), a.type());
            }
            SqlType t = a.type();
            if (!t.comparable()) {
                throw new IllegalArgumentException("Invalid binary operator `" + c.op().text
                        + "` for type `" + t + "`");
            }
            Eval ea = a.eval();
            Eval eb = b.eval();
            Sql.Op op = c.op();
            return new Typed((rows, sender) -> {
                Object x = ea.eval(rows, sender);
                Object y = eb.eval(rows, sender);
                if (x == null || y == null) {
                    return false;
                }
                return switch (op) {
                    case EQ -> t.same(x, y);
                    case NE -> !t.same(x, y);
                    case LT -> t.compare(x, y) < 0;
                    case GT -> t.compare(x, y) > 0;
                    case LTE -> t.compare(x, y) <= 0;
                    case GTE -> t.compare(x, y) >= 0;
                };
            }, SqlType.BOOL, a.sender() || b.sender());
        }

        private static void boolEx(SqlType expected) {
            if (expected != null && !expected.equals(SqlType.BOOL)) {
                throw unexpected(SqlType.BOOL, expected);
            }
        }

        private static Typed literal(Sql.Lit l, SqlType expected) {
            if (l.kind() == Sql.LitKind.BOOL) {
                if (expected != null && !expected.equals(SqlType.BOOL)) {
                    throw unexpected(SqlType.BOOL, expected);
                }
                Boolean v = Boolean.valueOf(l.text());
                return new Typed((rows, sender) -> v, SqlType.BOOL, false);
            }
            if (expected == null) {
                throw new IllegalArgumentException("Cannot resolve type for literal expression");
            }
            if (expected.equals(SqlType.BOOL)) {
                throw new IllegalArgumentException("The literal expression `" + l.text()
                        + "` cannot be parsed as type `Bool`");
            }
            Object v = expected.literal(l.text());
            return new Typed((rows, sender) -> v, expected, false);
        }

        private static IllegalArgumentException unexpected(SqlType expected, SqlType inferred) {
            return new IllegalArgumentException("Unexpected type: (expected) " + expected + " != " + inferred
                    + " (inferred)");
        }
    }

    // ---- running

    /**
     * @param rows one row per table in scope
     * @param sender the caller
     * @return whether the {@code WHERE} keeps them
     */
    boolean keeps(Object[] rows, Identity sender) {
        return where == null || Boolean.TRUE.equals(where.eval(rows, sender));
    }

    /**
     * Evaluates it: the first table's rows (through an index if a conjunct allows), then, for a join, the second
     * table's rows joined by hash on the join column, then the {@code WHERE}.
     *
     * @param source the rows the caller may see
     * @param sender the caller, for {@code :sender}
     * @param max the most matches it may produce, and the most pairs of rows a join may compare (its {@code WHERE}
     *     evaluated on each pair sharing a key): one more is refused before the pair is evaluated
     * @return each match, one row per table in scope
     * @throws IllegalArgumentException if it matches more than {@code max}, or a join compares more pairs
     */
    List<Object[]> run(Source source, Identity sender, int max) {
        return run(source, sender, max, null);
    }

    /**
     * As {@link #run(Source, Identity, int)}, with the returned table's rows given.
     *
     * @param source the rows the caller may see
     * @param sender the caller
     * @param max the most matches
     * @param returnedRows the returned table's rows (a subscription's evaluation), or null to read them
     * @return each match
     */
    List<Object[]> run(Source source, Identity sender, int max, List<?> returnedRows) {
        List<?> first = returnedRows != null && returned == 0 ? returnedRows : firstRows(source);
        List<Object[]> out = new ArrayList<>();
        if (!isJoin()) {
            for (Object r : first) {
                Object[] rows = {r};
                if (keeps(rows, sender)) {
                    add(out, rows, max);
                }
            }
            return out;
        }
        List<?> second = returnedRows != null && returned == 1 ? returnedRows : source.rows(rels.get(1).table());
        Map<Object, List<Object>> byKey = new HashMap<>();
        for (Object r : second) {
            Object k = hashKey(joinRight.type().normal(joinRight.raw(r)));
            if (k != null) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }
        long compared = 0;
        for (Object l : first) {
            Object k = hashKey(joinLeft.type().normal(joinLeft.raw(l)));
            List<Object> matches = k == null ? null : byKey.get(k);
            if (matches == null) {
                continue;
            }
            compared += matches.size();
            checkCompared(compared, max);
            for (Object r : matches) {
                Object[] rows = {l, r};
                if (keeps(rows, sender)) {
                    add(out, rows, max);
                }
            }
        }
        return out;
    }

    /**
     * A join's returned rows, each once (a subscription's rows): those of {@code returnedRows} that match at least
     * one row of the other table the caller may see, with the {@code WHERE}.
     *
     * @param source the other table's rows the caller may see
     * @param sender the caller
     * @param returnedRows the returned table's rows the caller may see
     * @param max the most pairs of rows it may compare
     * @return the rows kept, in their order
     * @throws IllegalArgumentException if it would compare more than {@code max} pairs
     */
    List<Object> semijoin(Source source, Identity sender, List<?> returnedRows, int max) {
        Column mine = returned == 0 ? joinLeft : joinRight;
        Column theirs = returned == 0 ? joinRight : joinLeft;
        Map<Object, List<Object>> byKey = new HashMap<>();
        for (Object r : source.rows(other())) {
            Object k = hashKey(theirs.type().normal(theirs.raw(r)));
            if (k != null) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }
        List<Object> out = new ArrayList<>();
        long compared = 0;
        for (Object row : returnedRows) {
            Object k = hashKey(mine.type().normal(mine.raw(row)));
            List<Object> matches = k == null ? null : byKey.get(k);
            if (matches == null) {
                continue;
            }
            for (Object o : matches) {
                checkCompared(++compared, max);
                Object[] rows = returned == 0 ? new Object[] {row, o} : new Object[] {o, row};
                if (keeps(rows, sender)) {
                    out.add(row);
                    break;
                }
            }
        }
        return out;
    }

    private static void checkCompared(long compared, int max) {
        if (compared > max) {
            throw new IllegalArgumentException("the join compares more than " + max + " pairs of rows: narrow it");
        }
    }

    private static void add(List<Object[]> out, Object[] rows, int max) {
        if (out.size() >= max) {
            throw new IllegalArgumentException("the query matches more than " + max + " rows: narrow it");
        }
        out.add(rows);
    }

    private static Object hashKey(Object normal) {
        return normal instanceof byte[] b ? ByteBuffer.wrap(b) : normal;
    }

    private List<?> firstRows(Source source) {
        Catalog.Subscribable t = rels.get(0).table();
        if (t.isTable()) {
            for (Lookup l : lookups) {
                Optional<List<Object>> found = source.lookup(t, l);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return source.rows(t);
    }

    /** @return the index lookups a {@code WHERE} allows on the first table (for tests and the README) */
    List<Lookup> lookups() {
        return lookups;
    }

    /**
     * @param matches what {@link #run} found
     * @return the rows of the returned table in them, in order, each as often as it matched
     */
    List<Object> returnedRows(List<Object[]> matches) {
        List<Object> out = new ArrayList<>(matches.size());
        for (Object[] m : matches) {
            out.add(m[returned]);
        }
        return out;
    }
}
