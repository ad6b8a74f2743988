package dev.warden.examples.keynote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.db.Database;
import dev.warden.db.Schema;
import dev.warden.storage.RowFormat;
import dev.warden.storage.Storage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a host with SIGKILL at random moments while clients transfer money, restarts it, and checks that nothing
 * acknowledged was lost and nothing was half applied. The host runs {@link Keynote} in a child JVM with its tables
 * in a data directory ({@link CrashHost}); four clients each move 1 from their own account to account 0, one call
 * at a time, counting the calls answered 200 (acknowledged) and the calls sent. After every kill the test reads the
 * store itself: each client's account has paid at least what was acknowledged and at most what was sent, and the
 * balances still sum to what was seeded.
 */
public class CrashTest {

    static final int CLIENTS = 4;
    static final long INITIAL = 1_000_000;
    static final int KILLS = 50;
    /** A start that takes longer than this (recovery included) is a failure: a hang detector, not a speed test. */
    static final Duration START_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicLongArray acknowledged = new AtomicLongArray(CLIENTS + 1);
    final AtomicLongArray sent = new AtomicLongArray(CLIENTS + 1);
    final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The host's row format (its BSATN codecs and their structures), as the test reads the store. */
    static final RowFormat BSATN = new dev.warden.host.internal.server.BsatnRowFormat();

    Process spawn() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashHost.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * Waits for a child host's {@code READY <port>} line, at most START_LIMIT (also DisconnectAfterCrashTest's).
     *
     * @param p the child host
     * @return its port
     * @throws Exception if it does not start in time
     */
    public static int awaitReady(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith("READY ")) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String ready = line.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ready).as("the host started (exit: %s)", p.isAlive() ? "running" : p.exitValue()).isNotNull();
        return Integer.parseInt(ready.substring(6).trim());
    }

    HttpResponse<String> post(URI host, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(host.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The balances, read from the store as a restart would load them. */
    @SuppressWarnings("try")
    long[] balances() {
        Database db = Database.create(Schema.forModule(Keynote.class));
        try (Storage s = Storage.at(data).format(BSATN).open(db)) {
            long[] b = new long[CLIENTS + 1];
            db.read(() -> db.db().table(Keynote.Account.class).all()).forEach(a -> b[a.id()] = a.balance());
            return b;
        }
    }

    void check(long[] balances) {
        long sum = 0;
        for (long b : balances) {
            sum += b;
        }
        assertThat(sum).as("no transfer half applied: the balances sum to what was seeded")
                .isEqualTo(INITIAL * (CLIENTS + 1));
        for (int i = 1; i <= CLIENTS; i++) {
            long paid = INITIAL - balances[i];
            assertThat(paid).as("client %d: every acknowledged transfer is stored", i)
                    .isGreaterThanOrEqualTo(acknowledged.get(i));
            assertThat(paid).as("client %d: no transfer stored that was never sent", i).isLessThanOrEqualTo(sent.get(i));
        }
    }

    @Test
    void acknowledgedTransfersSurviveSigkillAndNoneIsHalfApplied() throws Exception {
        Random random = new Random();
        String token = null;
        long longestStart = 0;
        int kills = 0;
        int killedWhileStarting = 0;
        for (int cycle = 0; kills < KILLS; cycle++) {
            Process p = spawn();
            if (cycle % 5 == 4) {   // now and then, a kill during the start (and so during recovery)
                Thread.sleep(random.nextInt(600));
                p.destroyForcibly().waitFor();
                kills++;
                killedWhileStarting++;
                check(balances());
                continue;
            }
            long t0 = System.nanoTime();
            URI host;
            try {
                host = URI.create("http://127.0.0.1:" + awaitReady(p));
            } catch (Throwable e) {
                p.destroyForcibly().waitFor();
                throw e;
            }
            longestStart = Math.max(longestStart, (System.nanoTime() - t0) / 1_000_000);
            if (token == null) {
                @SuppressWarnings("unchecked")
                Map<String, String> id = new ObjectMapper().readValue(post(host, "/v1/identity", null, "").body(),
                        Map.class);
                token = id.get("token");
                assertThat(post(host, "/v1/database/bank/call/seed", token, "[" + (CLIENTS + 1) + ", " + INITIAL
                        + "]").statusCode()).isEqualTo(200);
            }
            String auth = token;
            List<Thread> clients = new ArrayList<>();
            for (int i = 1; i <= CLIENTS; i++) {
                int me = i;
                Thread t = new Thread(() -> {
                    try {
                        while (true) {
                            sent.incrementAndGet(me);
                            HttpResponse<String> r = post(host, "/v1/database/bank/call/transfer", auth,
                                    "[" + me + ", 0, 1]");
                            if (r.statusCode() != 200) {
                                throw new AssertionError("a transfer was refused: " + r.statusCode() + " " + r.body());
                            }
                            acknowledged.incrementAndGet(me);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the host was killed
                    } catch (Exception | AssertionError e) {
                        failures.add(e);
                    }
                });
                t.start();
                clients.add(t);
            }
            Thread.sleep(50 + random.nextInt(350));
            p.destroyForcibly().waitFor();
            kills++;
            for (Thread t : clients) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(failures).isEmpty();
            check(balances());
        }
        long total = 0;
        for (int i = 1; i <= CLIENTS; i++) {
            total += acknowledged.get(i);
        }
        System.out.printf("crash test: %d kills (%d while starting), %d acknowledged transfers checked, 0 lost;"
                + " longest start %d ms%n", kills, killedWhileStarting, total, longestStart);
        assertThat(total).as("the clients got transfers through").isPositive();
    }
}
