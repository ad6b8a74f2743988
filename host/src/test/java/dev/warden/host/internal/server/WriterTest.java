package dev.warden.host.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.db.Commit;
import dev.warden.host.server.TickModule;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's writer thread and the host's lock, with a commit log whose syncs the test completes. */
class WriterTest {

    final LocalIssuer local = LocalIssuer.builder().build();
    final TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
    final Warden<TickModule> warden = Warden.builder(PolicyEngine.builder().build().compile(TickModule.class),
            new TickModule()).validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer())
            .build()).build();
    final Database database = new Database(warden, Catalog.of(warden.module()));
    /** What the log answers the next commit with. */
    final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(CompletableFuture.completedFuture(null));
    final CountDownLatch appended = new CountDownLatch(1);

    WriterTest() {
        warden.database().attach((Commit c) -> {
            appended.countDown();
            return next.get();
        });
    }

    @AfterEach
    void stop() {
        next.get().complete(null);
        database.close();
        validator.close();
    }

    @Test
    void anErrorInOneMessageLeavesTheWriterServingTheNext() throws InterruptedException {
        database.submit(() -> {
            throw new AssertionError("a record constructor's assertion");
        });
        CountDownLatch ran = new CountDownLatch(1);
        database.submit(ran::countDown);
        assertThat(ran.await(30, TimeUnit.SECONDS)).as("the message after the failing one ran").isTrue();
    }

    @Test
    void whileAScheduledReducersCommitIsSyncedAnotherClientsQueryIsAnswered() throws Exception {
        String token = local.mintAnonymous().token();
        CallerContext other = database.connect(token, ConnectionId.random(), null);
        CompletableFuture<Void> sync = new CompletableFuture<>();
        next.set(sync);
        Thread timer = new Thread(() -> database.runScheduled("tick"), "timer");
        timer.start();
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> rows = CompletableFuture.supplyAsync(() -> database.query(other,
                "SELECT * FROM entry").tables().get(0).rows().rows().size());
        try {
            assertThat(rows.get(30, TimeUnit.SECONDS)).isEqualTo(1);   // the tick's row, committed in memory
            assertThat(timer.isAlive()).as("runScheduled waits for its sync").isTrue();
        } finally {
            sync.complete(null);
            timer.join();
        }
    }

    @Test
    void heldMessagesAreSentOnTheHostsDeliveryThreadNotTheThreadCompletingTheSync() throws Exception {
        AtomicReference<String> sentBy = new AtomicReference<>();
        CountDownLatch sent = new CountDownLatch(2);
        java.util.List<Object> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        Client client = new Client() {
            @Override
            CallerContext caller() {
                return null;
            }

            @Override
            void transmit(dev.warden.host.internal.v2.ServerMessage message) {
                sentBy.compareAndSet(null, Thread.currentThread().getName());
                order.add(message);
                sent.countDown();
            }

            @Override
            void abandon(String why) {
                throw new AssertionError(why);
            }
        };
        database.attach(client);
        CompletableFuture<Void> sync = new CompletableFuture<>();
        next.set(sync);
        dev.warden.db.Database db = warden.database();
        db.deferDurability(() -> db.write(() -> db.db().table(TickModule.Entry.class)
                .insert(new TickModule.Entry(0, "pending"))));
        var first = new dev.warden.host.internal.v2.ServerMessage.SubscriptionError(java.util.Optional.empty(),
                new dev.warden.host.internal.v2.QuerySetId(1), "first");
        var second = new dev.warden.host.internal.v2.ServerMessage.SubscriptionError(java.util.Optional.empty(),
                new dev.warden.host.internal.v2.QuerySetId(2), "second");
        client.send(first);
        client.send(second);
        assertThat(order).isEmpty();
        sync.complete(null);   // as the storage's writer does
        assertThat(sent.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sentBy.get()).isEqualTo("warden-host-delivery");
        assertThat(order).containsExactly(first, second);
    }

    @Test
    void theWriterTakesNoBatchWhileTooManyCommitsAreNotYetDurable() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();   // a sync that stalls
        next.set(never);
        dev.warden.db.Database db = warden.database();
        int total = Database.MAX_NOT_DURABLE + 3 * Database.MAX_BATCH;
        java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();
        Thread submitter = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                database.submit(() -> {
                    db.deferDurability(() -> db.write(() -> db.db().table(TickModule.Entry.class)
                            .insert(new TickModule.Entry(0, "x"))));
                    executed.incrementAndGet();
                });
            }
        }, "submitter");
        submitter.start();
        // until the writer waits with messages queued (held back), or has run them all (not held back)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (executed.get() < total && System.nanoTime() < deadline) {
            Thread w = database.writerThread();
            if (w != null && w.getState() == Thread.State.WAITING && !database.inboxEmpty()
                    && executed.get() >= Database.MAX_NOT_DURABLE) {
                break;
            }
            Thread.sleep(10);
        }
        int ran = executed.get();
        assertThat(ran).as("the writer stopped taking batches at the bound").isLessThan(total)
                .isGreaterThanOrEqualTo(Database.MAX_NOT_DURABLE)
                .isLessThanOrEqualTo(Database.MAX_NOT_DURABLE + Database.MAX_BATCH);   // one batch past it at most
        never.complete(null);   // the sync completes: the writer goes on
        submitter.join(TimeUnit.SECONDS.toMillis(120));
        assertThat(database.drain(java.time.Duration.ofSeconds(120))).isTrue();
        assertThat(executed.get()).isEqualTo(total);
    }
}
