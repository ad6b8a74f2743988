package dev.warden.db;

import java.util.List;

/**
 * An index over one column (or the first column of a multi-column btree): the rows holding a value, or, for a
 * btree, a range of values.
 *
 * @param <R> the row type
 * @param <K> the column's type
 */
public interface ColumnIndex<R extends Record, K> {

    /**
     * @param value a value
     * @return the rows holding it
     */
    List<R> filter(K value);

    /**
     * @param range a range of values
     * @return the rows whose value is in it, in the column's order
     * @throws DatabaseException {@code NO_SUCH_INDEX} if the index is a hash index
     */
    List<R> filter(Range<K> range);
}
