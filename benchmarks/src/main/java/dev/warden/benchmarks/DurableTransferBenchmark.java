package dev.warden.benchmarks;

import dev.warden.claims.CallerContext;
import dev.warden.db.TableHandle;
import dev.warden.host.internal.server.BsatnRowFormat;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.storage.Durability;
import dev.warden.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link TransferBenchmark}'s transfers (1,000 accounts, uniform) from 8 threads, with the tables in memory only,
 * stored with {@link Durability#DURABLE} (each call returns once synced; concurrent calls share a sync) or
 * {@link Durability#RELAXED_MAY_LOSE_RECENT}. The durable figure is the disk's sync rate times the group size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class DurableTransferBenchmark {

    private static final int SAMPLES = 1 << 16;
    private static final int ACCOUNTS = 1000;

    @Param({"memory", "durable", "relaxed"})
    public String storage;

    Warden<TransferBenchmark.Bank> warden;
    Storage store;
    Path dir;
    CallerContext caller;
    final int[] from = new int[SAMPLES];
    final int[] to = new int[SAMPLES];

    /** Each thread's position in the pairs. */
    @State(Scope.Thread)
    public static class Cursor {
        int next = new SplittableRandom().nextInt(SAMPLES);
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        warden = Warden.builder(PolicyEngine.builder().build().compile(TransferBenchmark.Bank.class),
                new TransferBenchmark.Bank()).withoutTokenValidation().build();
        if (!storage.equals("memory")) {
            dir = Files.createTempDirectory("warden-transfer");
            store = Storage.at(dir).format(new BsatnRowFormat()).durability(storage.equals("durable")
                    ? Durability.DURABLE : Durability.RELAXED_MAY_LOSE_RECENT).open(warden.database());
        }
        warden.database().write(() -> {
            TableHandle<TransferBenchmark.Bank.Account> t = warden.database().db()
                    .table(TransferBenchmark.Bank.Account.class);
            for (int id = 0; id < ACCOUNTS; id++) {
                t.insert(new TransferBenchmark.Bank.Account(id, 1_000_000_000L));
            }
            return null;
        });
        caller = Callers.caller(new Fixtures("ES256"), List.of(), Map.of());
        TransferBenchmark.pairs(ACCOUNTS, 0, from, to, new SplittableRandom(42));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (store != null) {
            store.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Benchmark
    public Object transfer(Cursor c) {
        int i = c.next++ & (SAMPLES - 1);
        return warden.call(caller, "transfer", from[i], to[i], 1L);
    }
}
