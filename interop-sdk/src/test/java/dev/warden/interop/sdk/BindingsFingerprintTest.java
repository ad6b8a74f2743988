package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.examples.bank.MoneyExchange;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.host.TypeScriptBindings;
import dev.warden.host.internal.codegen.TypeScriptGenerator;
import dev.warden.host.internal.schema.ModuleDefs;
import dev.warden.policy.PolicyEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TypeScript bindings {@link TypeScriptBindings} writes for the ported templates are, once formatted as
 * SpacetimeDB formats its checked-in bindings (prettier, with {@code src/test/node/prettier.json}: the settings of
 * SpacetimeDB's {@code .prettierrc}, line endings fixed to LF), byte for byte the files SpacetimeDB's own
 * {@code spacetime generate --lang typescript} wrote for the original modules: the SHA-256 of every file equals the
 * fingerprint in {@code upstream-bindings.sha256} (the upstream files are not in this repository), and no file is
 * missing or extra. prettier is the version the pinned SDK's lockfile installs (a dependency of {@code spacetimedb}).
 */
class BindingsFingerprintTest {

    private static final String CHAT = "templates/chat-react-ts/src/module_bindings/";
    private static final String MONEY = "templates/money-exchange-react-ts/src/module_bindings/";

    @Test
    void quickstartChatBindingsAreTheTemplatesOwn(@TempDir Path dir) throws Exception {
        TypeScriptBindings.of(QuickstartChat.class).writeTo(dir);

        assertThat(fingerprints(format(dir))).isEqualTo(upstream(CHAT));
    }

    @Test
    void moneyExchangeBindingsAreTheTemplatesOwnButForTheViewsPrimaryKeys(@TempDir Path dir) throws Exception {
        // the template's bindings were written by spacetime 2.2.0, which index.ts names: named the same here
        SortedMap<String, String> files = TypeScriptGenerator.generate(ModuleDefs.v10(
                PolicyEngine.builder().build().compile(MoneyExchange.class)), "", "2.2.0",
                "d62295d89cb41be71b927b62522b8a405ae08a21");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.createDirectories(dir.resolve(f.getKey()).getParent());
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Map<String, String> actual = fingerprints(format(dir));
        Map<String, String> expected = upstream(MONEY);

        // 2.2.0 gave a view no primary key; 2.8.3 gives it the one the module's ViewPrimaryKeys section names, which
        // SpacetimeDB's TypeScript module library writes for the original module as Warden does for the port
        // (ModuleDefParityTest): the views' row files differ from the template's in exactly that
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        List<String> differing = new ArrayList<>();
        for (String path : expected.keySet()) {
            if (!expected.get(path).equals(actual.get(path))) {
                differing.add(path);
            }
        }
        assertThat(differing).containsExactly("my_account_changes_table.ts", "my_account_table.ts");
        assertThat(Files.readString(dir.resolve("my_account_table.ts")))
                .contains("  identity: __t.identity().primaryKey(),\n");
        assertThat(Files.readString(dir.resolve("my_account_changes_table.ts")))
                .contains("  id: __t.u64().primaryKey(),\n");
    }

    /** Runs prettier over every {@code .ts} file under the directory, in place. */
    private static Path format(Path dir) {
        NodeSdk sdk = NodeSdk.get();
        Processes.Result r = Processes.run(List.of(sdk.node(),
                sdk.work().resolve("node_modules/prettier/bin/prettier.cjs").toString(),
                "--config", sdk.work().resolve("prettier.json").toString(), "--no-editorconfig",
                "--log-level", "warn", "--write", "**/*.ts"), dir, Map.of(), Duration.ofMinutes(1));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return dir;
    }

    /** Each file's path under the directory to its SHA-256. */
    private static Map<String, String> fingerprints(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), sha256(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    /** The fingerprints of one template's bindings, by path under its module_bindings. */
    private static Map<String, String> upstream(String prefix) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = BindingsFingerprintTest.class.getResourceAsStream("/upstream-bindings.sha256")) {
            assertThat(in).as("upstream-bindings.sha256 on the test class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("  ", 2);
                if (parts[1].startsWith(prefix)) {
                    out.put(parts[1].substring(prefix.length()), parts[0]);
                }
            }
        }
        assertThat(out).as("fingerprints under " + prefix).isNotEmpty();
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
