package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.db.Database;
import dev.warden.db.Db;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a procedure is told about its call, as SpacetimeDB's {@code ProcedureContext}: a procedure runs outside any
 * transaction (it may do I/O) and opens its own with {@link #withTx}, each of which commits or rolls back on its
 * own. Declare a parameter of this type and the host passes it. Immutable.
 */
public final class ProcedureContext {

    private final CallerContext caller;
    private final Instant timestamp;
    private final Identity moduleIdentity;
    private final Database database;

    /**
     * Made by a host for each call; module code receives it.
     *
     * @param caller who called
     * @param timestamp when the call started
     * @param moduleIdentity the module's own identity
     * @param database the module's database
     */
    public ProcedureContext(CallerContext caller, Instant timestamp, Identity moduleIdentity, Database database) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.moduleIdentity = Objects.requireNonNull(moduleIdentity, "moduleIdentity");
        this.database = Objects.requireNonNull(database, "database");
    }

    /** @return the caller's identity */
    public Identity sender() {
        return caller.sender();
    }

    /** @return the caller */
    public CallerContext caller() {
        return caller;
    }

    /** @return the caller's connection, if it has one */
    public Optional<ConnectionId> connectionId() {
        return caller.connectionId();
    }

    /** @return when the call started */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the module's own identity */
    public Identity moduleIdentity() {
        return moduleIdentity;
    }

    /**
     * Runs a transaction: all of its changes or, if {@code body} throws, none of them.
     *
     * @param body what it does with the tables
     * @param <T> its result
     * @return its result
     */
    public <T> T withTx(Function<Db, T> body) {
        Objects.requireNonNull(body, "body");
        return database.write(() -> body.apply(database.db()));
    }

    @Override
    public String toString() {
        return "ProcedureContext[" + caller + " at " + timestamp + "]";
    }
}
