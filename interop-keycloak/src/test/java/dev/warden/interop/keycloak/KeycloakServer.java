package dev.warden.interop.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Keycloak server for the whole test run: {@code bin/kc.sh start-dev} from the distribution the
 * build unpacked into {@code target/}, on a JDK 21+ ({@link JdkFinder}), bound to 127.0.0.1 on a free port,
 * with its H2 database and log under {@code target/}. Started on first use, stopped by {@link #stop()} at the
 * end of the test plan (and by a JVM shutdown hook if the run is cut short).
 *
 * <p>A start that fails (no JDK, no distribution, the process exits, readiness not reached in time) is
 * remembered, and every test that asks for the server fails with the same message, which includes the tail
 * of Keycloak's log.
 */
final class KeycloakServer {

    static final String ADMIN_USER = "warden-admin";
    private static final Duration READY_DEADLINE =
            Duration.ofSeconds(Long.getLong("warden.keycloak.startSeconds", 240));

    private static KeycloakServer shared;
    private static RuntimeException startFailure;

    private final Path home;
    private final JdkFinder.Jdk jdk;
    private final Path log;
    private final int port;
    private final String adminPassword = randomSecret();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private KeycloakServer(Path home, JdkFinder.Jdk jdk, Path log, int port) {
        this.home = home;
        this.jdk = jdk;
        this.log = log;
        this.port = port;
    }

    /**
     * The suite's server, started on first use. Once {@link #stop() stopped} (the outage check), it stays
     * stopped: see {@link #sharedRunning()}.
     *
     * @throws IllegalStateException with a message saying what is missing or what Keycloak logged
     */
    static synchronized KeycloakServer shared() {
        return get(false);
    }

    /** The suite's server, started, or started again if a test stopped it. */
    static synchronized KeycloakServer sharedRunning() {
        return get(true);
    }

    private static KeycloakServer get(boolean restart) {
        if (startFailure != null) {
            throw new IllegalStateException(startFailure.getMessage(), startFailure);
        }
        try {
            if (shared == null) {
                Path home = distribution();
                JdkFinder.Jdk jdk = JdkFinder.find(System.getenv(), Path.of("/usr/lib/jvm"));
                Path target = home.getParent().getParent();
                KeycloakServer server = new KeycloakServer(home, jdk, target.resolve("keycloak.log"), freePort());
                deleteTree(home.resolve("data"));     // a fresh database and log for every run
                Files.deleteIfExists(server.log);
                Runtime.getRuntime().addShutdownHook(new Thread(KeycloakServer::stopShared, "keycloak-stop"));
                shared = server;                      // before start: the hook stops a start cut short too
                server.start();
            } else if (restart && !shared.isRunning()) {
                shared.start();
            }
            return shared;
        } catch (IOException e) {
            startFailure = new UncheckedIOException(e);
            throw startFailure;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    /** Stops the suite's server, if one was started. */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.stop();
        }
    }

    private static Path distribution() {
        String prop = System.getProperty("warden.keycloak.home");
        String version = System.getProperty("warden.keycloak.version", "?");
        if (prop == null) {
            throw new IllegalStateException("system property warden.keycloak.home is not set: run these tests"
                    + " through Maven (the build unpacks org.keycloak:keycloak-quarkus-dist:" + version
                    + " into target/keycloak and passes its path)");
        }
        Path home = Path.of(prop);
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home + " (bin/kc.sh missing): the"
                    + " build's maven-dependency-plugin should have unpacked org.keycloak:keycloak-quarkus-dist:"
                    + version + " there in process-test-resources; did the download fail?");
        }
        return home;
    }

    /** The server's base URL, {@code http://127.0.0.1:PORT}; also the {@code hostname} in its tokens. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the issuer of the realm's tokens */
    String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    String adminPassword() {
        return adminPassword;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    private synchronized void start() {
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=" + baseUrl(),
                "--http-management-port=" + freePort());
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", jdk.home().toString());
        env.remove("JAVA_OPTS");                  // kc.sh's defaults, not whatever the build's shell had
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        appendLog("==== warden: starting " + String.join(" ", command) + " with JAVA_HOME=" + jdk.home());
        long t0 = System.nanoTime();
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        awaitReady(t0);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        appendLog("==== warden: ready after " + took.toMillis() + " ms");
        Timings.record("keycloak start (kc.sh start-dev to discovery answering)", took);
    }

    private void awaitReady(long t0) {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(issuer("master") + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = t0 + READY_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("Keycloak exited with status " + process.exitValue() + " before it was ready");
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for Keycloak");
            }
            sleep(250);
        }
        stop();
        throw failure("Keycloak was not ready within " + READY_DEADLINE.toSeconds() + " s (raise with"
                + " -Dwarden.keycloak.startSeconds=N)");
    }

    /** An error with the tail of Keycloak's log. */
    IllegalStateException failure(String what) {
        return new IllegalStateException(what + "; JDK " + jdk.home() + "; log " + log + ", last lines:\n"
                + logTail(40));
    }

    /** The last {@code lines} lines of Keycloak's log. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and every process it started; waits for them to exit. */
    synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        appendLog("==== warden: stopped");
    }

    private void appendLog(String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Keycloak's old data at " + dir, e);
        }
    }
}
