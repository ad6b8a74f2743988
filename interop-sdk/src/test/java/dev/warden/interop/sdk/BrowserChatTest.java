package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.examples.quickstart.QuickstartChat.Message;
import dev.warden.examples.quickstart.QuickstartChat.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A browser app against Warden's host, as a user meets it: Debian's Chromium, headless, opens a chat page
 * ({@code src/test/node/src/browser/chat_page.ts}, bundled with SpacetimeDB's browser SDK and the quickstart
 * chat's bindings) served from another origin than the host's, connects anonymously, sets a name, sends a
 * message, and after a reload reconnects with the token it saved, as the same user. This needs the host's CORS
 * answer (the SDK exchanges the saved token for a WebSocket token with a cross-origin POST), the SDK's preferred
 * protocol and no WebSocket extension, and the qualified SQL of the bindings' query builder.
 */
class BrowserChatTest {

    @Test
    void aBrowserAppConnectsChatsAndAfterAReloadIsTheSameUserWithItsSavedToken() {
        NodeSdk sdk = NodeSdk.get();
        Chromium chromium = Chromium.get();
        try (PortHost<QuickstartChat> host = PortHost.start(QuickstartChat.class, new QuickstartChat(),
                "quickstart-chat")) {
            Driver driver = new Driver(sdk, host.wsUri(), "quickstart-chat", "out/browser/browser_driver.js",
                    Duration.ofSeconds(60));
            Driver.Report r = driver.run("chat", chromium.env()).completed();

            JsonNode connected = r.one("connected");
            String identity = connected.path("identity").asText();
            assertThat(identity).as(r.toString()).hasSize(64);
            assertThat(connected.path("tokenSaved").asBoolean()).isTrue();
            // no name yet: the page shows the identity's first 8 hex digits, and the user is online
            assertThat(connected.path("name").asText()).isEqualTo(identity.substring(0, 8));
            assertThat(connected.path("online").asText()).isEqualTo(identity.substring(0, 8));

            assertThat(r.one("named").path("online").asText()).isEqualTo("TestUser");
            assertThat(texts(r.one("sent").path("messages"))).containsExactly("TestUser: Hello from Chromium");

            JsonNode reloaded = r.one("reloaded");
            assertThat(reloaded.path("identity").asText()).as(r.toString()).isEqualTo(identity);
            assertThat(reloaded.path("name").asText()).isEqualTo("TestUser");
            assertThat(texts(reloaded.path("messages"))).containsExactly("TestUser: Hello from Chromium");
            assertThat(reloaded.path("error").asText()).isEmpty();
            assertThat(texts(r.one("problems").path("problems"))).as(r.toString()).isEmpty();

            // the host's own tables agree: one user, named, online again after the reload; one message from them
            List<User> users = host.rows(User.class);
            assertThat(users).hasSize(1);
            assertThat(users.get(0).identity().toHex()).isEqualTo(identity);
            assertThat(users.get(0).name()).contains("TestUser");
            assertThat(host.rows(Message.class)).extracting(Message::text).containsExactly("Hello from Chromium");
        }
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
