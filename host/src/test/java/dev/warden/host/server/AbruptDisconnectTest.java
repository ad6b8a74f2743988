package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 row 13: a client that vanishes (its TCP connection reset, no close frame) is an ordinary event: no WARN
 * "Unhandled Error ... ClosedChannelException" in the log, and the module's {@code @OnDisconnect} still runs.
 */
class AbruptDisconnectTest {

    Fixture f;
    PrintStream err;
    ByteArrayOutputStream captured;

    @BeforeEach
    void start() {
        f = new Fixture();
        err = System.err;
        captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(err);
        f.close();
    }

    private java.util.List<String> lifecycle() {
        synchronized (f.module) {
            return java.util.List.copyOf(f.module.lifecycle);
        }
    }

    @Test
    void aResetConnectionRunsTheDisconnectHookAndLogsNoWarning() throws Exception {
        String token = f.user("alice");
        String hex = f.identityOf("alice").toHex();
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.host.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/database/board/subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Protocol: v2.bsatn.spacetimedb\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the upgrade's answer: " + head).isNotNegative();
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            // the server's first message (IdentityToken) proves the session is open
            assertThat(in.read()).isNotNegative();
            s.setSoLinger(true, 0);   // close() now resets the connection: no close frame, no FIN
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!lifecycle().contains("disconnect " + hex) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lifecycle()).contains("disconnect " + hex);
        Thread.sleep(200);
        System.err.flush();
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("WARN").doesNotContain("Unhandled Error").doesNotContain("ClosedChannel")
                .doesNotContain("EofException");
    }
}
