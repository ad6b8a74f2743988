package dev.warden.db;

import java.time.Instant;

/**
 * The database as a reducer, view or procedure sees it: its tables by row type. Valid only inside a transaction
 * or read of its {@link Database}, on that call's thread; anywhere else an access is refused
 * ({@link DatabaseException.Reason#NO_TRANSACTION}).
 */
public interface Db {

    /**
     * @param rowType a row record of this database
     * @param <R> the row type
     * @return its table
     * @throws DatabaseException {@code NO_SUCH_TABLE} if the database has no table of that row type
     */
    <R extends Record> TableHandle<R> table(Class<R> rowType);

    /** @return the current transaction's timestamp (the time a read started, in a read) */
    Instant timestamp();
}
