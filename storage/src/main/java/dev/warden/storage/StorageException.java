package dev.warden.storage;

import java.util.Objects;

/** A store that cannot be opened, read or written, with a stable {@link Reason}. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why; the names are stable. */
    public enum Reason {
        /** The data directory cannot be created, written or locked (another process holds it). */
        UNWRITABLE,
        /** The store's file is not a Warden store, is damaged, or holds a row that cannot be decoded. */
        CORRUPT,
        /** The module's tables changed in a way the stored rows cannot follow (a table or column removed, a
         *  column retyped, a nested record's field changed, an enum's or sum's variants reordered, renamed or
         *  removed, a new column that is not {@code Optional}); the message names each table and column. */
        INCOMPATIBLE_SCHEMA,
        /** A column's type cannot be stored by the row format. */
        UNSUPPORTED_TYPE,
        /** A commit could not be written or synced (disk full, I/O error): it was not acknowledged, and the store
         *  refuses every later commit until the host restarts and recovers the last durable state. */
        WRITE_FAILED,
        /** The store is closed. */
        CLOSED,
        /** A restore or an open into something that already holds data. */
        NOT_EMPTY
    }

    private final Reason reason;

    /**
     * @param reason why
     * @param message what happened
     * @param cause the engine's exception, or null
     */
    public StorageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why */
    public Reason reason() {
        return reason;
    }
}
