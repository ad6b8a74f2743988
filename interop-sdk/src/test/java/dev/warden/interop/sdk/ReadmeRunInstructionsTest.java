package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 row 11: the README's commands that run its TypeScript client work as written, from a copy of the
 * repository's npm project in a fresh folder (a user had tried {@code node client.ts} and {@code npx tsc client.ts},
 * and both failed).
 */
class ReadmeRunInstructionsTest {

    @Test
    void theReadmesCommandsInstallCompileAndRunTheClient(@TempDir Path root) throws IOException {
        NodeSdk.get();   // fails with a clear message if Node or npm is missing
        String readme = Files.readString(Path.of(System.getProperty("warden.readme")));
        Matcher m = Pattern.compile("```sh\n(cp -r interop-sdk/src/test/node .*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(m.find()).as("the README's commands that run the TypeScript client").isTrue();
        List<String> commands = m.group(1).lines().toList();
        assertThat(commands).hasSize(4);
        assertThat(commands.get(3)).isEqualTo("TOKEN=$ALICE node out/readme_client.js");

        // the repository's root, as the README's user has it: the npm project as checked in
        Path repo = root.resolve("repo");
        Path project = repo.resolve("interop-sdk/src/test/node");
        Files.createDirectories(project.getParent());
        try (Stream<Path> files = Files.walk(NodeSdk.source())) {
            for (Path f : files.toList()) {
                Path rel = NodeSdk.source().relativize(f);
                if (rel.startsWith("node_modules") || rel.startsWith("out")) {
                    continue;
                }
                Files.copy(f, project.resolve(rel.toString()));
            }
        }

        Processes.Result setup = Processes.run(List.of("bash", "-c", "set -euo pipefail\n"
                + String.join("\n", commands.subList(0, 3))), repo, Map.of(), Duration.ofMinutes(5));
        assertThat(setup.exitCode()).as(setup.describe()).isZero();
        Path client = repo.resolve("warden-client");
        assertThat(client.resolve("out/readme_client.js")).exists();
        assertThat(client.resolve("node_modules/spacetimedb/package.json")).exists();

        try (ChatHost host = ChatHost.start()) {
            Map<String, String> env = new HashMap<>();
            env.put("WARDEN_URI", host.wsUri());
            env.put("ALICE", host.issuer().tokens().user("alice").sign());
            Processes.Result run = Processes.run(List.of("bash", "-c", commands.get(3)), client, env,
                    Duration.ofSeconds(30), out -> out.contains("post 1: hello") && out.endsWith("\n"));
            assertThat(run.timedOut()).as(run.describe()).isFalse();
            assertThat(run.stdout().lines().filter(l -> !l.contains("INFO")).toList())
                    .containsExactly("connected as " + host.identityOf("alice").toHex(), "post 1: hello");
        }
    }
}
