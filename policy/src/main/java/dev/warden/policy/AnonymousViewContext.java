package dev.warden.policy;

import dev.warden.db.Db;
import java.util.Objects;

/**
 * What a view whose rows are the same for every caller is told, as SpacetimeDB's {@code AnonymousViewContext}: a
 * read-only database and nothing about the caller, so a host may run it once for all its subscribers (the view's
 * access rule is still checked for each). Declare a parameter of this type and the host passes it. Immutable.
 */
public final class AnonymousViewContext {

    private final Db db;

    /**
     * Made by a host for each call; module code receives it.
     *
     * @param db the database, read-only
     */
    public AnonymousViewContext(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** @return the module's tables, read-only */
    public Db db() {
        return db;
    }

    @Override
    public String toString() {
        return "AnonymousViewContext";
    }
}
