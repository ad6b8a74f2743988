package dev.warden.db;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** One table's rows and indexes; every operation checks it runs inside its database's transaction or read. */
final class Store<R extends Record> implements TableHandle<R> {

    private final Database db;
    private final TableSchema schema;
    private final String name;
    private final MethodHandle[] getters;
    private final MethodHandle constructor;
    private final List<Idx> indexes;
    private final int indexCount;
    private final UniqueIdx primary;
    /** The rows: the primary key's index, or a set of rows when there is no primary key. */
    private final Map<Object, Record> rows;
    private final int[] autoInc;
    private final long[] next;
    private final long[] max;
    private final Object[] uniqueByColumn;
    private final Object[] indexByColumn;
    private final Map<Long, PairIdx> pairs = new HashMap<>();

    Store(Database db, TableSchema schema) {
        this.db = db;
        this.schema = schema;
        this.name = schema.name();
        Class<?> type = schema.rowType();
        RecordComponent[] rc = type.getRecordComponents();
        MethodHandles.Lookup lookup = lookup(type);
        getters = new MethodHandle[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        try {
            for (int i = 0; i < rc.length; i++) {
                getters[i] = lookup.unreflect(rc[i].getAccessor()).asType(MethodType.methodType(Object.class,
                        Object.class));
                types[i] = rc[i].getType();
            }
            constructor = lookup.findConstructor(type, MethodType.methodType(void.class, types))
                    .asSpreader(Object[].class, rc.length).asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(notOpen(type), e);
        }
        indexes = new ArrayList<>();
        indexCount = schema.indexes().size();
        UniqueIdx pk = null;
        for (int i = 0; i < indexCount; i++) {
            IndexSchema ix = schema.indexes().get(i);
            int[] cols = ix.columns().stream().mapToInt(ColumnSchema::position).toArray();
            indexes.add(ix.unique() ? new UniqueIdx(ix, cols) : new MultiIdx(ix, cols));
            if (ix.unique() && schema.primaryKey().isPresent()
                    && ix.columns().get(0).position() == schema.primaryKey().get().position()) {
                pk = (UniqueIdx) indexes.get(i);
            }
        }
        primary = pk;
        rows = pk != null ? pk.map : new LinkedHashMap<>();
        autoInc = schema.columns().stream().filter(ColumnSchema::autoInc).mapToInt(ColumnSchema::position).toArray();
        next = new long[autoInc.length];
        max = new long[autoInc.length];
        for (int i = 0; i < autoInc.length; i++) {
            next[i] = 1;
            Class<?> t = rc[autoInc[i]].getType();
            max[i] = t == byte.class || t == Byte.class ? Byte.MAX_VALUE : t == short.class || t == Short.class
                    ? Short.MAX_VALUE : t == int.class || t == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
        }
        uniqueByColumn = new Object[rc.length];
        indexByColumn = new Object[rc.length];
        IndexType[] viewTypes = new IndexType[rc.length];
        for (int i = 0; i < indexCount; i++) {
            Idx ix = indexes.get(i);
            if (ix.cols.length == 1) {
                if (ix instanceof UniqueIdx u && uniqueByColumn[ix.cols[0]] == null) {
                    uniqueByColumn[ix.cols[0]] = new UniqueView(u);
                }
                // a btree answers everything a hash does, and ranges too: it wins when a column has both
                if (indexByColumn[ix.cols[0]] == null || ix.type == IndexType.BTREE
                        && viewTypes[ix.cols[0]] == IndexType.HASH) {
                    indexByColumn[ix.cols[0]] = new ColumnView(ix);
                    viewTypes[ix.cols[0]] = ix.type;
                }
            }
        }
        for (int i = 0; i < indexCount; i++) {
            Idx ix = indexes.get(i);
            if (ix.cols.length > 1 && indexByColumn[ix.cols[0]] == null && ix.type == IndexType.BTREE) {
                indexByColumn[ix.cols[0]] = new ColumnView(ix);
            }
            if (ix.cols.length == 2) {
                long k = ((long) ix.cols[0] << 32) | ix.cols[1];
                PairIdx had = pairs.get(k);
                if (had == null || ix.type == IndexType.BTREE && had.ix.type == IndexType.HASH) {
                    pairs.put(k, new PairIdx(ix));
                }
            }
        }
    }

    private static MethodHandles.Lookup lookup(Class<?> type) {
        Store.class.getModule().addReads(type.getModule());
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException(notOpen(type), e);
        }
    }

