package dev.warden.db;

/**
 * Told of every commit that changed a row, in commit order, while the database is still held by the committing
 * thread (so what it sends is ordered with the commits); it must not block. If a listener throws, the commit
 * stands, the other listeners are still told, and the first exception is thrown to the transaction's caller.
 */
@FunctionalInterface
public interface CommitListener {
    /** @param commit what changed */
    void committed(Commit commit);
}
