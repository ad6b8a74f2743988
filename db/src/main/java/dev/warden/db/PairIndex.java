package dev.warden.db;

import java.util.List;

/**
 * A btree or hash index over two columns: the rows holding a pair of values; a btree also answers its first column
 * alone and a range of the second column under one value of the first.
 *
 * @param <R> the row type
 * @param <A> the first column's type
 * @param <B> the second column's type
 */
public interface PairIndex<R extends Record, A, B> {

    /**
     * @param first a value of the first column
     * @param second a value of the second
     * @return the rows holding both
     */
    List<R> filter(A first, B second);

    /**
     * @param first a value of the first column
     * @return the rows holding it, in the second column's order
     * @throws DatabaseException {@code NO_SUCH_INDEX} if the index is a hash index
     */
    List<R> filter(A first);

    /**
     * @param first a value of the first column
     * @param second a range of the second
     * @return the rows holding the first value with the second in the range, in the second column's order
     * @throws DatabaseException {@code NO_SUCH_INDEX} if the index is a hash index
     */
    List<R> filter(A first, Range<B> second);
}
