package dev.warden.db;

/** How an index is kept. */
public enum IndexType {
    /** Ordered: equality, prefixes of multi-column indexes, and ranges; its columns must be {@code Comparable}. */
    BTREE,
    /** Hashed: equality only, in constant time. */
    HASH
}
