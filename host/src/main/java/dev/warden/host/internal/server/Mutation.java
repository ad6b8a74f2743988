package dev.warden.host.internal.server;

import dev.warden.core.Identity;
import dev.warden.db.TableHandle;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code /sql} DML statement ({@code INSERT}, {@code UPDATE}, {@code DELETE}) checked against the module's tables
 * as SpacetimeDB's {@code crates/expr/src/statement.rs} types it ({@code type_insert}, {@code type_update},
 * {@code type_delete}), with its texts: an {@code INSERT}'s field list is only counted and its values are the
 * columns in order; a {@code TRUE}/{@code FALSE} literal fits a {@code Bool} column alone, a string literal a
 * {@code String} column alone, a number or hex literal is parsed as its column's type. Immutable; {@link #run} applies
 * it to the module's tables, inside the caller's write transaction, to every row its {@code WHERE} matches.
 */
final class Mutation {

    /**
     * What a statement changed, as SpacetimeDB counts it.
     *
     * @param inserted rows inserted
     * @param deleted rows deleted
     * @param updated rows updated
     */
    record Stats(long inserted, long deleted, long updated) {}

    private final Sql.Dml statement;
    private final Plan.Rel table;
    /** The rows an {@code INSERT} adds, as the row record. */
    private final List<Object[]> inserts;
    /** An {@code UPDATE}'s new values by column position, or null. */
    private final Object[] assigned;
    /** The rows an {@code UPDATE} or {@code DELETE} changes: a {@code SELECT *} with its {@code WHERE}. */
    private final Plan filter;

    private Mutation(Sql.Dml statement, Plan.Rel table, List<Object[]> inserts, Object[] assigned, Plan filter) {
        this.statement = statement;
        this.table = table;
        this.inserts = inserts;
        this.assigned = assigned;
        this.filter = filter;
    }

