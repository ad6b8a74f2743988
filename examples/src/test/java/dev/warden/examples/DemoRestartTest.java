package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo keeps its tables and its local issuer's keys in its data directory: a ban survives a restart. */
class DemoRestartTest {

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> post(URI host, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(host.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Demo.Running start(ByteArrayOutputStream printed) throws Exception {
        return Demo.start(new String[] {"--port", "0", "--data", data.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBannedIdentityStaysBannedAcrossARestart() throws Exception {
        String token;
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        try (Demo.Running demo = start(first)) {
            assertThat(first.toString(StandardCharsets.UTF_8)).contains("Tables kept in " + data.toAbsolutePath());
            URI host = demo.host().uri();
            @SuppressWarnings("unchecked")
            Map<String, String> id = new ObjectMapper().readValue(post(host, "/v1/identity", null, "").body(),
                    Map.class);
            token = id.get("token");
            // before the ban it connects (the reducer's rule then wants a signed-in user: 530)
            assertThat(post(host, "/v1/database/chat/call/create_post", token, "[\"before the ban\"]").statusCode())
                    .isEqualTo(530);
            String bob = demo.embedded().tokens().user("bob").roles("admin").sign();
            assertThat(post(host, "/v1/database/chat/call/ban_user", bob, "[\"" + id.get("identity") + "\"]")
                    .statusCode()).isEqualTo(200);
            assertThat(post(host, "/v1/database/chat/call/create_post", token, "[\"banned\"]").statusCode())
                    .isEqualTo(403);
        }
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (Demo.Running demo = start(second)) {
            assertThat(second.toString(StandardCharsets.UTF_8)).contains("Kept from earlier runs: ")
                    .containsPattern("2 rows in banned");   // the walkthrough's ban and this test's
            // the same anonymous token still validates (the local issuer's keys were kept), and is turned away
            HttpResponse<String> r = post(demo.host().uri(), "/v1/database/chat/call/create_post", token,
                    "[\"after the restart\"]");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("you are banned");
        }
    }

    @Test
    @SuppressWarnings("try")   // the demo runs while its directories are checked
    void aNewDataDirectoryAndItsKeyDirectoryAreTheOwnersAlone() throws Exception {
        // the build's machines are Linux: a file system without POSIX permissions fails here rather than skipping
        assertThat(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews())
                .as("POSIX permissions on the build's file system").contains("posix");
        Path fresh = data.resolve("new");
        try (Demo.Running demo = Demo.start(new String[] {"--port", "0", "--data", fresh.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(fresh))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            assertThat(java.nio.file.Files.getPosixFilePermissions(fresh.resolve("keys")))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }
}
