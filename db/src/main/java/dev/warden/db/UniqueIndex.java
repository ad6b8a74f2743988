package dev.warden.db;

import java.util.Optional;

/**
 * A primary key or unique column: find, update and delete by its value.
 *
 * @param <R> the row type
 * @param <K> the column's type
 */
public interface UniqueIndex<R extends Record, K> {

    /**
     * @param key a value
     * @return the row holding it
     */
    Optional<R> find(K key);

    /**
     * Replaces the row holding {@code row}'s value in this column with {@code row}: clients see an update.
     *
     * @param row the new row
     * @return the row as stored
     * @throws DatabaseException {@code NOT_FOUND} if no row holds that value, {@code UNIQUE_VIOLATION} if the new
     *     row's other unique values belong to other rows (nothing changes)
     */
    R update(R row);

    /**
     * @param key a value
     * @return whether a row held it (and was deleted)
     */
    boolean delete(K key);
}
