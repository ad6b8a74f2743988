package dev.warden.host.internal.server;

import dev.warden.core.ConnectionId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection ids of live WebSocket connections: claimed when the connection opens, released when it closes (or
 * is dropped at connect), so no two live connections share one. An upgrade that never opens (the client reset it
 * before the {@code 101}) never claims one, so it cannot leave one claimed.
 */
public final class LiveConnections {

    /** Each live id, and the connection that claimed it. */
    private final Map<ConnectionId, Object> live = new ConcurrentHashMap<>();

    /**
     * @param id the id a new connection would use
     * @param owner the connection claiming it
     * @return whether it was free, and is now claimed
     */
    boolean claim(ConnectionId id, Object owner) {
        return live.putIfAbsent(id, owner) == null;
    }

    /**
     * @param id an id
     * @return whether a live connection holds it now
     */
    boolean inUse(ConnectionId id) {
        return live.containsKey(id);
    }

    /**
     * Frees an id, if this owner holds it: a connection ended twice (Jetty reports a failed connection's error,
     * then its close) never frees the id of the connection that claimed it in between.
     *
     * @param id a claimed id
     * @param owner the connection that claimed it
     */
    void release(ConnectionId id, Object owner) {
        live.remove(id, owner);
    }
}
