package dev.warden.benchmarks.keynote;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.examples.keynote.Keynote;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Serves the keynote benchmark's module, or its no-op twin, on a Warden host on loopback, for the keynote harness
 * ({@code benchmarks/keynote/run}):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.warden.benchmarks.keynote.KeynoteHost keynote 3000 100000
 * java -cp benchmarks/target/benchmarks.jar dev.warden.benchmarks.keynote.KeynoteHost noop 3001
 * </pre>
 * The database is {@code test-1}, as the benchmark names it. The keynote module is seeded as the benchmark seeds
 * it, through its {@code seed} reducer called over HTTP ({@code POST /v1/database/test-1/call/seed}, what
 * {@code spacetime call} sends) with each account holding 1,000,000,000. Then one line, {@code ready <ws-uri>}, and
 * the host serves until the process is ended. Clients connect anonymously, as the benchmark's do.
 *
 * <p>The environment variable {@code KEYNOTE_DURABILITY} says how the tables are kept: {@code durable} (the
 * default, as the targets ask: a client hears of a commit once it is synced to disk, concurrent commits
 * sharing a sync), {@code relaxed} ({@code RELAXED_MAY_LOSE_RECENT}) or {@code memory} (no data directory). The
 * data directory is a new temporary one, deleted when the process ends normally.
 */
public final class KeynoteHost {

    /** The benchmark's database name. */
    static final String DATABASE = "test-1";
    /** The benchmark's default initial balance (SEED_INITIAL_BALANCE). */
    static final long INITIAL_BALANCE = 1_000_000_000L;

    private KeynoteHost() {
    }

    /**
     * @param args {@code keynote|noop}, the port, then (keynote) the number of accounts
     * @throws Exception if the host does not start or the seed fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("keynote") || args[0].equals("noop"))
                || (args[0].equals("keynote") && args.length < 3)) {
            System.err.println("usage: KeynoteHost keynote PORT ACCOUNTS | KeynoteHost noop PORT");
            System.exit(2);
        }
        boolean keynote = args[0].equals("keynote");
        int port = Integer.parseInt(args[1]);
        LocalIssuer local = LocalIssuer.builder().build();
        TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
        ClaimsMapper claims = ClaimsMapper.builder().anonymousIssuer(local.issuer()).build();
        Warden<?> warden = keynote
                ? Warden.builder(PolicyEngine.builder().build().compile(Keynote.class), new Keynote())
                        .validator(validator).claims(claims).build()
                : Warden.builder(PolicyEngine.builder().build().compile(NoopKeynote.class), new NoopKeynote())
                        .validator(validator).claims(claims).build();
        int accounts = keynote ? Integer.parseInt(args[2]) : 0;
        // every client of the benchmark comes from 127.0.0.1: room for a few hundred of them; and room for the
        // harness's check after the run, one subscription to every account
        HostServer.Builder builder = HostServer.builder(warden, validator, local).database(DATABASE).port(port)
                .maxConnectionsPerAddress(HostServer.DEFAULT_MAX_CONNECTIONS)
                .maxSubscribedRows(Math.max(HostServer.DEFAULT_MAX_SUBSCRIBED_ROWS, accounts));
        String mode = System.getenv().getOrDefault("KEYNOTE_DURABILITY", "durable");
        switch (mode) {
            case "durable", "relaxed" -> {
                java.nio.file.Path data = java.nio.file.Files.createTempDirectory("warden-keynote-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(data)));
                builder.data(data).durability(mode.equals("durable") ? dev.warden.storage.Durability.DURABLE
                        : dev.warden.storage.Durability.RELAXED_MAY_LOSE_RECENT);
            }
            case "memory" -> { }
            default -> {
                System.err.println("KEYNOTE_DURABILITY is durable, relaxed or memory, not " + mode);
                System.exit(2);
            }
        }
        System.err.println("tables: " + mode);
        HostServer host = builder.start();
        if (keynote) {
            long started = System.nanoTime();
            seed(host.uri(), accounts);
            System.err.printf("seeded %,d accounts in %d ms%n", accounts, (System.nanoTime() - started) / 1_000_000);
        }
        System.out.println("ready " + host.uri().toString().replaceFirst("^http", "ws"));
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void deleteTree(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Calls {@code seed(accounts, 1_000_000_000)} over HTTP as a fresh anonymous identity. */
    static void seed(URI host, int accounts) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> identity = http.send(HttpRequest.newBuilder(host.resolve("/v1/identity"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (identity.statusCode() != 200) {
            throw new IOException("POST /v1/identity: " + identity.statusCode() + " " + identity.body());
        }
        String token = (String) new ObjectMapper().readValue(identity.body(), Map.class).get("token");
        HttpResponse<String> seeded = http.send(HttpRequest.newBuilder(
                        host.resolve("/v1/database/" + DATABASE + "/call/seed"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString("[" + Integer.toUnsignedString(accounts) + ", "
                        + INITIAL_BALANCE + "]")).build(), HttpResponse.BodyHandlers.ofString());
        if (seeded.statusCode() != 200) {
            throw new IOException("seed: " + seeded.statusCode() + " " + seeded.body());
        }
    }
}
