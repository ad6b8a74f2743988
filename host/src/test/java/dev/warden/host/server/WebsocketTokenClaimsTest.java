package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: a trusted token with the claim {@code "x": 1e400} was answered 500 at
 * {@code POST /v1/identity/websocket-token}, with a stack trace in the log: re-signing threw the JSON library's own
 * exception. Whatever claim a validated token holds, the route answers a 4xx with a plain reason and logs no stack
 * trace. The core's validator may refuse such a number itself (401 {@code MALFORMED}); if it lets one through, the
 * re-signing path refuses it (400).
 */
class WebsocketTokenClaimsTest {

    final StaffHost h = new StaffHost();
    final PrintStream err = System.err;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        System.setErr(err);
        h.close();
    }

    @Test
    void aClaimTheHostCannotReSignIsAPlain4xxNeverA500() throws Exception {
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        for (String claim : new String[] {"1e400", "-1e400", "{\"deep\":[1,1e999]}"}) {
            HttpResponse<String> r = h.post("/v1/identity/websocket-token",
                    h.staticToken("alice", ",\"x\":" + claim));
            assertThat(r.statusCode()).as(claim + ": " + r.body()).isIn(400, 401);
            if (r.statusCode() == 400) {
                assertThat(r.body()).isEqualTo("the token cannot be exchanged: claim 'x' holds a number JSON cannot "
                        + "write (infinite or NaN): the token cannot be re-signed");
            } else {
                assertThat(r.body()).startsWith("MALFORMED");
            }
        }
        // the same token without the odd claim is exchanged
        assertThat(h.post("/v1/identity/websocket-token", h.staticToken("alice", ",\"x\":1")).statusCode())
                .isEqualTo(200);
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).doesNotContain("\tat ").doesNotContain("answered 500");
    }
}
