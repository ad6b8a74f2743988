package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.V2Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review HIGH 3 and MEDIUM 7: what a slow or silent client can hold. A WebSocket client that stops reading while
 * results queue for it, an HTTP body sent a byte at a time, and more connections than the host serves.
 */
class ResourceLimitsTest {

    Fixture f;
    HostServer limited;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        if (limited != null) {
            limited.close();
        }
        f.close();
    }

    /** A second host on the fixture's module, with small limits. */
    HostServer.Builder builder() {
        return HostServer.builder(f.warden, f.validator, f.local).database("board").owner(Fixture.OWNER);
    }

    /** Counts what arrives, and reads only while let. */
    static final class Reader implements WebSocket.Listener {
        final AtomicInteger messages = new AtomicInteger();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile boolean reading = true;

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (last) {
                messages.incrementAndGet();
            }
            if (reading) {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }

    @Test
    void aWebSocketClientThatStopsReadingIsDropped() throws Exception {
        limited = builder().maxQueuedMessages(4).start();
        String alice = f.user("alice");
        try (WsClient writer = new WsClient(limited.uri(), alice)) {
            writer.next(dev.warden.host.internal.v2.ServerMessage.InitialConnection.class);
            for (int i = 0; i < 8; i++) {
                writer.send(WebSocketTest.reducer(i, "add_note", WebSocketTest.string(("n" + i).repeat(30_000))));
                writer.next(dev.warden.host.internal.v2.ServerMessage.ReducerResult.class);
            }
        }
        Reader reader = new Reader();
        URI uri = URI.create(limited.uri().toString().replaceFirst("^http", "ws") + "/v1/database/board/subscribe"
                + "?token=" + alice);
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(V2Protocol.SUBPROTOCOL)
                .buildAsync(uri, reader).get(5, TimeUnit.SECONDS);
        try {
            reader.reading = false; // InitialConnection is the one message requested
            int sent = 150;
            byte[] query = V2Protocol.encodeClientMessage(new ClientMessage.OneOffQuery(1, "SELECT * FROM notes"));
            for (int i = 0; i < sent; i++) { // ~480 KB of answer each, none read
                ws.sendBinary(ByteBuffer.wrap(query), true).get(5, TimeUnit.SECONDS);
            }
            // the host's writer answers the queries after they arrive; on a loaded machine that takes a while
            Thread.sleep(2_000);
            reader.reading = true;
            ws.request(Long.MAX_VALUE);
            // dropped without a close frame: an error (connection reset), or 1006 "closed abnormally"
            assertThat(reader.closed.get(20, TimeUnit.SECONDS)).as("dropped by the host").isIn(-1, 1006);
            assertThat(reader.messages.get()).as("InitialConnection and the answers that reached the client")
                    .isLessThan(sent);
        } finally {
            ws.abort();
        }
    }

    @Test
    void anHttpBodyTrickledInIsCutOffAtTheDeadline() throws Exception {
        limited = builder().requestBodyTimeout(Duration.ofMillis(500)).start();
        try (Socket s = new Socket("127.0.0.1", limited.port())) {
            s.setSoTimeout(150);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST /v1/database/board/call/touch HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            String outcome = "still open after 4 s";
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4)) {
                try {
                    out.write(' '); // one byte each 150 ms: never idle
                    out.flush();
                    int b = in.read();
                    outcome = b == -1 ? "closed" : "answered";
                    break;
                } catch (SocketTimeoutException e) {
                    // nothing yet
                } catch (IOException e) {
                    outcome = "closed";
                    break;
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(outcome).isEqualTo("closed");
            assertThat(millis).as("dropped at the 500 ms deadline").isBetween(300L, 3_000L);
        }
    }

    @Test
    void pastMaxConnectionsTheNextIsRefusedAtOnceUntilOneCloses() throws Exception {
        limited = builder().maxConnections(2).start();
        WsClient a = new WsClient(limited.uri(), f.user("alice"));
        WsClient b = new WsClient(limited.uri(), f.user("bob"));
        a.next(dev.warden.host.internal.v2.ServerMessage.InitialConnection.class);
        b.next(dev.warden.host.internal.v2.ServerMessage.InitialConnection.class);
        try (ConnectionLimitsTest.Raw third = new ConnectionLimitsTest.Raw("127.0.0.1", limited.port())) {
            // answered at once instead of left waiting in the backlog
            assertThat(third.state(5_000)).isIn("HTTP/1.1 503 Service Unavailable", "closed");
        }
        b.socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        b.closed.get(5, TimeUnit.SECONDS);
        // served once the host has seen the connection close
        HttpRequest again = HttpRequest.newBuilder(limited.uri().resolve("/v1/identity"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
        int status = 0;
        for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
            try {
                status = HttpClient.newHttpClient().send(again, HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException refused) {
                status = -1;
            }
            if (status != 200) {
                Thread.sleep(100);
            }
        }
        assertThat(status).isEqualTo(200);
        a.close();
        b.close();
    }
}
