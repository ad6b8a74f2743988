package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ConnectionId;
import dev.warden.host.internal.v2.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review MEDIUM 8: a client chooses its {@code connection_id}, and two live sockets with the same one were both
 * accepted. A live connection's id is now refused (400, as SpacetimeDB answers a bad connection id) until that
 * connection closes.
 */
class ConnectionIdTest {

    static final String IN_USE = "connection_id is in use by a live connection";
    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** An upgrade with this connection_id: the WsClient when accepted. */
    WsClient connect(String token, ConnectionId id) throws Exception {
        // WsClient appends "&token=" + its token to the URI
        return new WsClient(f.host.uri(), token + "&connection_id=" + id.toHex());
    }

    /** @return the refused upgrade's status and body */
    HttpResponse<?> refusedUpgrade(String token, ConnectionId id) throws Exception {
        URI ws = URI.create(f.host.uri().toString().replaceFirst("^http", "ws") + "/v1/database/board/subscribe"
                + "?token=" + token + "&connection_id=" + id.toHex());
        try {
            WebSocket s = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v2.bsatn.spacetimedb")
                    .buildAsync(ws, new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
            s.abort();
            throw new AssertionError("the upgrade with a live connection_id was accepted");
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse();
            }
            throw e;
        }
    }

    @Test
    void aLiveConnectionsIdIsRefusedUntilItCloses() throws Exception {
        ConnectionId id = ConnectionId.random();
        String alice = f.user("alice");
        try (WsClient first = connect(alice, id)) {
            assertThat(first.next(ServerMessage.InitialConnection.class).connectionId()).isEqualTo(id);
            HttpResponse<?> r = refusedUpgrade(f.user("mallory"), id);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo(IN_USE);
            // the same caller, a second socket, same id: refused as well
            assertThat(refusedUpgrade(alice, id).statusCode()).isEqualTo(400);
            assertThat(first.poll(200)).as("the first connection is undisturbed").isNull();
            first.socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
            assertThat(first.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        // released at close (the close is handled after the client sees it, so allow it a moment)
        assertThat(eventuallyAccepted(alice, id)).isEqualTo(id);
    }

    @Test
    void anIdRefusedAtConnectIsReleased() throws Exception {
        f.module.banned.add(f.identityOf("mallory"));
        ConnectionId id = ConnectionId.random();
        try (WsClient m = connect(f.user("mallory"), id)) {
            assertThat(m.closed.get(5, TimeUnit.SECONDS)).isIn(-1, 1006);
        }
        assertThat(eventuallyAccepted(f.user("alice"), id)).isEqualTo(id);
    }

    private ConnectionId eventuallyAccepted(String token, ConnectionId id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try (WsClient again = connect(token, id)) {
                return again.next(ServerMessage.InitialConnection.class).connectionId();
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the connection_id was not released within 5 s", e);
                }
                Thread.sleep(50);
            }
        }
    }
}
