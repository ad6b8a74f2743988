package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call the host answers before reading its body (a malformed Authorization, a refused token) leaves the
 * connection usable: the demo's walkthrough, a keep-alive client, failed about 2 runs in 5 with "header parser
 * received no bytes" when the host closed the connection under the client's next request.
 */
class EarlyAnswerKeepAliveTest {

    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** Reads one response (head and a Content-Length body); null if the connection ended first. */
    static String response(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head.toString().split("\r\n")[0] + " " + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedCallsBodyArrivingAfterItsHeadersStillLeavesTheConnectionForTheNextRequest() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.host.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (String auth : new String[] {"Basic Zm9vOmJhcg==", "Bearer not-a-token"}) {
                out.write(("POST /v1/database/board/call/touch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                        + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);   // the body comes after the host could have answered from the headers
                out.write("[]".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = response(in);
                assertThat(answer).as(auth).isNotNull().startsWith("HTTP/1.1 40");
            }
            out.write("GET /v1/identity/public-key HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(response(in)).as("the same connection serves the next request").startsWith("HTTP/1.1 200")
                    .contains("BEGIN PUBLIC KEY");
        }
    }
}
