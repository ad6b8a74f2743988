package dev.warden.host.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ConnectionId;
import org.junit.jupiter.api.Test;

/**
 * Jetty ends a connection that failed twice over: {@code onWebSocketError}, then {@code onWebSocketClose}, and the
 * host ends its session on each. Releasing a connection id twice freed it for whoever claimed it in between (a
 * client reconnecting with its connection_id), so two live connections could share one. A release frees only the
 * claim of the connection that made it.
 */
class LiveConnectionsTest {

    @Test
    void aSecondReleaseByAConnectionThatAlreadyReleasedLeavesTheNextClaimAlone() {
        LiveConnections live = new LiveConnections();
        ConnectionId id = ConnectionId.random();
        Object failed = new Object();
        Object reconnected = new Object();
        assertThat(live.claim(id, failed)).isTrue();
        live.release(id, failed);                      // onWebSocketError
        assertThat(live.claim(id, reconnected)).isTrue();
        live.release(id, failed);                      // onWebSocketClose of the failed connection, late
        assertThat(live.inUse(id)).as("the reconnected connection still holds its id").isTrue();
        assertThat(live.claim(id, new Object())).isFalse();
        live.release(id, reconnected);
        assertThat(live.inUse(id)).isFalse();
    }
}
