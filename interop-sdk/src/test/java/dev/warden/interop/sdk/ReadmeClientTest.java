package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's TypeScript client is the file the build compiles, and it does what the README says. */
class ReadmeClientTest {

    private ChatHost host;
    private NodeSdk sdk;

    @BeforeEach
    void start() {
        sdk = NodeSdk.get();
        host = ChatHost.start();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void theReadmeShowsTheClientTheBuildCompiles() throws IOException {
        List<String> lines = Files.readAllLines(NodeSdk.source().resolve("src/readme_client.ts"));
        String client = String.join("\n", lines.subList(1, lines.size()));
        String readme = Files.readString(Path.of(System.getProperty("warden.readme")));
        assertThat(readme).contains("```ts\n" + client + "\n```");
    }

    @Test
    void withATokenTheClientPostsAndSeesItsRowArrive() {
        List<String> out = runClient(host.issuer().tokens().user("alice").sign(), "post 1: hello");
        assertThat(out).containsExactly("connected as " + host.identityOf("alice").toHex(), "post 1: hello");
    }

    @Test
    void anonymouslyTheClientIsToldWhyItMayNotPost() {
        List<String> out = runClient(null, "denied: ");
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).matches("connected as [0-9a-f]{64}");
        String prefix = out.get(0).substring("connected as ".length(), "connected as ".length() + 12);
        assertThat(out.get(1)).isEqualTo("denied: denied create_post: requires an authenticated caller; caller is"
                + " ANONYMOUS " + prefix + "...");
    }

    /** Runs the client until it printed the awaited line (it keeps its connection open), returning its lines. */
    private List<String> runClient(String token, String awaited) {
        Map<String, String> env = new HashMap<>();
        env.put("WARDEN_URI", host.wsUri());
        env.put("TOKEN", token);
        Processes.Result r = Processes.run(List.of(sdk.node(), "out/readme_client.js"), sdk.work(), env,
                Duration.ofSeconds(20), stdout -> stdout.contains(awaited) && stdout.endsWith("\n"));
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        return r.stdout().lines().filter(l -> !l.contains("INFO")).toList();
    }
}
