package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CORS on {@code /v1} as SpacetimeDB answers it (crates/client-api/src/routes/mod.rs: tower-http's
 * {@code CorsLayer} with any origin, any method, and the headers {@code authorization}, {@code accept},
 * {@code content-type}). A browser app reloaded with its saved token first POSTs it to
 * {@code /v1/identity/websocket-token} with an {@code Authorization} header, which needs a preflight: answered 404
 * before, and the app stayed on "Connecting...".
 */
class CorsTest {

    static final String ORIGIN = "http://app.example:5173";
    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    HttpResponse<String> preflight(String path) throws Exception {
        return f.http.send(HttpRequest.newBuilder(f.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePreflightOfTheTokenExchangeIsAllowed() throws Exception {
        HttpResponse<String> r = preflight("/v1/identity/websocket-token");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(r.headers().firstValue("access-control-allow-methods")).hasValue("*");
        assertThat(r.headers().firstValue("access-control-allow-headers")).hasValue("authorization,accept,content-type");
        assertThat(r.headers().firstValue("access-control-allow-credentials")).isEmpty();
        assertThat(r.headers().allValues("vary")).containsExactly(
                "origin, access-control-request-method, access-control-request-headers");
        // any path under /v1 (tower-http answers every OPTIONS there as a preflight), none elsewhere
        assertThat(preflight("/v1/database/board/call/add_note").statusCode()).isEqualTo(200);
        HttpResponse<String> outside = preflight("/elsewhere");
        assertThat(outside.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void aCrossOriginAnswerCarriesTheOriginHeaderWhateverItsStatus() throws Exception {
        HttpResponse<String> ok = f.http.send(HttpRequest.newBuilder(f.uri("/v1/identity/websocket-token"))
                .header("Origin", ORIGIN).header("Authorization", "Bearer " + f.user("alice"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertCors(ok);
        assertThat(ok.headers().firstValue("access-control-allow-methods")).as("preflight only").isEmpty();

        HttpResponse<String> refused = f.http.send(HttpRequest.newBuilder(f.uri("/v1/identity/websocket-token"))
                .header("Origin", ORIGIN).header("Authorization", "Bearer not-a-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertCors(refused);

        HttpResponse<String> call = f.post("/v1/database/board/call/nope", null, "[]");
        assertThat(call.statusCode()).isEqualTo(404);
        assertCors(call);
        HttpResponse<String> failing = f.post("/v1/database/board/call/add_note", "Bearer " + f.user("alice"),
                "[\" \"]");
        assertThat(failing.statusCode()).isEqualTo(530);
        assertCors(failing);
    }

    static void assertCors(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(r.headers().allValues("vary")).contains(
                "origin, access-control-request-method, access-control-request-headers");
    }
}
