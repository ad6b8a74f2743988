package dev.warden.host.server;

import dev.warden.db.Access;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.OnDisconnect;

/** Marks each connection online while it is connected. */
public class PresenceModule {

    /**
     * One row per connection.
     *
     * @param connection its id, in hex
     * @param online whether it is connected
     */
    @Table(name = "online", access = Access.PUBLIC)
    public record Online(@PrimaryKey String connection, boolean online) {}

    /** @param ctx the connection */
    @OnConnect
    public void connected(ReducerContext ctx) {
        ctx.db().table(Online.class).insert(new Online(ctx.connectionId().orElseThrow().toHex(), true));
    }

    /** @param ctx the connection */
    @OnDisconnect
    public void disconnected(ReducerContext ctx) {
        var online = ctx.db().table(Online.class);
        String me = ctx.connectionId().orElseThrow().toHex();
        if (online.delete(new Online(me, true))) {
            online.insert(new Online(me, false));
        }
    }
}
