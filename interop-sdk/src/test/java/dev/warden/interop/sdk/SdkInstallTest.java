package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build installs the pinned SDK into target/sdk, compiles the bindings against it and runs the driver. */
class SdkInstallTest {

    @Test
    void installsThePinnedSdkAndAWebSocketForNode20IntoTheBuildDirectory() {
        NodeSdk sdk = NodeSdk.get();
        assertThat(sdk.work()).endsWith(java.nio.file.Path.of("target", "sdk"));
        assertThat(NodeSdk.installedVersion(sdk.work().resolve("node_modules/spacetimedb/package.json")))
                .isEqualTo("2.10.1");
        // Node 20 has no global WebSocket; the SDK then imports undici's (its optional peer dependency).
        assertThat(NodeSdk.installedVersion(sdk.work().resolve("node_modules/undici/package.json")))
                .isEqualTo("6.29.1");
        assertThat(sdk.work().resolve("out/scenario.js")).isRegularFile();
        assertThat(sdk.work().resolve("out/module_bindings/index.js")).isRegularFile();
        System.out.printf("node %s; npm ci %d ms; tsc %d ms%n", sdk.nodeVersion(), sdk.installTime().toMillis(),
                sdk.compileTime().toMillis());
    }

    @Test
    void theDriverRefusesAnUnknownScenarioListingTheKnownOnes() {
        Driver.Report report = new Driver(NodeSdk.get(), "ws://127.0.0.1:9", "chat").run("nonsense", Map.of());
        assertThat(report.process().exitCode()).as(report.toString()).isEqualTo(1);
        assertThat(report.one("failed").path("message").asText()).isEqualTo(
                "unknown scenario 'nonsense'; known: anonymous, roles, allowed, denied, unknown, visibility, refresh,"
                        + " rejected");
    }

    @Test
    void withATokenTheSdkFirstExchangesItOverHttpAndReportsThatFailureAsAConnectError() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Driver.Report report = new Driver(NodeSdk.get(), "ws://127.0.0.1:" + closedPort, "chat")
                .run("rejected", Map.of("WARDEN_TOKEN_BAD", "a.b.c"))
                .completed();
        assertThat(report.one("connect_error").path("name").asText()).isEqualTo("TypeError");
        assertThat(report.one("connect_error").path("message").asText()).isEqualTo("fetch failed");
        assertThat(report.all("connected")).isEmpty();
        assertThat(Files.exists(NodeSdk.source().resolve("node_modules"))).as("nothing installed in the sources").isFalse();
    }
}
