package dev.warden.benchmarks;

import dev.warden.claims.CallerContext;
import dev.warden.db.Access;
import dev.warden.db.IndexType;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.db.TableHandle;
import dev.warden.db.UniqueIndex;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.host.Warden;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SpacetimeDB's benchmark workload ({@code templates/keynote-2}: {@code transfer(from, to, amount)} between
 * accounts keyed by a hash-indexed primary key) through {@code Warden.call} on one thread, with the real tables
 * and one transaction per call: the guard, argument binding, the transaction's undo log and two keyed updates.
 * Accounts are picked uniformly ({@code alpha = 0}) or Zipf-skewed ({@code alpha = 1.5}), as the harness does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransferBenchmark {

    /** The benchmark template's module. */
    @Authenticated
    public static class Bank {
        /** An account. */
        @Table(name = "accounts", access = Access.PUBLIC)
        public record Account(@PrimaryKey @Indexed(IndexType.HASH) int id, long balance) {}

        @Reducer("transfer")
        public void transfer(ReducerContext ctx, int from, int to, long amount) {
            if (from == to) {
                throw new IllegalArgumentException("same_account");
            }
            if (amount <= 0) {
                throw new IllegalArgumentException("non_positive_amount");
            }
            UniqueIndex<Account, Integer> byId = ctx.db().table(Account.class).unique(Account::id);
            Account a = byId.find(from).orElseThrow(() -> new IllegalArgumentException("account_missing"));
            Account b = byId.find(to).orElseThrow(() -> new IllegalArgumentException("account_missing"));
            if (a.balance() < amount) {
                throw new IllegalArgumentException("insufficient_funds");
            }
            byId.update(new Account(from, a.balance() - amount));
            byId.update(new Account(to, b.balance() + amount));
        }
    }

    private static final int SAMPLES = 1 << 16;

    @Param({"1000", "100000", "1000000"})
    public int accounts;

    @Param({"0", "1.5"})
    public double alpha;

    Warden<Bank> warden;
    CallerContext caller;
    int[] from = new int[SAMPLES];
    int[] to = new int[SAMPLES];
    int next;

    @Setup(Level.Trial)
    public void setup() {
        warden = Warden.builder(PolicyEngine.builder().build().compile(Bank.class), new Bank())
                .withoutTokenValidation().build();
        warden.database().write(() -> {
            TableHandle<Bank.Account> t = warden.database().db().table(Bank.Account.class);
            for (int id = 0; id < accounts; id++) {
                t.insert(new Bank.Account(id, 1_000_000_000L));
            }
            return null;
        });
        caller = Callers.caller(new Fixtures("ES256"), List.of(), Map.of());
        pairs(accounts, alpha, from, to, new SplittableRandom(42));
    }

    /** Pairs of distinct accounts, uniform or Zipf-skewed (rank k drawn with weight 1/k^alpha). */
    static void pairs(int n, double alpha, int[] from, int[] to, SplittableRandom random) {
        double[] cdf = null;
        if (alpha > 0) {
            cdf = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += 1 / Math.pow(k + 1, alpha);
                cdf[k] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }
        for (int i = 0; i < from.length; i++) {
            int a;
            int b;
            do {
                a = pick(n, cdf, random);
                b = pick(n, cdf, random);
            } while (a == b);
            from[i] = a;
            to[i] = b;
        }
    }

    private static int pick(int n, double[] cdf, SplittableRandom random) {
        if (cdf == null) {
            return random.nextInt(n);
        }
        int i = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(n - 1, i >= 0 ? i : -i - 1);
    }

    @Benchmark
    public Object transfer() {
        int i = next++ & (SAMPLES - 1);
        return warden.call(caller, "transfer", from[i], to[i], 1L);
    }
}
