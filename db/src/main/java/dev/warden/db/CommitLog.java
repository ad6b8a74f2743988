package dev.warden.db;

import java.util.concurrent.CompletableFuture;

/**
 * SPI: where a {@link Database} makes its commits durable (warden-storage implements it over an embedded engine).
 * Attached with {@link Database#attach(CommitLog)}; the in-memory tables stay the read path, the log only records.
 */
public interface CommitLog {

    /**
     * Records one commit. Called for every commit that changed a row, in commit order, on the committing thread
     * while it holds the database (so the log sees commits in exactly the order they were applied), after the
     * tables changed and before the commit listeners are told. It must not wait for I/O: it queues the commit and
     * returns what completes once the commit is durable.
     *
     * @param commit what changed
     * @return completes when the commit is durable, or exceptionally with the reason it never will be; the
     *     futures of successive commits complete in commit order
     * @throws RuntimeException to refuse the commit (the log has failed or is closed): the transaction is rolled
     *     back, the listeners are not told, and the exception reaches the transaction's caller
     */
    CompletableFuture<Void> append(Commit commit);
}
