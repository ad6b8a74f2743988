package dev.warden.host.internal.server;

import dev.warden.core.ConnectionId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection ids of live WebSocket connections: claimed before the upgrade, released when the connection
 * closes (or is dropped at connect), so no two live connections share one.
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

    /** @param id a claimed id, free again */
    void release(ConnectionId id) {
        live.remove(id);
    }
}
