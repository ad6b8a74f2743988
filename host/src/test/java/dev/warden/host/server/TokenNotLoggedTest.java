package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.LocalIssuer;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenValidator;
import dev.warden.core.ValidationListener;
import dev.warden.core.VerifiedToken;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request that fails inside the host with an unexpected error (here a validation listener whose metrics library is
 * missing) is answered 500, and no log line carries the {@code ?token=} it came with: Jetty
 * logs a failed request's URI, which for a WebSocket upgrade from SpacetimeDB's SDKs holds the token.
 */
class TokenNotLoggedTest {

    /**
     * A listener whose metrics library is missing at run time: it throws an {@code Error}, which passes
     * TokenValidator's guard (that catches a listener's {@code RuntimeException}) and fails the request.
     */
    static final class BrokenListener implements ValidationListener {
        @Override
        public void accepted(VerifiedToken token, boolean fromCache) {
            throw new NoClassDefFoundError("io/micrometer/core/instrument/Counter");
        }

        @Override
        public void rejected(RejectionReason reason, String issuer) {
            throw new NoClassDefFoundError("io/micrometer/core/instrument/Counter");
        }
    }

    MockIssuer idp;
    TokenValidator validator;
    HostServer host;
    PrintStream err;
    ByteArrayOutputStream captured;

    @BeforeEach
    void start() {
        idp = MockIssuer.start();
        LocalIssuer local = LocalIssuer.builder().build();
        validator = TokenValidator.builder().trust(idp.trust().build()).trust(local.trustedIssuer())
                .listener(new BrokenListener()).build();
        Warden<BoardModule> warden = Warden.builder(PolicyEngine.builder().build().compile(BoardModule.class),
                new BoardModule()).validator(validator).claims(ClaimsMapper.builder()
                .roles(idp.issuer(), RoleMapping.spacetimeAuth()).anonymousIssuer(local.issuer()).build()).build();
        host = HostServer.builder(warden, validator, local).database("board").port(0).start();
        err = System.err;
        captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(err);
        host.close();
        validator.close();
        idp.close();
    }

    /** @return what was logged once the server has had time to log the failure */
    String log() throws InterruptedException {
        Thread.sleep(300);
        System.err.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFailedWebSocketUpgradeIs500AndItsTokenIsNotLogged() throws Exception {
        String token = idp.tokens().user("alice").sign();
        URI ws = URI.create("ws://127.0.0.1:" + host.port() + "/v1/database/board/subscribe?compression=None&token="
                + token);
        Throwable failure;
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v2.bsatn.spacetimedb")
                    .buildAsync(ws, new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS).abort();
            failure = null;
        } catch (ExecutionException | CompletionException e) {
            failure = e.getCause();
        }
        assertThat(failure).as("the upgrade must fail").isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) failure).getResponse().statusCode()).isEqualTo(500);
        String log = log();
        assertThat(log).contains("GET /v1/database/board/subscribe failed; answered 500",
                "java.lang.NoClassDefFoundError: io/micrometer/core/instrument/Counter");
        assertThat(log).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain(token.substring(0, token.indexOf('.')));
    }

    @Test
    void aFailedHttpCallIs500AndItsTokenIsNotLogged() throws Exception {
        String token = idp.tokens().user("alice").sign();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + host.port() + "/v1/database/board/call/touch?token=" + token))
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("internal error");
        assertThat(r.headers().firstValue("spacetime-identity-token")).isEmpty();
        String log = log();
        assertThat(log).contains("POST /v1/database/board/call/touch failed; answered 500",
                "java.lang.NoClassDefFoundError: io/micrometer/core/instrument/Counter");
        assertThat(log).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain(token.substring(0, token.indexOf('.')));
    }

    @Test
    void anUnknownRouteIs404AndItsErrorPageDoesNotEchoTheToken() throws Exception {
        String token = idp.tokens().user("alice").sign();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + host.port() + "/v1/nope?token=" + token)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("404 Not Found");
    }
}
