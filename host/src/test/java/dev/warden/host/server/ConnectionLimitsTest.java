package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review 3, S3-3: one unauthenticated client held every connection the host serves by sending a header line every
 * few seconds (Jetty's idle timeout restarts at every byte, and the body deadline starts after the headers), so no
 * one else was served. A request's head now has a deadline, one address holds a bounded number of connections, and
 * a connection past a limit is refused at once instead of waiting in the backlog.
 *
 * <p>Tests tell addresses apart by binding their sockets to other loopback addresses (127.0.0.2 and up).
 */
class ConnectionLimitsTest {

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

    HostServer.Builder builder() {
        return HostServer.builder(f.warden, f.validator, f.local).database("board").owner(Fixture.OWNER);
    }

    /** A raw connection from a chosen loopback address. */
    static final class Raw implements AutoCloseable {
        final Socket socket = new Socket();
        final long opened;

        Raw(String from, int port) throws IOException {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            opened = System.nanoTime();
        }

        void write(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        /**
         * @param millis how long to wait for a byte
         * @return "open" if none came, "closed" if the host closed the connection, else what it answered (its
         *     status line)
         */
        String state(int millis) throws IOException {
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            try {
                int b = in.read();
                if (b == -1) {
                    return "closed";
                }
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                while (b != -1 && b != '\r') {
                    line.write(b);
                    b = in.read();
                }
                return line.toString(StandardCharsets.US_ASCII);
            } catch (SocketTimeoutException e) {
                return "open";
            } catch (IOException e) {
                return "closed";   // reset
            }
        }

        /** Reads an answer's head and its body (Content-Length), leaving the connection at the next request. */
        String answer() throws IOException {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b == -1) {
                    throw new IOException("closed after " + head);
                }
                head.write(b);
            }
            String h = head.toString(StandardCharsets.US_ASCII);
            int length = 0;
            for (String l : h.split("\r\n")) {
                if (l.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return h.substring(0, h.indexOf("\r\n"));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Trickles a request head, a header line every 100 ms, until the host closes the connection or 10 s pass.
     *
     * @return what happened, and after how long from the connection's opening
     */
    static String trickleHead(Raw c) throws IOException {
        c.write("POST /v1/identity HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        while (System.nanoTime() - c.opened < TimeUnit.SECONDS.toNanos(10)) {
            try {
                c.write("X-Slow: 1\r\n");
            } catch (IOException e) {
                return "closed";
            }
            String s = c.state(100);
            if (!s.equals("open")) {
                return s;
            }
        }
        return "open after 10 s";
    }

    /** {@code POST /v1/identity} through the fixture's client, which keeps its connection alive between calls. */
    HttpResponse<String> newIdentity(HostServer host) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(host.uri().resolve("/v1/identity"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
        return f.http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestHeadTrickledInIsCutOffAtTheHeadDeadline() throws Exception {
        limited = builder().requestHeadTimeout(Duration.ofSeconds(1)).start();
        try (Raw c = new Raw("127.0.0.1", limited.port())) {
            assertThat(trickleHead(c)).isEqualTo("closed");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.opened)).as("not before the deadline")
                    .isGreaterThanOrEqualTo(1_000L);
        }
    }

    @Test
    void theNextRequestHeadOnAKeptAliveConnectionHasTheDeadlineToo() throws Exception {
        limited = builder().requestHeadTimeout(Duration.ofSeconds(1)).start();
        try (Raw c = new Raw("127.0.0.1", limited.port())) {
            c.write("GET /v1/identity/public-key HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(c.answer()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(trickleHead(c)).isEqualTo("closed");
        }
    }

    @Test
    void aWebSocketOutlivesTheHeadDeadline() throws Exception {
        limited = builder().requestHeadTimeout(Duration.ofMillis(300)).start();
        try (WsClient c = new WsClient(limited.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            Thread.sleep(1_000);
            c.send(WebSocketTest.reducer(1, "touch", new byte[0]));
            assertThat(c.next(ServerMessage.ReducerResult.class).requestId()).isEqualTo(1);
            c.send(new ClientMessage.OneOffQuery(2, "SELECT * FROM counts"));
            assertThat(c.next(ServerMessage.OneOffQueryResult.class).requestId()).isEqualTo(2);
        }
    }

    @Test
    void theConnectionPastOneAddresssLimitIsRefusedAtOnceAndOthersAreServed() throws Exception {
        limited = builder().maxConnectionsPerAddress(3).start();
        List<Raw> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Raw c = new Raw("127.0.0.2", limited.port());
                held.add(c);
                c.write("POST /v1/identity HTTP/1.1\r\nHost: 127.0.0.1\r\n");   // a head never finished
            }
            for (Raw c : held) {
                assertThat(c.state(200)).isEqualTo("open");
            }
            try (Raw fourth = new Raw("127.0.0.2", limited.port())) {
                assertThat(fourth.state(5_000)).as("refused, not left waiting").isIn("HTTP/1.1 503 Service Unavailable",
                        "closed");
            }
            // another address is served
            try (Raw other = new Raw("127.0.0.3", limited.port())) {
                other.write("POST /v1/identity HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
                assertThat(other.answer()).isEqualTo("HTTP/1.1 200 OK");
            }
            assertThat(newIdentity(limited).statusCode()).isEqualTo(200);

            // a closed connection frees its place (once the host has seen it close)
            held.remove(0).close();
            String answer = "never served";
            for (int attempt = 0; attempt < 50 && !answer.equals("HTTP/1.1 200 OK"); attempt++) {
                try (Raw again = new Raw("127.0.0.2", limited.port())) {
                    again.write("POST /v1/identity HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
                    answer = again.answer();
                } catch (IOException refused) {
                    Thread.sleep(100);
                }
            }
            assertThat(answer).isEqualTo("HTTP/1.1 200 OK");
        } finally {
            for (Raw c : held) {
                c.close();
            }
        }
    }

    @Test
    void aLegitimateClientIsServedWhileOneAddressTricklesHeadsOnManyConnections() throws Exception {
        limited = builder().maxConnections(8).maxConnectionsPerAddress(4).requestHeadTimeout(Duration.ofSeconds(2))
                .start();
        List<Raw> attack = new ArrayList<>();
        try {
            int refused = 0;
            for (int i = 0; i < 20; i++) {
                Raw c = new Raw("127.0.0.2", limited.port());
                attack.add(c);
                c.write("POST /v1/identity HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            }
            for (Raw c : attack) {
                String state;
                try {
                    c.write("X-Slow: 1\r\n");
                    state = c.state(100);
                } catch (IOException e) {
                    state = "closed";
                }
                refused += state.equals("open") ? 0 : 1;
            }
            assertThat(refused).as("connections of the attacking address refused").isEqualTo(16);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = newIdentity(limited);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        } finally {
            for (Raw c : attack) {
                c.close();
            }
        }
    }
}
