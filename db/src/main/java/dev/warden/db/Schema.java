package dev.warden.db;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A module's tables, read once from its row records' annotations and checked as a whole: every problem is
 * reported at once in a {@link SchemaException}. Immutable and thread-safe.
 */
public final class Schema {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<Class<?>> INTEGRAL = Set.of(byte.class, short.class, int.class, long.class, Byte.class,
            Short.class, Integer.class, Long.class);

    private final List<TableSchema> tables;
    private final Map<String, TableSchema> byName;
    private final Map<Class<?>, TableSchema> byType;

    private Schema(List<TableSchema> tables) {
        this.tables = List.copyOf(tables);
        Map<String, TableSchema> n = new LinkedHashMap<>();
        Map<Class<?>, TableSchema> t = new LinkedHashMap<>();
        for (TableSchema s : tables) {
            n.put(s.name(), s);
            t.put(s.rowType(), s);
        }
        this.byName = Collections.unmodifiableMap(n);
        this.byType = Collections.unmodifiableMap(t);
    }

    /**
     * The tables of a module class: the records nested in it that are annotated {@link Table}, and those its
     * {@link Tables} annotation lists.
     *
     * @param moduleClass the module class
     * @return its schema (empty if it declares no table)
     * @throws SchemaException listing every problem
     */
    public static Schema forModule(Class<?> moduleClass) {
        return of(rowTypes(moduleClass));
    }

    /**
     * @param moduleClass a module class
     * @return the row types it declares: records nested in it (or its superclasses) annotated {@link Table}, and
     *     those its {@link Tables} lists, in that order
     */
    public static List<Class<?>> rowTypes(Class<?> moduleClass) {
        Set<Class<?>> rows = new LinkedHashSet<>();
        for (Class<?> c = moduleClass; c != null && c != Object.class; c = c.getSuperclass()) {
            Tables listed = c.getAnnotation(Tables.class);
            if (listed != null) {
                rows.addAll(List.of(listed.value()));
            }
            List<Class<?>> nested = new ArrayList<>(List.of(c.getDeclaredClasses()));
            nested.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (Class<?> n : nested) {
                if (n.isAnnotationPresent(Table.class)) {
                    rows.add(n);
                }
            }
        }
        return List.copyOf(rows);
    }

