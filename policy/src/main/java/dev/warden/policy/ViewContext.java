package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.db.Db;
import java.util.Objects;

/**
 * What a view is told about its call, as SpacetimeDB's {@code ViewContext}: the caller and a read-only database (a
 * change is refused with {@code DatabaseException.Reason.READ_ONLY}). Declare a parameter of this type and the host
 * passes it. Immutable.
 */
public final class ViewContext {

    private final CallerContext caller;
    private final Db db;

    /**
     * Made by a host for each call; module code receives it.
     *
     * @param caller who reads
     * @param db the database, read-only
     */
    public ViewContext(CallerContext caller, Db db) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.db = Objects.requireNonNull(db, "db");
    }

    /** @return the caller's identity */
    public Identity sender() {
        return caller.sender();
    }

    /** @return the caller */
    public CallerContext caller() {
        return caller;
    }

    /** @return the module's tables, read-only */
    public Db db() {
        return db;
    }

    @Override
    public String toString() {
        return "ViewContext[" + caller + "]";
    }
}
