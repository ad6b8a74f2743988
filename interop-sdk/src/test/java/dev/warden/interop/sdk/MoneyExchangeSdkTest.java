package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.examples.bank.MoneyExchange;
import dev.warden.examples.bank.MoneyExchange.Account;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SpacetimeDB's TypeScript client SDK with the bindings {@code TypeScriptBindings} generates for the port (the
 * template's own bindings, which {@code BindingsFingerprintTest} checks, but for the views' primary keys), driven by
 * {@code src/test/node/src/money_exchange}, against Warden's host serving the port, {@link MoneyExchange}: the
 * flows of the template's App (it subscribes to {@code my_account}, {@code directory} and
 * {@code my_account_changes}, sets a name, sends money) and the privacy of the accounts.
 */
class MoneyExchangeSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PortHost<MoneyExchange> host;
    private Driver driver;

    @BeforeEach
    void start() {
        NodeSdk sdk = NodeSdk.get();
        host = PortHost.start(MoneyExchange.class, new MoneyExchange(), "money-exchange");
        driver = new Driver(sdk, host.wsUri(), "money-exchange", "out/money_exchange/scenario.js");
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void theTemplatesAppOpensAnAccountNamesItselfAndSendsMoney() {
        Driver.Report r = driver.run("exchange", Map.of("WARDEN_TOKEN_ADA", host.token("ada"),
                "WARDEN_TOKEN_BOB", host.token("bob"))).completed();
        String ada = host.identityOf("ada");
        String bob = host.identityOf("bob");
        List<JsonNode> opened = r.all("opened");
        assertThat(opened).as(r.toString()).hasSize(2);
        assertThat(opened.get(0)).isEqualTo(json(Map.of("step", "opened", "caller", "ada", "identity", ada,
                "account", List.of(Map.of("identity", ada, "balanceCents", "10000")), "directory", List.of(),
                "changes", List.of())));
        assertThat(opened.get(1).path("account")).isEqualTo(json(List.of(Map.of("identity", bob,
                "balanceCents", "10000"))));
        assertThat(opened.get(1).path("directory")).isEqualTo(json(List.of(Map.of("identity", ada, "name", "Ada",
                "nameKey", "ada"))));

        assertThat(r.all("set_name")).containsExactly(
                json(Map.of("step", "set_name", "caller", "ada", "value", "   ", "outcome", "error",
                        "name", "SenderError", "message", "Names must be between 1 and 20 characters")),
                json(Map.of("step", "set_name", "caller", "ada", "value", " Ada ", "outcome", "ok")),
                json(Map.of("step", "set_name", "caller", "bob", "value", "ADA", "outcome", "error",
                        "name", "SenderError", "message", "That name is already in use")),
                json(Map.of("step", "set_name", "caller", "bob", "value", "Bob", "outcome", "ok")),
                json(Map.of("step", "set_name", "caller", "ada", "value", "Adelaide", "outcome", "ok")));

        assertThat(r.one("refused_transfers").path("transfers")).isEqualTo(json(List.of(
                Map.of("amountCents", "1", "outcome", "error", "name", "SenderError",
                        "message", "You cannot send money to yourself"),
                Map.of("amountCents", "0", "outcome", "error", "name", "SenderError",
                        "message", "Amount must be greater than zero"),
                Map.of("amountCents", "10001", "outcome", "error", "name", "SenderError",
                        "message", "Insufficient funds"))));
        assertThat(r.one("transfer").path("outcome").asText()).isEqualTo("ok");

        // each side sees its own account and its own side of the transfer, nothing of the other's
        JsonNode after = r.one("after_transfer");
        assertThat(after.path("ada").path("account")).isEqualTo(json(List.of(Map.of("identity", ada,
                "balanceCents", "8766"))));
        assertThat(after.path("bob").path("account")).isEqualTo(json(List.of(Map.of("identity", bob,
                "balanceCents", "11234"))));
        JsonNode debit = after.path("ada").path("changes");
        JsonNode credit = after.path("bob").path("changes");
        assertThat(debit).hasSize(1);
        assertThat(credit).hasSize(1);
        assertThat(debit.get(0).path("id").asText()).isEqualTo("1");
        assertThat(debit.get(0).path("direction").asText()).isEqualTo("Debit");
        assertThat(debit.get(0).path("accountIdentity").asText()).isEqualTo(ada);
        assertThat(debit.get(0).path("counterpartyIdentity").asText()).isEqualTo(bob);
        assertThat(debit.get(0).path("amountCents").asText()).isEqualTo("1234");
        assertThat(credit.get(0).path("id").asText()).isEqualTo("2");
        assertThat(credit.get(0).path("direction").asText()).isEqualTo("Credit");
        assertThat(credit.get(0).path("accountIdentity").asText()).isEqualTo(bob);
        assertThat(credit.get(0).path("createdAtMicros")).isEqualTo(debit.get(0).path("createdAtMicros"));
        // my_account is a view whose rows have the key of account's (its ViewPrimaryKeys entry, in the bindings
        // SpacetimeDB 2.8.3 generates for it): a new balance is an update of the row
        assertThat(after.path("accountEvents")).containsExactly(json(Map.of("callback", "update", "old", "10000",
                "balanceCents", "8766", "event", "Reducer")));

        // directory has a primary key: the rename reaches the other client as an update
        JsonNode directory = r.one("directory");
        assertThat(directory.path("events")).isEqualTo(json(List.of(Map.of("callback", "update", "old", "Ada",
                "name", "Adelaide", "nameKey", "adelaide", "event", "Transaction"))));
        assertThat(directory.path("bob")).isEqualTo(json(List.of(
                Map.of("identity", ada, "name", "Adelaide", "nameKey", "adelaide"),
                Map.of("identity", bob, "name", "Bob", "nameKey", "bob"))));
        assertThat(host.rows(Account.class).stream().mapToLong(Account::balanceCents).sum()).isEqualTo(20_000);
    }

    @Test
    void aClientCannotSubscribeToThePrivateTables() {
        Driver.Report r = driver.run("private", Map.of("WARDEN_TOKEN_ADA", host.token("ada"))).completed();
        assertThat(r.all("subscription")).as(r.toString()).containsExactly(
                json(Map.of("step", "subscription", "query", "SELECT * FROM account", "outcome", "error",
                        "name", "Error", "message",
                        "no such table: `account`. If the table exists, it may be marked private.")),
                json(Map.of("step", "subscription", "query", "SELECT * FROM account_change", "outcome", "error",
                        "name", "Error", "message",
                        "no such table: `account_change`. If the table exists, it may be marked private.")));
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }
}
