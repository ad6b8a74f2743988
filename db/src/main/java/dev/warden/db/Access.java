package dev.warden.db;

/** Who may read a table, as SpacetimeDB's table access. */
public enum Access {
    /** Clients may subscribe to it and query it; the module's row rules decide which rows each caller sees. */
    PUBLIC,
    /** Only the module (and the database owner's SQL) reads it; it is never sent to clients. */
    PRIVATE
}
