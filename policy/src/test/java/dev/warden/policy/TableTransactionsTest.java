package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.View;
import dev.warden.policy.host.Table;
import dev.warden.policy.host.TableTransactions;
import dev.warden.policy.host.Warden;
import dev.warden.policy.host.TransactionRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Module authors' issue (14): a module keeps its state in Tables it compiles against from the policy module, not
 * the testkit, and any host (not only TestHost) gets reducer rollback from them.
 */
class TableTransactionsTest {

    static class Ledger {
        final Table<String> entries = new Table<>();

        @Reducer("add")
        @Authenticated
        public void add(String entry) {
            entries.insert(entry);
            if (entry.startsWith("bad")) {
                throw new IllegalArgumentException("refused " + entry);
            }
        }

        @View("entries")
        @Authenticated
        public List<String> entries() {
            return entries.all();
        }
    }

    @Test
    void aReducerThatThrowsLeavesEveryTableAsItWas() {
        Ledger ledger = new Ledger();
        TableTransactions transactions = TableTransactions.of(ledger);
        assertThat(transactions.tables()).containsOnlyKeys("entries");
        Warden<Ledger> warden = Warden.builder(PolicyEngine.builder().build().compile(Ledger.class), ledger)
                .withoutTokenValidation().transactions(transactions).build();
        CallerContext alice = Callers.user("alice");
        warden.call(alice, "add", "good");
        assertThatThrownBy(() -> warden.call(alice, "add", "bad one")).isInstanceOf(EntryPointFailedException.class);
        assertThat(warden.view(alice, "entries")).containsExactly("good");
    }

    @Test
    void aWardenBuiltWithoutSayingAnythingRollsBackToo() {
        // issue 22 row 2: a host built like the demo (no transactions(...) call) kept a failed reducer's row
        Ledger ledger = new Ledger();
        Warden<Ledger> warden = Warden.builder(PolicyEngine.builder().build().compile(Ledger.class), ledger)
                .withoutTokenValidation().build();
        CallerContext alice = Callers.user("alice");
        warden.call(alice, "add", "good");
        assertThatThrownBy(() -> warden.call(alice, "add", "bad one")).isInstanceOf(EntryPointFailedException.class);
        assertThat(warden.view(alice, "entries")).containsExactly("good");
    }

    @Test
    void aHostOptsOutExplicitly() {
        Ledger ledger = new Ledger();
        Warden<Ledger> warden = Warden.builder(PolicyEngine.builder().build().compile(Ledger.class), ledger)
                .withoutTokenValidation().transactions(TransactionRunner.NONE).build();
        CallerContext alice = Callers.user("alice");
        assertThatThrownBy(() -> warden.call(alice, "add", "bad one")).isInstanceOf(EntryPointFailedException.class);
        assertThat(warden.view(alice, "entries")).containsExactly("bad one");
    }

    static class Slow {
        final Table<String> entries = new Table<>();
        final CountDownLatch firstInside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Reducer("slow_fail")
        @Authenticated
        public void slowFail() throws InterruptedException {
            entries.insert("from the failing call");
            firstInside.countDown();
            release.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("fails after another call ran");
        }

        @Reducer("add")
        @Authenticated
        public void add(String entry) {
            entries.insert(entry);
        }

        @View("entries")
        @Authenticated
        public List<String> entries() {
            return entries.all();
        }
    }

    @Test
    void concurrentReducersAreSerializedSoOnesRollbackNeverUndoesAnothersCommit() throws Exception {
        Slow slow = new Slow();
        Warden<Slow> warden = Warden.builder(PolicyEngine.builder().build().compile(Slow.class), slow)
                .withoutTokenValidation().build();
        CallerContext alice = Callers.user("alice");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> failing = pool.submit(() -> warden.call(alice, "slow_fail"));
            assertThat(slow.firstInside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> other = pool.submit(() -> warden.call(alice, "add", "committed"));
            // the second reducer waits for the first: it cannot have run yet
            assertThat(slow.entries.all()).containsExactly("from the failing call");
            slow.release.countDown();
            assertThatThrownBy(failing::get).hasCauseInstanceOf(EntryPointFailedException.class);
            other.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(warden.view(alice, "entries")).containsExactly("committed");
    }

    static class Nested {
        final Table<String> entries = new Table<>();
        Warden<Nested> self;

        @Reducer("outer")
        @Authenticated
        public void outer() {
            entries.insert("outer");
            self.call(Callers.user("alice"), "inner");
            throw new IllegalStateException("outer fails after inner returned");
        }

        @Reducer("inner")
        @Authenticated
        public void inner() {
            entries.insert("inner");
        }

        @View("entries")
        @Authenticated
        public List<String> entries() {
            return new ArrayList<>(entries.all());
        }
    }

    @Test
    void aReducerCalledFromAReducerIsPartOfTheOuterTransaction() {
        Nested nested = new Nested();
        nested.self = Warden.builder(PolicyEngine.builder().build().compile(Nested.class), nested)
                .withoutTokenValidation().build();
        CallerContext alice = Callers.user("alice");
        assertThatThrownBy(() -> nested.self.call(alice, "outer")).isInstanceOf(EntryPointFailedException.class);
        assertThat(nested.self.view(alice, "entries")).isEmpty();
    }
}
