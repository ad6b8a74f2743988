package dev.warden.db;

import java.io.Serializable;

/**
 * A typed reference to a row's column: a method reference to the record's accessor, such as {@code Account::id}.
 * The database resolves it once (by the accessor it names) to the column and its index, so module code never
 * names a column by a string. A lambda that is not a plain accessor reference is refused
 * ({@link DatabaseException.Reason#NOT_A_COLUMN}).
 *
 * @param <R> the row type
 * @param <V> the column's type
 */
@FunctionalInterface
public interface Column<R, V> extends Serializable {
    /**
     * @param row a row
     * @return its value in this column
     */
    V get(R row);
}
