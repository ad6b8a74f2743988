package dev.warden.interop.sdk;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.examples.bank.MoneyExchange;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.host.TypeScriptBindings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * SpacetimeDB's TypeScript SDK, installed and compiled once per test JVM into {@code target/sdk}: the npm project
 * under {@code src/test/node} is copied there, the ported templates' client bindings are generated into it
 * ({@link TypeScriptBindings}, with Node's {@code .js} import extensions: {@code src/quickstart_chat/module_bindings}
 * for {@link QuickstartChat}, {@code src/money_exchange/module_bindings} for {@link MoneyExchange}), {@code npm ci}
 * installs exactly what its lockfile records (never globally), and the project's TypeScript compiler
 * ({@code tsconfig.sdk-tests.json}: every source, the generated bindings included) type-checks the bindings and the
 * drivers against the SDK's own types and compiles them to {@code target/sdk/out}.
 *
 * <p>A missing Node or npm, a Node older than 20, a failed install or a failed compile fails the test that asked
 * for the SDK, with the tool's output: the suite never skips.
 */
final class NodeSdk {

    /** The SDK version the issue pins. */
    static final String SDK_VERSION = "2.10.1";

    private static final Duration INSTALL_DEADLINE = Duration.ofMinutes(5);
    private static final Duration COMPILE_DEADLINE = Duration.ofMinutes(2);
    private static NodeSdk installed;

    private final Path work;
    private final String node;
    private final String nodeVersion;
    private final Duration installTime;
    private final Duration compileTime;

    private NodeSdk(Path work, String node, String nodeVersion, Duration installTime, Duration compileTime) {
        this.work = work;
        this.node = node;
        this.nodeVersion = nodeVersion;
        this.installTime = installTime;
        this.compileTime = compileTime;
    }

    /** @return the SDK, installed and compiled on first use; fails the calling test if that is impossible */
    static synchronized NodeSdk get() {
        if (installed == null) {
            installed = install();
        }
        return installed;
    }

    /** @return the npm project as checked in */
    static Path source() {
        return Path.of(property("warden.sdk.source"));
    }

    private static NodeSdk install() {
        Path source = source();
        Path work = Path.of(property("warden.sdk.work"));
        String node = executable("node");
        String npm = executable("npm");
        Processes.Result version = Processes.run(List.of(node, "--version"), work.getParent(), Map.of(),
                Duration.ofSeconds(30));
        String nodeVersion = version.stdout().strip();
        if (version.exitCode() != 0 || majorOf(nodeVersion) < 20) {
            fail("Node 20 or later is needed to run SpacetimeDB's TypeScript SDK; `" + node + " --version` said: "
                    + version.describe());
        }
        copyProject(source, work);
        generateBindings(QuickstartChat.class, work.resolve("src/quickstart_chat/module_bindings"));
        generateBindings(MoneyExchange.class, work.resolve("src/money_exchange/module_bindings"));

        long start = System.nanoTime();
        Processes.Result ci = Processes.run(List.of(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"),
                work, Map.of(), INSTALL_DEADLINE);
        Duration installTime = Duration.ofNanos(System.nanoTime() - start);
        if (ci.exitCode() != 0) {
            fail("`npm ci` could not install the pinned SpacetimeDB SDK into " + work + ": " + ci.describe());
        }
        String actual = installedVersion(work.resolve("node_modules/spacetimedb/package.json"));
        if (!SDK_VERSION.equals(actual)) {
            fail("npm installed spacetimedb " + actual + ", not the pinned " + SDK_VERSION);
        }

        start = System.nanoTime();
        Processes.Result tsc = Processes.run(List.of(node, "node_modules/typescript/bin/tsc", "-p",
                "tsconfig.sdk-tests.json"),
                work, Map.of(), COMPILE_DEADLINE);
        Duration compileTime = Duration.ofNanos(System.nanoTime() - start);
        if (tsc.exitCode() != 0) {
            fail("the chat module's TypeScript bindings or the driver do not compile against spacetimedb "
                    + SDK_VERSION + ": " + tsc.describe());
        }
        return new NodeSdk(work, node, nodeVersion, installTime, compileTime);
    }

    /** The module's TypeScript bindings, as a user of Warden gets them, for a Node ES-module driver. */
    private static void generateBindings(Class<?> moduleClass, Path dir) {
        try {
            TypeScriptBindings.of(moduleClass, TypeScriptBindings.ImportStyle.NODE_ESM).writeTo(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bindings of " + moduleClass.getName() + " to " + dir, e);
        }
    }

    /** @return the directory the SDK is installed in */
    Path work() {
        return work;
    }

    /** @return the {@code node} executable */
    String node() {
        return node;
    }

    /** @return what {@code node --version} printed */
    String nodeVersion() {
        return nodeVersion;
    }

    /** @return how long {@code npm ci} took */
    Duration installTime() {
        return installTime;
    }

    /** @return how long the TypeScript compile took */
    Duration compileTime() {
        return compileTime;
    }

    static String installedVersion(Path packageJson) {
        try {
            return new ObjectMapper().readTree(packageJson.toFile()).path("version").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + packageJson, e);
        }
    }

    private static void copyProject(Path source, Path work) {
        try {
            if (Files.exists(work.resolve("out"))) {
                deleteTree(work.resolve("out"));
            }
            if (Files.exists(work.resolve("src"))) {
                deleteTree(work.resolve("src"));
            }
            Files.createDirectories(work);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path from : (Iterable<Path>) files::iterator) {
                    Path to = work.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the npm project " + source + " to " + work, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }

    /** The executable on the PATH, or a failure naming what is missing. */
    static String executable(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return fail("`" + name + "` is not on the PATH (" + path + "): the SpacetimeDB SDK tests need Node 20 or "
                + "later with npm; install them (Debian: apt-get install nodejs npm)");
    }

    static int majorOf(String nodeVersion) {
        String v = nodeVersion.startsWith("v") ? nodeVersion.substring(1) : nodeVersion;
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fail("system property " + name + " is not set: run these tests through Maven (surefire sets it)");
        }
        return value;
    }
}
