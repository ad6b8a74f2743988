package dev.warden.storage;

/** When a transaction counts as stored, and so when its caller (and a client) hears that it succeeded. */
public enum Durability {
    /**
     * The default: a transaction returns only once it is synced to disk (fsync), so a crash or a power loss never
     * loses a transaction whose success was reported. Concurrent transactions share one sync (group commit).
     */
    DURABLE,
    /**
     * Faster, and lossy: a transaction returns once it is queued for writing; it is written within milliseconds
     * but not synced on each commit. A crash of the process may lose the transactions of the last few milliseconds
     * (those not yet written), a power loss those since SQLite's last checkpoint. Only for hosts that accept
     * losing recently acknowledged transactions.
     */
    RELAXED_MAY_LOSE_RECENT
}
