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
import java.util.List;
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
}
