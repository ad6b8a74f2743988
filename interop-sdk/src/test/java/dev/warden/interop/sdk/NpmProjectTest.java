package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checked-in npm project installs reproducibly: exact versions, and a lockfile that records only packages
 * from the npm registry, each with its integrity hash, so {@code npm ci} fetches nothing else.
 */
class NpmProjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dependenciesArePinnedExactly() throws IOException {
        JsonNode pkg = JSON.readTree(NodeSdk.source().resolve("package.json").toFile());
        assertThat(pkg.path("dependencies").path("spacetimedb").asText()).isEqualTo(NodeSdk.SDK_VERSION);
        List<String> loose = new ArrayList<>();
        for (String section : List.of("dependencies", "devDependencies")) {
            for (Map.Entry<String, JsonNode> dep : pkg.path(section).properties()) {
                if (!dep.getValue().asText().matches("\\d+\\.\\d+\\.\\d+")) {
                    loose.add(dep.getKey() + "@" + dep.getValue().asText());
                }
            }
        }
        assertThat(loose).as("dependencies not pinned to one exact version").isEmpty();
    }

    @Test
    void lockfileRecordsOnlyRegistryPackagesWithIntegrity() throws IOException {
        JsonNode lock = JSON.readTree(NodeSdk.source().resolve("package-lock.json").toFile());
        assertThat(lock.path("lockfileVersion").asInt()).isEqualTo(3);
        assertThat(lock.path("packages").path("node_modules/spacetimedb").path("version").asText())
                .isEqualTo(NodeSdk.SDK_VERSION);
        List<String> offending = new ArrayList<>();
        int packages = 0;
        for (Map.Entry<String, JsonNode> entry : lock.path("packages").properties()) {
            if (entry.getKey().isEmpty()) {
                continue;
            }
            packages++;
            JsonNode p = entry.getValue();
            String resolved = p.path("resolved").asText();
            if (!resolved.startsWith("https://registry.npmjs.org/") || !p.path("integrity").asText().startsWith("sha512-")
                    || p.has("link")) {
                offending.add(entry.getKey() + " resolved=" + resolved + " integrity=" + p.path("integrity").asText());
            }
        }
        // the SDK and its 7 dependencies, undici and its types, TypeScript, prettier (the SDK's), and for the browser
        // test playwright-core and esbuild with its 26 optional platform binaries (npm installs only this machine's)
        assertThat(packages).isEqualTo(41);
        assertThat(offending).as("lockfile entries not from the npm registry or without sha512 integrity").isEmpty();
    }

    @Test
    void lockfileMatchesPackageJson() throws IOException {
        JsonNode pkg = JSON.readTree(NodeSdk.source().resolve("package.json").toFile());
        JsonNode root = JSON.readTree(NodeSdk.source().resolve("package-lock.json").toFile()).path("packages").path("");
        assertThat(root.path("dependencies")).isEqualTo(pkg.path("dependencies"));
        assertThat(root.path("devDependencies")).isEqualTo(pkg.path("devDependencies"));
    }
}
