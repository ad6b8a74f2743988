package dev.warden.db;

import java.util.List;

/**
 * One table, as module code uses it: {@code ctx.db().table(Account.class)}. Its columns are named by accessor
 * references ({@code Account::id}), never by strings.
 *
 * @param <R> the row type
 */
public interface TableHandle<R extends Record> {

    /** @return the table's schema */
    TableSchema schema();

    /**
     * Inserts a row. An auto-increment column holding 0 gets its next value. Inserting a row equal to one the
     * table holds changes nothing (a table is a set of rows).
     *
     * @param row the row
     * @return the row as stored (with its auto-increment values)
     * @throws DatabaseException {@code UNIQUE_VIOLATION} if another row has its primary key or a unique value
     *     (nothing is inserted), {@code NULL_VALUE} for a null in a key or indexed column, {@code READ_ONLY} in a
     *     view
     */
    R insert(R row);

    /**
     * @param row a row
     * @return whether the table held it (and now does not)
     */
    boolean delete(R row);

    /** @return how many rows it holds */
    long count();

    /** @return its rows, in no particular order: a copy, so the table may change while it is read */
    List<R> all();

    /**
     * @param column the primary key or a {@link Unique} column ({@code Account::id})
     * @param <K> its type
     * @return that unique index
     * @throws DatabaseException {@code NO_SUCH_INDEX} if the column is not unique, {@code NOT_A_COLUMN} if the
     *     reference is not an accessor of this row type
     */
    <K> UniqueIndex<R, K> unique(Column<R, K> column);

    /**
     * @param column an indexed column: a single-column index, or the first column of a multi-column btree
     * @param <K> its type
     * @return that index (the single-column one if both exist)
     * @throws DatabaseException {@code NO_SUCH_INDEX} if no index starts with the column
     */
    <K> ColumnIndex<R, K> index(Column<R, K> column);

    /**
     * @param first the first column of a two-column index
     * @param second its second column
     * @param <A> the first column's type
     * @param <B> the second column's type
     * @return that index
     * @throws DatabaseException {@code NO_SUCH_INDEX} if no index covers exactly these two columns in this order
     */
    <A, B> PairIndex<R, A, B> index(Column<R, A> first, Column<R, B> second);
}
