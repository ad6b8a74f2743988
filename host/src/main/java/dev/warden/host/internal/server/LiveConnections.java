package dev.warden.host.internal.server;

import dev.warden.core.ConnectionId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection ids of live WebSocket connections: claimed when the connection opens, released when it closes (or
 * is dropped at connect), so no two live connections share one. An upgrade that never opens (the client reset it
 * before the {@code 101}) never claims one, so it cannot leave one claimed.
 */
public final class LiveConnections {

    private final Set<ConnectionId> live = ConcurrentHashMap.newKeySet();

    /**
     * @param id the id a new connection would use
     * @return whether it was free, and is now claimed
     */
    boolean claim(ConnectionId id) {
        return live.add(id);
    }

    /**
     * @param id an id
     * @return whether a live connection holds it now
     */
    boolean inUse(ConnectionId id) {
        return live.contains(id);
    }

    /** @param id a claimed id, free again */
    void release(ConnectionId id) {
        live.remove(id);
    }
}
