package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.db.Db;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a reducer, a lifecycle hook ({@code @OnConnect}, {@code @OnDisconnect}, {@code @Init}) or a scheduled reducer
 * is told about its call, as SpacetimeDB's {@code ReducerContext}: declare a parameter of this type (anywhere in
 * the parameter list) and the host passes it; clients never send it.
 *
 * <pre>{@code
 * @Reducer("set_name")
 * public void setName(ReducerContext ctx, String name) {
 *     var users = ctx.db().table(User.class);
 *     User me = users.unique(User::identity).find(ctx.sender()).orElseThrow();
 *     users.unique(User::identity).update(new User(me.identity(), name, me.online()));
 * }
 * }</pre>
 *
 * Immutable; valid for the call it was made for (its {@link #db()} refuses use once the call has returned).
 */
public final class ReducerContext {

    private final CallerContext caller;
    private final Instant timestamp;
    private final Identity moduleIdentity;
    private final Db db;

    /**
     * Made by a host for each call; module code receives it.
     *
     * @param caller who called (for scheduled reducers and {@code @Init}, the module or its owner, internal)
     * @param timestamp the transaction's timestamp
     * @param moduleIdentity the module's own identity
     * @param db the database, in this call's transaction
     */
    public ReducerContext(CallerContext caller, Instant timestamp, Identity moduleIdentity, Db db) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.moduleIdentity = Objects.requireNonNull(moduleIdentity, "moduleIdentity");
        this.db = Objects.requireNonNull(db, "db");
    }

    /** @return the caller's identity */
    public Identity sender() {
        return caller.sender();
    }

    /** @return the caller: identity, kind, roles, scopes and claims, as Warden read them from its token */
    public CallerContext caller() {
        return caller;
    }

    /** @return the caller's connection; absent for scheduled reducers, {@code @Init} and HTTP calls without one */
    public Optional<ConnectionId> connectionId() {
        return caller.connectionId();
    }

    /** @return the transaction's timestamp: the one clients receive with the call's result */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the module's own identity (the sender of its scheduled reducers) */
    public Identity moduleIdentity() {
        return moduleIdentity;
    }

    /** @return the module's tables, in this call's transaction */
    public Db db() {
        return db;
    }

    @Override
    public String toString() {
        return "ReducerContext[" + caller + " at " + timestamp + "]";
    }
}
