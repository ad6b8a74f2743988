package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket protocol as SpacetimeDB speaks it (issue 25): no extension negotiated, the subprotocol chosen by
 * SpacetimeDB's order of preference, v3's framing, and the {@code compression} query parameter.
 */
class WireProtocolTest {

    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /**
     * SpacetimeDB (tungstenite) negotiates no extension. Jetty accepted {@code permessage-deflate} by default, and
     * the {@code ws} package's deflate of frames the SDK reuses reached the host corrupted.
     */
    @Test
    void aClientOfferingPermessageDeflateIsUpgradedWithoutAnyExtension() throws Exception {
        String head = upgrade("Sec-WebSocket-Protocol: v2.bsatn.spacetimedb\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        assertThat(head).startsWith("HTTP/1.1 101 ");
        assertThat(head.toLowerCase()).doesNotContain("sec-websocket-extensions");
    }

    /** @return the head of the host's answer to a raw upgrade request with these extra header lines */
    String upgrade(String headers) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.host.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/database/board/subscribe?compression=None HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
