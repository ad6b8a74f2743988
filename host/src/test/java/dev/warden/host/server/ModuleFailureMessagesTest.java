package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.BsatnReader;
import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.host.Warden;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review LOW 11: a module's exception message went to the client verbatim, and the JDK's helpful
 * NullPointerException text names the module's variables and methods. A module's deliberate refusals
 * (IllegalArgumentException, IllegalStateException) still pass; anything else is a generic text with an error id.
 */
class ModuleFailureMessagesTest {

    static final String GENERIC = "the module failed \\(error id [0-9a-f]{16}\\)";

    /** A module whose reducers fail on purpose and by accident. */
    public static class Failing {
        private final Map<String, String> secretsByName = Map.of();

        @Reducer("refuse")
        @Public
        public void refuse() {
            throw new IllegalStateException("not now");
        }

        @Reducer("crash")
        @Public
        public void crash() {
            String internalSecretField = secretsByName.get("x");
            internalSecretField.length();
        }
    }

    final LocalIssuer local = LocalIssuer.builder().build();
    final TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
    HostServer host;

    @BeforeEach
    void start() {
        Warden<Failing> warden = Warden.builder(PolicyEngine.builder().build().compile(Failing.class), new Failing())
                .validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
        host = HostServer.builder(warden, validator, local).database("board").start();
    }

    @AfterEach
    void stop() {
        host.close();
        validator.close();
    }

    HttpResponse<String> call(String reducer) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(host.uri().resolve("/v1/database/board/call/"
                + reducer)).POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void overHttpAnUnexpectedExceptionIsGenericAndADeliberateOneKeepsItsMessage() throws Exception {
        HttpResponse<String> crash = call("crash");
        assertThat(crash.statusCode()).isEqualTo(530);
        assertThat(crash.body()).matches(GENERIC).doesNotContain("internalSecretField", "length", "Failing");
        HttpResponse<String> refuse = call("refuse");
        assertThat(refuse.statusCode()).isEqualTo(530);
        assertThat(refuse.body()).isEqualTo("not now");
    }

    @Test
    void overTheWebSocketLikewise() throws Exception {
        try (WsClient c = new WsClient(host.uri(), null)) {
            c.next(ServerMessage.InitialConnection.class);
            c.send(WebSocketTest.reducer(1, "crash", new byte[0]));
            ReducerOutcome crash = c.next(ServerMessage.ReducerResult.class).result();
            assertThat(new BsatnReader(((ReducerOutcome.Err) crash).error()).readString()).matches(GENERIC);
            c.send(WebSocketTest.reducer(2, "refuse", new byte[0]));
            assertThat(c.next(ServerMessage.ReducerResult.class).result()).isEqualTo(ReducerOutcome.Err.of("not now"));
        }
    }
}
