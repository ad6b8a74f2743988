package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.host.HostServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PortServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesATemplatesPortUnderItsDatabaseNameToAnAnonymousIdentity() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (HostServer host = PortServer.start(new String[] {"quickstart-chat", "--port", "0"},
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("Warden host serving the quickstart-chat"
                    + " port as database 'quickstart-chat' on ws://127.0.0.1:" + host.port() + "\n");
            HttpResponse<String> identity = HTTP.send(HttpRequest.newBuilder(host.uri().resolve("/v1/identity"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(identity.statusCode()).isEqualTo(200);
            JsonNode minted = new ObjectMapper().readTree(identity.body());
            String token = minted.path("token").asText();
            // an HTTP call connects the caller first (its user row), as SpacetimeDB's does; the port's rules apply
            assertThat(call(host, token, "set_name", "[\"Ada\"]").statusCode()).isEqualTo(200);
            HttpResponse<String> empty = call(host, token, "send_message", "[\"\"]");
            assertThat(empty.statusCode()).isEqualTo(530);
            assertThat(empty.body()).isEqualTo("Messages must not be empty");
        }
    }

    private static HttpResponse<String> call(HostServer host, String token, String reducer, String args)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(host.uri().resolve("/v1/database/quickstart-chat/call/" + reducer))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(args)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withADataDirectoryAnIdentityAndItsRowsSurviveARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String[] args = {"quickstart-chat", "--port", "0", "--data", dir.resolve("data").toString()};
        String token;
        try (HostServer host = PortServer.start(args, out)) {
            token = new ObjectMapper().readTree(HTTP.send(HttpRequest.newBuilder(host.uri().resolve("/v1/identity"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .path("token").asText();
            assertThat(call(host, token, "set_name", "[\"Ada\"]").statusCode()).isEqualTo(200);
        }
        try (HostServer host = PortServer.start(args, out)) {
            // the same key pair signed the token, so it is still the same identity; its user row was kept
            HttpResponse<String> rows = HTTP.send(HttpRequest.newBuilder(
                            host.uri().resolve("/v1/database/quickstart-chat/sql"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("SELECT name FROM user")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rows.statusCode()).as(rows.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(rows.body()).path(0).path("rows").toString())
                    .isEqualTo("[[[0,\"Ada\"]]]");
        }
    }

    @Test
    void anUnknownTemplateOrOptionIsRefusedWithTheChoices() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PortServer.start(new String[] {"chat"}, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name a template first: one of [keynote, money-exchange, quickstart-chat]");
        assertThatThrownBy(() -> PortServer.start(new String[] {"keynote", "--keys", "x"}, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --keys (--port N, --database NAME, --data DIR)");
    }
}