    /**
     * @param rowTypes the row records, each annotated {@link Table}
     * @return their schema
     * @throws SchemaException listing every problem
     */
    public static Schema of(Collection<? extends Class<?>> rowTypes) {
        List<String> problems = new ArrayList<>();
        List<TableSchema> tables = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Class<?> type : rowTypes) {
            TableSchema t = table(type, problems);
            if (t != null && !names.add(t.name())) {
                problems.add(t.name() + ": two row types declare this table name");
            } else if (t != null) {
                tables.add(t);
            }
        }
        if (!problems.isEmpty()) {
            throw new SchemaException(problems);
        }
        return new Schema(tables);
    }

    @SuppressWarnings("unchecked")
    private static TableSchema table(Class<?> type, List<String> problems) {
        Table t = type.getAnnotation(Table.class);
        if (t == null) {
            problems.add(type.getName() + ": not annotated @Table");
            return null;
        }
        String name = t.name();
        int before = problems.size();
        if (!type.isRecord()) {
            problems.add(name + ": its row type " + type.getName() + " is not a record");
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            problems.add(type.getName() + ": table name '" + name + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        RecordComponent[] rc = type.getRecordComponents();
        List<ColumnSchema> columns = new ArrayList<>();
        ColumnSchema pk = null;
        List<IndexSchema> unique = new ArrayList<>();
        List<IndexSchema> declared = new ArrayList<>();
        Set<String> indexNames = new HashSet<>();
        for (int i = 0; i < rc.length; i++) {
            RecordComponent c = rc[i];
            boolean autoInc = c.isAnnotationPresent(AutoInc.class);
            ColumnSchema col = new ColumnSchema(c.getName(), i, c.getGenericType(), autoInc);
            columns.add(col);
            String where = name + "." + c.getName();
            if (autoInc && !INTEGRAL.contains(c.getType())) {
                problems.add(where + ": @AutoInc needs an integral type (byte, short, int, long), not "
                        + c.getType().getSimpleName());
            }
            Indexed indexed = c.getAnnotation(Indexed.class);
            boolean isUnique = c.isAnnotationPresent(Unique.class) || c.isAnnotationPresent(PrimaryKey.class);
            // a key or unique column is a btree, as in SpacetimeDB (a hash where the type has no order), unless
            // declared otherwise: @PrimaryKey @Indexed(IndexType.HASH)
            IndexType kind = indexed != null ? indexed.value()
                    : comparable(c.getType()) ? IndexType.BTREE : IndexType.HASH;
            if (kind == IndexType.BTREE && !comparable(c.getType())) {
                problems.add(where + ": a btree index needs a Comparable column type, not " + c.getType().getName());
            }
            if ((isUnique || indexed != null) && c.getType().isArray()) {
                problems.add(where + ": an array compares by reference, so it cannot be a key or indexed column"
                        + " (use a record, a String or a List)");
            }
            if (c.isAnnotationPresent(PrimaryKey.class)) {
                if (pk != null) {
                    problems.add(where + ": a table has at most one @PrimaryKey (also " + pk.name() + ")");
                } else {
                    pk = col;
                }
            }
            if (isUnique || indexed != null) {
                String idx = name + "_" + c.getName() + "_idx_" + kind.name().toLowerCase(java.util.Locale.ROOT);
                indexNames.add(idx);
                (isUnique ? unique : declared).add(new IndexSchema(idx, List.of(col), kind, isUnique));
            }
        }
        for (Index ix : t.indexes()) {
            List<ColumnSchema> cols = new ArrayList<>();
            String where = name + " index " + ix.name();
            if (!NAME.matcher(ix.name()).matches()) {
                problems.add(where + ": the index name is not an identifier");
            }
            if (!indexNames.add(ix.name())) {
                problems.add(where + ": two indexes of this table have this name");
            }
            if (ix.columns().length == 0) {
                problems.add(where + ": names no column");
            }
            Set<String> seen = new HashSet<>();
            for (String cn : ix.columns()) {
                Optional<ColumnSchema> col = columns.stream().filter(x -> x.name().equals(cn)).findFirst();
                if (col.isEmpty()) {
                    problems.add(where + ": " + type.getSimpleName() + " has no component '" + cn + "' (it has "
                            + columns.stream().map(ColumnSchema::name).toList() + ")");
                } else if (!seen.add(cn)) {
                    problems.add(where + ": names column " + cn + " twice");
                } else {
                    if (ix.type() == IndexType.BTREE && !comparable(rc[col.get().position()].getType())) {
                        problems.add(where + ": a btree index needs Comparable columns; " + cn + " is "
                                + rc[col.get().position()].getType().getName());
                    }
                    cols.add(col.get());
                }
            }
            if (!cols.isEmpty() && cols.size() == ix.columns().length) {
                declared.add(new IndexSchema(ix.name(), cols, ix.type(), false));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        // the primary key's index first, then the other unique ones, then the rest
        List<IndexSchema> indexes = new ArrayList<>();
        ColumnSchema key = pk;
        unique.stream().filter(ix -> ix.columns().get(0) == key).forEach(indexes::add);
        unique.stream().filter(ix -> ix.columns().get(0) != key).forEach(indexes::add);
        indexes.addAll(declared);
        return new TableSchema(name, (Class<? extends Record>) type, t.access(), columns, Optional.ofNullable(pk),
                indexes);
    }

    private static boolean comparable(Class<?> c) {
        return c.isPrimitive() || Comparable.class.isAssignableFrom(c);
    }

    /** @return every table, in declaration order */
    public List<TableSchema> tables() {
        return tables;
    }

    /**
     * @param name a table's name
     * @return that table
     */
    public Optional<TableSchema> table(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * @param rowType a row record
     * @return its table
     */
    public Optional<TableSchema> table(Class<?> rowType) {
        return Optional.ofNullable(byType.get(rowType));
    }

    /** @return whether it declares no table */
    public boolean isEmpty() {
        return tables.isEmpty();
    }
}