    /**
     * @param sql the statement's text, for messages
     * @param statement the statement, parsed
     * @param catalog what the module serves
     * @param seesPrivate whether private tables are in scope (the owner's)
     * @return it typed
     * @throws IllegalArgumentException with SpacetimeDB's text if it is refused
     */
    static Mutation of(String sql, Sql.Dml statement, Catalog catalog, boolean seesPrivate) {
        if (statement instanceof Sql.SetVar) {
            return new Mutation(statement, null, List.of(), null, null);
        }
        String name = statement instanceof Sql.Insert i ? i.table()
                : statement instanceof Sql.Update u ? u.table() : ((Sql.Delete) statement).table();
        Plan.Rel rel = Plan.rel(new Sql.Relation(name, name), catalog, seesPrivate);
        if (!rel.table().isTable()) {
            throw new IllegalArgumentException("`" + name + "` is a view; DML on views is not supported");
        }
        List<Plan.Column> columns = new ArrayList<>(rel.columns().values());
        if (statement instanceof Sql.Insert insert) {
            if (insert.fields() != columns.size()) {
                throw new IllegalArgumentException("The number of fields (" + insert.fields() + ") in the INSERT does "
                        + "not match the number of columns (" + columns.size() + ") of the table `" + name + "`");
            }
            List<Object[]> rows = new ArrayList<>();
            for (List<Sql.Lit> row : insert.rows()) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("Inserting a row with " + row.size() + " values into `" + name
                            + "` which has " + columns.size() + " fields");
                }
                Object[] values = new Object[columns.size()];
                for (int c = 0; c < values.length; c++) {
                    values[c] = value(row.get(c), columns.get(c), rel.table().rowType());
                }
                rows.add(values);
            }
            return new Mutation(statement, rel, List.copyOf(rows), null, null);
        }
        Sql.Expr where = statement instanceof Sql.Update u ? u.where() : ((Sql.Delete) statement).where();
        Object[] assigned = null;
        if (statement instanceof Sql.Update u) {
            assigned = new Object[columns.size()];
            boolean[] set = new boolean[columns.size()];
            for (Sql.Assignment a : u.assignments()) {
                Plan.Column c = rel.columns().get(a.column());
                if (c == null) {
                    throw new IllegalArgumentException("`" + name + "` does not have a field `" + a.column() + "`");
                }
                assigned[c.position()] = value(a.value(), c, rel.table().rowType());
                set[c.position()] = true;
            }
            for (int i = 0; i < set.length; i++) {
                if (!set[i]) {
                    assigned[i] = UNSET;
                }
            }
        }
        Plan filter = Plan.of(sql, new Sql.Select(new Sql.Star(null), new Sql.Relation(name, name), List.of(), where,
                null), Plan.Mode.SQL, catalog, seesPrivate);
        return new Mutation(statement, rel, List.of(), assigned, filter);
    }

    /** An {@code UPDATE} leaves this column as it is. */
    private static final Object UNSET = new Object();

    /** @return whether it is a {@code SET} of a system variable (which this host has none of) */
    boolean isSetVar() {
        return statement instanceof Sql.SetVar;
    }

    /** @return the statement's first word */
    String keyword() {
        return statement.keyword();
    }

    /**
     * Applies it, in the caller's write transaction.
     *
     * @param db the module's tables
     * @param rows every row of the table (the owner's view)
     * @param sender the caller, for {@code :sender}
     * @return what it changed
     */
    @SuppressWarnings("unchecked")
    Stats run(dev.warden.db.Db db, Plan.Source rows, Identity sender) {
        TableHandle<Record> handle = db.table((Class<Record>) table.table().rowType());
        if (statement instanceof Sql.Insert) {
            for (Object[] values : inserts) {
                handle.insert(construct(values));
            }
            return new Stats(inserts.size(), 0, 0);
        }
        List<Object> matched = filter.returnedRows(filter.run(rows, sender, Database.MAX_QUERY_ROWS));
        List<Plan.Column> columns = new ArrayList<>(table.columns().values());
        for (Object row : matched) {
            handle.delete((Record) row);
        }
        if (statement instanceof Sql.Delete) {
            return new Stats(0, matched.size(), 0);
        }
        for (Object row : matched) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = assigned[i] == UNSET ? columns.get(i).raw(row) : assigned[i];
            }
            handle.insert(construct(values));
        }
        return new Stats(0, 0, matched.size());
    }

    private Record construct(Object[] values) {
        Class<?> type = table.table().rowType();
        RecordComponent[] rc = type.getRecordComponents();
        Class<?>[] params = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            params[i] = rc[i].getType();
        }
        try {
            MethodHandle ctor = Plan.lookupFor(type).findConstructor(type, MethodType.methodType(void.class, params));
            return (Record) ctor.invokeWithArguments(values);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("cannot construct a row of `" + table.table().name() + "`: open its "
                    + "package to dev.warden.host");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A literal as a column's Java value, as SpacetimeDB types a DML literal. */
    private static Object value(Sql.Lit lit, Plan.Column column, Class<?> row) {
        SqlType t = column.type();
        switch (lit.kind()) {
            case BOOL -> {
                if (t.kind() != SqlType.Kind.BOOL) {
                    throw new IllegalArgumentException("Unexpected type: (expected) Bool != " + t.name()
                            + " (inferred)");
                }
                return Boolean.valueOf(lit.text());
            }
            case STR -> {
                if (t.kind() != SqlType.Kind.STRING) {
                    throw new IllegalArgumentException("Unexpected type: (expected) String != " + t.name()
                            + " (inferred)");
                }
                return lit.text();
            }
            default -> {
                return java(t, t.literal(lit.text()));
            }
        }
    }

    /** A value in {@link SqlType}'s normal form as the column's Java value. */
    private static Object java(SqlType t, Object normal) {
        return switch (t.kind()) {
            case I8, U8 -> (byte) ((Long) normal).longValue();
            case I16, U16 -> (short) ((Long) normal).longValue();
            case I32, U32 -> (int) ((Long) normal).longValue();
            case F32 -> (float) ((Double) normal).doubleValue();
            case TIMESTAMP -> {
                long micros = (Long) normal;
                yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000L);
            }
            case I128, U128 -> (BigInteger) normal;
            default -> normal;
        };
    }
}