    private static String notOpen(Class<?> type) {
        return "cannot read the row record " + type.getName() + (type.getModule().isNamed() ? ": add 'opens "
                + type.getPackageName() + " to dev.warden.db;' to the module-info of " + type.getModule().getName()
                : "");
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    Object value(Record row, int column) {
        try {
            return getters[column].invokeExact((Object) row);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    Object[] values(Record row) {
        Object[] v = new Object[getters.length];
        for (int c = 0; c < v.length; c++) {
            v[c] = value(row, c);
        }
        return v;
    }

    long[] nextValues() {
        return next.clone();
    }

    /** Loads rows into the empty table (no transaction, nothing logged); all or none of them. */
    void load(List<Object[]> values, long[] nextValues) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("table " + name + " is not empty: rows are loaded only into an empty table");
        }
        if (nextValues.length != 0 && nextValues.length != next.length) {
            throw new IllegalArgumentException("table " + name + " has " + next.length
                    + " auto-increment columns, not " + nextValues.length);
        }
        long[] seq = nextValues.length == 0 ? next.clone() : nextValues.clone();
        List<Record> loaded = new ArrayList<>(values.size());
        try {
            for (Object[] v : values) {
                if (v.length != getters.length) {
                    throw new IllegalArgumentException("table " + name + " has " + getters.length + " columns, a row"
                            + " to load has " + v.length);
                }
                Record r;
                try {
                    Object made = constructor.invokeExact(v);
                    r = (Record) made;
                } catch (ClassCastException | NullPointerException e) {
                    throw new IllegalArgumentException("a row to load does not fit table " + name + ": " + e, e);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
                nonNull(r);
                Record existing = rows.get(primary != null ? primary.key(r) : r);
                if (existing != null) {
                    if (existing.equals(r)) {
                        continue;
                    }
                    throw violation(primary, r);
                }
                for (int i = 0; i < indexCount; i++) {
                    indexes.get(i).checkFree(r, null);
                }
                addRaw(r);
                loaded.add(r);
                for (int i = 0; i < autoInc.length; i++) {
                    long x = ((Number) v[autoInc[i]]).longValue();
                    if (x >= seq[i]) {
                        seq[i] = x + 1;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            loaded.forEach(this::removeRaw);
            throw e;
        }
        System.arraycopy(seq, 0, next, 0, next.length);
    }

    /** Empties the table again after a {@link #load} (no transaction, nothing logged); its sequences restart at 1. */
    void unload() {
        for (Record r : List.copyOf(rows.values())) {
            removeRaw(r);
        }
        Arrays.fill(next, 1);
    }

    // ---- TableHandle

    @Override
    @SuppressWarnings("unchecked")
    public R insert(R row) {
        db.check(this, true);
        nonNull(row);
        Record r = withSequences(row);
        Record existing = rows.get(primary != null ? primary.key(r) : r);
        if (existing != null) {
            if (existing.equals(r)) {
                return (R) existing;
            }
            throw violation(primary, r);
        }
        for (int i = 0; i < indexCount; i++) {
            Idx ix = indexes.get(i);
            ix.checkFree(r, null);
        }
        addRaw(r);
        db.logged(this, r, true);
        return (R) r;
    }

    @Override
    public boolean delete(R row) {
        db.check(this, true);
        if (row == null) {
            return false;
        }
        Record stored = rows.get(primary != null ? primary.keyOrNull(row) : row);
        if (stored == null || !stored.equals(row)) {
            return false;
        }
        removeRaw(stored);
        db.logged(this, stored, false);
        return true;
    }

    @Override
    public long count() {
        db.check(this, false);
        return rows.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<R> all() {
        db.check(this, false);
        return new ArrayList<>((Collection<R>) (Collection<?>) rows.values());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K> UniqueIndex<R, K> unique(Column<R, K> column) {
        Columns.Ref ref = ref(column);
        Object u = uniqueByColumn[ref.position()];
        if (u == null) {
            throw new DatabaseException(DatabaseException.Reason.NO_SUCH_INDEX, name, name + "." + ref.name()
                    + " is not unique: declare it @PrimaryKey or @Unique to find, update or delete rows by it");
        }
        return (UniqueIndex<R, K>) u;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K> ColumnIndex<R, K> index(Column<R, K> column) {
        Columns.Ref ref = ref(column);
        Object ix = indexByColumn[ref.position()];
        if (ix == null) {
            throw new DatabaseException(DatabaseException.Reason.NO_SUCH_INDEX, name, name + "." + ref.name()
                    + " has no index: declare one (@Indexed on the component, or @Table(indexes = ...)) to filter"
                    + " by it");
        }
        return (ColumnIndex<R, K>) ix;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, B> PairIndex<R, A, B> index(Column<R, A> first, Column<R, B> second) {
        Columns.Ref a = ref(first);
        Columns.Ref b = ref(second);
        PairIdx p = pairs.get(((long) a.position() << 32) | b.position());
        if (p == null) {
            throw new DatabaseException(DatabaseException.Reason.NO_SUCH_INDEX, name, name + " has no index on ("
                    + a.name() + ", " + b.name() + ")");
        }
        return (PairIndex<R, A, B>) p;
    }

    /** @return the index {@link #index(Column)} would give for the column at this position, if any */
    @SuppressWarnings("unchecked")
    Optional<ColumnIndex<Record, Object>> indexOn(int position) {
        return Optional.ofNullable((ColumnIndex<Record, Object>) indexByColumn[position]);
    }

    private Columns.Ref ref(Column<?, ?> column) {
        Columns.Ref ref = Columns.of(column, name);
        if (ref.rowType() != schema.rowType()) {
            throw new DatabaseException(DatabaseException.Reason.NOT_A_COLUMN, name, "a column of "
                    + ref.rowType().getSimpleName() + " (" + ref.name() + ") used on table " + name + " of "
                    + schema.rowType().getSimpleName());
        }
        return ref;
    }

    // ---- raw changes (the caller checked and logs)

    void addRaw(Record r) {
        if (primary == null) {
            rows.put(r, r);
        }
        for (int i = 0; i < indexCount; i++) {
            Idx ix = indexes.get(i);
            ix.add(r);
        }
    }

    void removeRaw(Record r) {
        if (primary == null) {
            rows.remove(r);
        }
        for (int i = 0; i < indexCount; i++) {
            Idx ix = indexes.get(i);
            ix.remove(r);
        }
    }

    Record update(UniqueIdx by, Record row) {
        db.check(this, true);
        nonNull(row);
        Record old = by.map.get(by.key(row));
        if (old == null) {
            throw new DatabaseException(DatabaseException.Reason.NOT_FOUND, name, "no row of " + name + " has "
                    + (schema.isPublic() ? by.describe(row) : "that " + schema.columns().get(by.cols[0]).name())
                    + " to update");
        }
        if (old.equals(row)) {
            return old;
        }
        for (int i = 0; i < indexCount; i++) {
            Idx ix = indexes.get(i);
            if (ix != by) {
                ix.checkFree(row, old);
            }
        }
        removeRaw(old);
        addRaw(row);
        db.logged(this, old, false);
        db.logged(this, row, true);
        return row;
    }

    boolean deleteBy(UniqueIdx by, Object key) {
        db.check(this, true);
        if (key == null) {
            return false;
        }
        Record old = by.map.get(key);
        if (old == null) {
            return false;
        }
        removeRaw(old);
        db.logged(this, old, false);
        return true;
    }

    private void nonNull(Record row) {
        if (row == null) {
            throw new DatabaseException(DatabaseException.Reason.NULL_VALUE, name, "a null row for table " + name);
        }
        for (int i = 0; i < indexCount; i++) {
            Idx ix = indexes.get(i);
            for (int c : ix.cols) {
                if (value(row, c) == null) {
                    throw new DatabaseException(DatabaseException.Reason.NULL_VALUE, name, name + "."
                            + schema.columns().get(c).name() + " is null, but it is a key or indexed column");
                }
            }
        }
    }

    private Record withSequences(Record row) {
        if (autoInc.length == 0) {
            return row;
        }
        Object[] values = null;
        for (int i = 0; i < autoInc.length; i++) {
            Number v = (Number) value(row, autoInc[i]);
            if (v.longValue() == 0) {
                if (next[i] > max[i] || next[i] <= 0) {   // past the type's range, or a long's wrapped
                    throw new DatabaseException(DatabaseException.Reason.SEQUENCE_EXHAUSTED, name, name + "."
                            + schema.columns().get(autoInc[i]).name() + " has no values left (" + max[i] + ")");
                }
                if (values == null) {
                    values = new Object[getters.length];
                    for (int c = 0; c < values.length; c++) {
                        values[c] = value(row, c);
                    }
                }
                values[autoInc[i]] = box(v, next[i]++);
            }
        }
        if (values == null) {
            return row;
        }
        try {
            Object made = constructor.invokeExact(values);
            return (Record) made;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Object box(Number like, long v) {
        if (like instanceof Byte) {
            return (byte) v;
        }
        if (like instanceof Short) {
            return (short) v;
        }
        if (like instanceof Integer) {
            return (int) v;
        }
        return v;
    }

    private DatabaseException violation(Idx ix, Record row) {
        return new DatabaseException(DatabaseException.Reason.UNIQUE_VIOLATION, name, "another row of " + name
                + " has " + describe(ix, row) + " (" + (ix == primary ? "primary key" : "unique") + ")");
    }

    /** The key's columns and values; a private table's values are never told (a host passes this text on). */
    private String describe(Idx ix, Record row) {
        if (schema.isPublic()) {
            return ix.describe(row);
        }
        StringBuilder b = new StringBuilder("the same ");
        for (int i = 0; i < ix.cols.length; i++) {
            b.append(i == 0 ? "" : ", ").append(schema.columns().get(ix.cols[i]).name());
        }
        return b.toString();
    }

    // ---- indexes

    /** Sorts after every value: {@code Key(a, TOP)} is past every key that starts with {@code a}. */
    static final Object TOP = new Object() {
        @Override
        public String toString() {
            return "TOP";
        }
    };

    /** A multi-column key: equal and ordered by its values in turn; a shorter key sorts before its extensions. */
    record Key(Object[] values) implements Comparable<Key> {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public int compareTo(Key o) {
            int n = Math.min(values.length, o.values.length);
            for (int i = 0; i < n; i++) {
                if (values[i] == TOP || o.values[i] == TOP) {
                    if (values[i] == o.values[i]) {
                        continue;
                    }
                    return values[i] == TOP ? 1 : -1;
                }
                int c = ((Comparable) values[i]).compareTo(o.values[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(values.length, o.values.length);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }

    abstract class Idx {
        final IndexSchema schema;
        final int[] cols;
        final IndexType type;
        final boolean single;

        Idx(IndexSchema schema, int[] cols) {
            this.schema = schema;
            this.cols = cols;
            this.type = schema.type();
            this.single = cols.length == 1;
        }

        Object key(Record r) {
            if (single) {
                return value(r, cols[0]);
            }
            Object[] v = new Object[cols.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = value(r, cols[i]);
            }
            return new Key(v);
        }

        Object keyOrNull(Record r) {
            return r.getClass() == Store.this.schema.rowType() ? key(r) : null;
        }

        String describe(Record r) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols.length; i++) {
                b.append(i == 0 ? "" : ", ").append(Store.this.schema.columns().get(cols[i]).name()).append(" = ")
                        .append(value(r, cols[i]));
            }
            return b.toString();
        }

        abstract void add(Record r);

        abstract void remove(Record r);

        /** Throws if a unique index holds {@code r}'s key for a row other than {@code replaced}. */
        abstract void checkFree(Record r, Record replaced);
    }

    final class UniqueIdx extends Idx {
        final Map<Object, Record> map;

        UniqueIdx(IndexSchema schema, int[] cols) {
            super(schema, cols);
            map = type == IndexType.BTREE ? new TreeMap<>() : new HashMap<>();
        }

        @Override
        void add(Record r) {
            map.put(key(r), r);
        }

        @Override
        void remove(Record r) {
            map.remove(key(r));
        }

        @Override
        void checkFree(Record r, Record replaced) {
            Record other = map.get(key(r));
            if (other != null && other != replaced && !other.equals(replaced)) {
                throw violation(this, r);
            }
        }
    }

    final class MultiIdx extends Idx {
        final Map<Object, List<Record>> map;

        MultiIdx(IndexSchema schema, int[] cols) {
            super(schema, cols);
            map = type == IndexType.BTREE ? new TreeMap<>() : new HashMap<>();
        }

        @Override
        void add(Record r) {
            map.computeIfAbsent(key(r), k -> new ArrayList<>(2)).add(r);
        }

        @Override
        void remove(Record r) {
            Object k = key(r);
            List<Record> bucket = map.get(k);
            if (bucket != null) {
                bucket.remove(r);
                if (bucket.isEmpty()) {
                    map.remove(k);
                }
            }
        }

        @Override
        void checkFree(Record r, Record replaced) {
            // not a constraint
        }
    }

    @SuppressWarnings("unchecked")
    private List<R> rowsOf(Idx ix, Object key) {
        if (ix instanceof UniqueIdx u) {
            Record r = u.map.get(key);
            return r == null ? new ArrayList<>(0) : new ArrayList<>(List.of((R) r));
        }
        List<Record> bucket = ((MultiIdx) ix).map.get(key);
        return bucket == null ? new ArrayList<>(0) : new ArrayList<>((List<R>) (List<?>) bucket);
    }

    @SuppressWarnings("unchecked")
    private List<R> rowsIn(Idx ix, Object low, boolean lowIn, Object high, boolean highIn) {
        if (ix.type != IndexType.BTREE) {
            throw new DatabaseException(DatabaseException.Reason.NO_SUCH_INDEX, name, "index " + ix.schema.name()
                    + " of " + name + " is a hash index: it answers equality only, not ranges or prefixes");
        }
        NavigableMap<Object, ?> m = (NavigableMap<Object, ?>) (ix instanceof UniqueIdx u ? u.map
                : ((MultiIdx) ix).map);
        NavigableMap<Object, ?> sub = low == null && high == null ? m : low == null ? m.headMap(high, highIn)
                : high == null ? m.tailMap(low, lowIn) : m.subMap(low, lowIn, high, highIn);
        List<R> out = new ArrayList<>();
        for (Object v : sub.values()) {
            if (v instanceof Record r) {
                out.add((R) r);
            } else {
                out.addAll((List<R>) v);
            }
        }
        return out;
    }

    private static Key key(Object... values) {
        return new Key(values);
    }

    private final class UniqueView implements UniqueIndex<R, Object> {
        private final UniqueIdx ix;

        UniqueView(UniqueIdx ix) {
            this.ix = ix;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Optional<R> find(Object key) {
            db.check(Store.this, false);
            return key == null ? Optional.empty() : Optional.ofNullable((R) ix.map.get(key));
        }

        @Override
        @SuppressWarnings("unchecked")
        public R update(R row) {
            return (R) Store.this.update(ix, row);
        }

        @Override
        public boolean delete(Object key) {
            return deleteBy(ix, key);
        }
    }

    private final class ColumnView implements ColumnIndex<R, Object> {
        private final Idx ix;

        ColumnView(Idx ix) {
            this.ix = ix;
        }

        @Override
        public List<R> filter(Object value) {
            db.check(Store.this, false);
            if (value == null) {
                return new ArrayList<>(0);
            }
            if (ix.single) {
                return rowsOf(ix, value);
            }
            return rowsIn(ix, key(value), true, key(value, TOP), true);
        }

        @Override
        public List<R> filter(Range<Object> range) {
            db.check(Store.this, false);
            if (ix.single) {
                return rowsIn(ix, range.low(), range.lowInclusive(), range.high(), range.highInclusive());
            }
            // over the first column of a multi-column btree: key(v) is before, key(v, TOP) after, every key
            // starting with v
            Object low = range.low() == null ? null : range.lowInclusive() ? key(range.low()) : key(range.low(), TOP);
            Object high = range.high() == null ? null : range.highInclusive() ? key(range.high(), TOP)
                    : key(range.high());
            return rowsIn(ix, low, true, high, false);
        }
    }

    private final class PairIdx implements PairIndex<R, Object, Object> {
        private final Idx ix;

        PairIdx(Idx ix) {
            this.ix = ix;
        }

        @Override
        public List<R> filter(Object first, Object second) {
            db.check(Store.this, false);
            if (first == null || second == null) {
                return new ArrayList<>(0);
            }
            return rowsOf(ix, new Key(new Object[] {first, second}));
        }

        @Override
        public List<R> filter(Object first) {
            db.check(Store.this, false);
            return first == null ? new ArrayList<>(0) : rowsIn(ix, key(first), true, key(first, TOP), true);
        }

        @Override
        public List<R> filter(Object first, Range<Object> second) {
            db.check(Store.this, false);
            if (first == null) {
                return new ArrayList<>(0);
            }
            Object low = second.low() == null ? key(first) : key(first, second.low());
            Object high = second.high() == null ? key(first, TOP) : key(first, second.high());
            return rowsIn(ix, low, second.low() == null || second.lowInclusive(), high,
                    second.high() == null || second.highInclusive());
        }
    }
}
