package dev.warden.db;

import java.util.Objects;

/**
 * A refused table operation, with a stable {@link Reason}. Thrown inside a transaction, it rolls the whole
 * transaction back (unless the module catches it), as SpacetimeDB rolls back a reducer that fails.
 */
public final class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation was refused; the names are stable. */
    public enum Reason {
        /** An insert or update would give two rows the same value in a unique column or primary key. */
        UNIQUE_VIOLATION,
        /** An update by key named a key no row holds. */
        NOT_FOUND,
        /** A change inside a read-only call (a view). */
        READ_ONLY,
        /** Table access outside a transaction or read of this database, or from another thread. */
        NO_TRANSACTION,
        /** A row type this database has no table for. */
        NO_SUCH_TABLE,
        /** A column used as a unique key or an index that is not declared as one. */
        NO_SUCH_INDEX,
        /** A {@link Column} lambda that is not a reference to one of the row record's accessors. */
        NOT_A_COLUMN,
        /** An auto-increment column has no values left in its type. */
        SEQUENCE_EXHAUSTED,
        /** A null row or a null in a column of a primitive, key or indexed column. */
        NULL_VALUE
    }

    private final Reason reason;
    private final String table;

    /**
     * @param reason why
     * @param table the table's name, or null if there is none
     * @param message what happened, naming the table and the column
     */
    public DatabaseException(Reason reason, String table, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.table = table;
    }

    /** @return why the operation was refused */
    public Reason reason() {
        return reason;
    }

    /** @return the table's name, or null */
    public String table() {
        return table;
    }
}
