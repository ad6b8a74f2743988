package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.examples.quickstart.QuickstartChat.Message;
import dev.warden.examples.quickstart.QuickstartChat.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SpacetimeDB's TypeScript client SDK with the bindings {@code TypeScriptBindings} generates for the port (the
 * template's own, byte for byte: {@code BindingsFingerprintTest}), driven by {@code src/test/node/src/quickstart_chat},
 * against Warden's host serving the port,
 * {@link QuickstartChat}: what the template's integration test and UI do, seen through the SDK's callbacks.
 */
class QuickstartChatSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PortHost<QuickstartChat> host;
    private Driver driver;

    @BeforeEach
    void start() {
        NodeSdk sdk = NodeSdk.get();
        host = PortHost.start(QuickstartChat.class, new QuickstartChat(), "quickstart-chat");
        driver = new Driver(sdk, host.wsUri(), "quickstart-chat", "out/quickstart_chat/scenario.js");
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void theTemplatesClientChatsAndSeesNamesAndTheOnlineFlagAsUpdatesOfTheSameRow() {
        Driver.Report r = driver.run("chat", Map.of("WARDEN_TOKEN_ALICE", host.token("alice"),
                "WARDEN_TOKEN_BOB", host.token("bob"))).completed();
        String alice = host.identityOf("alice");
        String bob = host.identityOf("bob");
        // the connect hook ran before the subscription: alice's own row, online, without a name
        assertThat(r.one("subscribed")).as(r.toString()).isEqualTo(json(Map.of("step", "subscribed",
                "identity", alice, "users", List.of(user(alice, null, true)), "messages", List.of())));
        assertThat(r.all("set_name")).containsExactly(
                json(Map.of("step", "set_name", "value", "", "outcome", "error", "name", "SenderError",
                        "message", "Names must not be empty")),
                json(Map.of("step", "set_name", "value", "TestUser", "outcome", "ok")));
        List<JsonNode> sends = r.all("send_message");
        assertThat(sends).hasSize(3);
        assertThat(sends.get(0).path("message").asText()).as(r.toString()).isEqualTo("Messages must not be empty");
        assertThat(sends.get(0).path("name").asText()).isEqualTo("SenderError");
        assertThat(sends.get(1).path("outcome").asText()).isEqualTo("ok");
        assertThat(sends.get(2).path("outcome").asText()).isEqualTo("ok");

        // bob arrives (an insert), alice's name and bob's leaving are updates of the same primary key: the SDK
        // pairs each delete and insert of one TableUpdate, so no delete or insert callback fires for them
        JsonNode events = r.one("user_events").path("events");
        assertThat(events).as(r.toString()).hasSize(3);
        assertThat(events.get(0)).isEqualTo(json(Map.of("callback", "insert", "row", user(bob, null, true),
                "event", "Transaction")));
        assertThat(events.get(1).path("callback").asText()).isEqualTo("update");
        assertThat(events.get(1).path("old")).isEqualTo(json(user(alice, null, true)));
        assertThat(events.get(1).path("row")).isEqualTo(json(user(alice, "TestUser", true)));
        assertThat(events.get(1).path("event").asText()).isEqualTo("Reducer");
        assertThat(events.get(1).path("reducer").asText()).isEqualTo("set_name");
        assertThat(events.get(2)).isEqualTo(json(Map.of("callback", "update", "old", user(bob, null, true),
                "row", user(bob, null, false), "event", "Transaction")));

        // alice's message comes with her own call's result, bob's with his transaction; each is the host's row,
        // its sent column the sending transaction's timestamp (to the microsecond, as it travels)
        List<JsonNode> stored = host.rows(Message.class).stream().map(QuickstartChatSdkTest::message).toList();
        JsonNode messages = r.one("message_events").path("events");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("row").path("sender").asText()).isEqualTo(alice);
        assertThat(messages.get(0).path("row").path("text").asText()).isEqualTo("Hello from GH Actions!");
        assertThat(messages.get(0).path("event").asText()).isEqualTo("Reducer");
        assertThat(messages.get(0).path("reducer").asText()).isEqualTo("send_message");
        assertThat(messages.get(1).path("row").path("sender").asText()).isEqualTo(bob);
        assertThat(messages.get(1).path("row").path("text").asText()).isEqualTo("Hi TestUser");
        assertThat(messages.get(1).path("event").asText()).isEqualTo("Transaction");
        assertThat(List.of(messages.get(0).path("row"), messages.get(1).path("row")))
                .containsExactlyInAnyOrderElementsOf(stored);

        // the client's cache is the host's tables
        JsonNode rows = r.one("rows");
        assertThat(rows.path("users")).containsExactlyInAnyOrder(json(user(alice, "TestUser", true)),
                json(user(bob, null, false)));
        assertThat(host.rows(User.class)).hasSize(2);
        assertThat(rows.path("messages")).containsExactlyInAnyOrderElementsOf(stored);
    }

    /**
     * The original stamps a message with {@code ctx.timestamp}, the timestamp its sender's SDK receives with the
     * reducer's result: the host used to send a timestamp taken before the reducer ran, apart from the
     * transaction's (34 us off in the first run).
     */
    @Test
    void aMessageIsStampedWithTheTimestampItsSenderReceivesWithTheResult() {
        Driver.Report r = driver.run("chat", Map.of("WARDEN_TOKEN_ALICE", host.token("alice"),
                "WARDEN_TOKEN_BOB", host.token("bob"))).completed();
        JsonNode own = r.one("message_events").path("events").get(0);
        assertThat(own.path("event").asText()).as(r.toString()).isEqualTo("Reducer");
        assertThat(own.path("row").path("sentMicros").asText()).isEqualTo(own.path("micros").asText());
    }

    @Test
    void aReturningClientFindsItsRowWithItsName() {
        Driver.Report r = driver.run("returning", Map.of("WARDEN_TOKEN_ALICE", host.token("alice"))).completed();
        assertThat(r.one("set_name").path("outcome").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(r.one("rows").path("users")).isEqualTo(json(List.of(user(host.identityOf("alice"), "Alice",
                true))));
    }

    private static Map<String, Object> user(String identity, String name, boolean online) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("identity", identity);
        m.put("name", name);
        m.put("online", online);
        return m;
    }

    private static JsonNode message(Message m) {
        return json(Map.of("sender", m.sender().toHex(), "sentMicros",
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, m.sent())), "text", m.text()));
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }
}
