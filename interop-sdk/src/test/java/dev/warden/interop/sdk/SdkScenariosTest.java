package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.testkit.BadToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SpacetimeDB's TypeScript client SDK (npm spacetimedb 2.10.1, under Node) against Warden's host serving the
 * examples' chat module: each test starts a host on a free loopback port and runs one scenario of the driver
 * ({@code src/test/node/src/scenario.ts}), asserting what the SDK itself reported.
 */
class SdkScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatHost host;
    private Driver driver;

    @BeforeEach
    void start() {
        NodeSdk sdk = NodeSdk.get();
        host = ChatHost.start();
        driver = new Driver(sdk, host.wsUri(), ChatHost.DATABASE);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void anAnonymousConnectionGetsAnIdentityAndATokenThatKeepsIt() {
        Driver.Report r = driver.run("anonymous", Map.of()).completed();
        JsonNode connected = r.one("connected");
        String identity = connected.path("identity").asText();
        assertThat(identity).as(r.toString()).matches("[0-9a-f]{64}");
        assertThat(connected.path("iss").asText()).isEqualTo(host.localIssuer());
        assertThat(connected.path("hexIdentity").asText()).isEqualTo(identity);
        assertThat(connected.path("sub").asText()).isNotBlank();
        assertThat(r.one("reconnected").path("identity").asText()).as(r.toString()).isEqualTo(identity);
    }

    @Test
    void aTokenFromTheIssuerCarriesItsIdentityAndRoles() {
        String admin = host.issuer().tokens().user("bob").roles("admin").sign();
        String user = host.issuer().tokens().user("alice").sign();
        String target = host.identityOf("mallory").toHex();
        Driver.Report r = driver.run("roles", Map.of("WARDEN_TOKEN_ADMIN", admin, "WARDEN_TOKEN_USER", user,
                "WARDEN_BAN_TARGET", target)).completed();
        assertThat(r.all("connected")).extracting(c -> c.path("caller").asText() + " " + c.path("identity").asText())
                .containsExactly("admin " + host.identityOf("bob").toHex(), "user " + host.identityOf("alice").toHex());
        List<JsonNode> bans = r.all("ban_user");
        assertThat(bans).hasSize(2);
        assertThat(bans.get(0).path("outcome").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(bans.get(1).path("outcome").asText()).as(r.toString()).isEqualTo("error");
        assertThat(bans.get(1).path("name").asText()).isEqualTo("SenderError");
        String reason = host.reasonFor(user, "ban_user", target);
        assertThat(reason).startsWith("denied ban_user: requires any role of [admin]; caller USER ");
        assertThat(bans.get(1).path("message").asText()).isEqualTo(reason);
    }

    @Test
    void anAllowedReducerSucceedsAndTheSubscribedRowArrives() {
        Driver.Report r = driver.run("allowed", Map.of("WARDEN_TOKEN_USER",
                host.issuer().tokens().user("alice").sign())).completed();
        assertThat(r.one("subscribed").path("rows").asInt()).isZero();
        assertThat(r.one("create_post").path("outcome").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(r.one("insert")).isEqualTo(json(Map.of("step", "insert", "id", "1",
                "author", host.identityOf("alice").toHex(), "text", "hello from the SDK")));
        assertThat(r.one("cache").path("rows").asInt()).isEqualTo(1);
    }

    @Test
    void aDeniedReducerFailsInTheSdkWithWardensReasonAndChangesNothing() {
        String user = host.issuer().tokens().user("alice").sign();
        Driver.Report r = driver.run("denied", Map.of("WARDEN_TOKEN_USER", user)).completed();
        JsonNode post = r.one("create_post");
        String anonymous = post.path("identity").asText();
        assertThat(post.path("outcome").asText()).as(r.toString()).isEqualTo("error");
        assertThat(post.path("name").asText()).isEqualTo("SenderError");
        assertThat(post.path("message").asText()).isEqualTo("denied create_post: requires an authenticated caller;"
                + " caller is ANONYMOUS " + anonymous.substring(0, 12) + "...");
        JsonNode ban = r.one("ban_user");
        assertThat(ban.path("name").asText()).as(r.toString()).isEqualTo("SenderError");
        assertThat(ban.path("message").asText()).isEqualTo(host.reasonFor(user, "ban_user", anonymous));
        assertThat(r.one("cache")).isEqualTo(json(Map.of("step", "cache", "rows", 0, "inserts", 0)));
    }

    @Test
    void anUnknownReducerFailsInTheSdkAsSpacetimeDbReportsIt() {
        Driver.Report r = driver.run("unknown", Map.of("WARDEN_TOKEN_USER",
                host.issuer().tokens().user("alice").sign())).completed();
        assertThat(r.one("no_such_reducer")).as(r.toString()).isEqualTo(json(Map.of("step", "no_such_reducer",
                "outcome", "error", "name", "InternalError", "message", "no such reducer: no_such_reducer")));
    }

    @Test
    void twoCallersSubscribedToTheSameViewSeeDifferentRows() {
        Driver.Report r = driver.run("visibility", Map.of(
                "WARDEN_TOKEN_ALICE", host.issuer().tokens().user("alice").sign(),
                "WARDEN_TOKEN_BOB", host.issuer().tokens().user("bob").sign())).completed();
        String alice = host.identityOf("alice").toHex();
        String bob = host.identityOf("bob").toHex();
        assertThat(r.all("send_message")).extracting(s -> s.path("outcome").asText()).as(r.toString())
                .containsExactly("ok", "ok");
        JsonNode rows = r.one("rows");
        assertThat(rows.path("aliceIdentity").asText()).isEqualTo(alice);
        assertThat(rows.path("bobIdentity").asText()).isEqualTo(bob);
        assertThat(rows.path("alice")).isEqualTo(json(List.of(Map.of("sender", bob, "recipient", alice,
                "text", "hi alice"))));
        assertThat(rows.path("bob")).isEqualTo(json(List.of(Map.of("sender", alice, "recipient", bob,
                "text", "hi bob"))));
    }

    @Test
    void aRefreshedTokenOnReconnectKeepsTheIdentity() {
        Instant now = Instant.now();
        String first = host.issuer().tokens().user("alice").issuedAt(now.minus(Duration.ofMinutes(50)))
                .expiresAt(now.plus(Duration.ofMinutes(10))).sign();
        String second = host.issuer().tokens().user("alice").issuedAt(now).expiresAt(now.plus(Duration.ofHours(1)))
                .sign();
        Driver.Report r = driver.run("refresh", Map.of("WARDEN_TOKEN_FIRST", first, "WARDEN_TOKEN_SECOND", second))
                .completed();
        JsonNode before = r.one("connected");
        JsonNode after = r.one("reconnected");
        assertThat(after.path("tokenSha256").asText()).isNotEqualTo(before.path("tokenSha256").asText());
        assertThat(before.path("identity").asText()).isEqualTo(host.identityOf("alice").toHex());
        assertThat(after.path("identity").asText()).isEqualTo(before.path("identity").asText());
    }

    @ParameterizedTest
    @EnumSource(value = BadToken.class, names = {"WRONG_KEY", "EXPIRED", "UNKNOWN_KEY"})
    void aRejectedTokenNeverConnects(BadToken kind) {
        Driver.Report r = driver.run("rejected", Map.of("WARDEN_TOKEN_BAD", host.issuer().tokens().bad(kind)))
                .completed();
        assertThat(r.all("connected")).as(r.toString()).isEmpty();
        assertThat(r.one("connect_error")).isEqualTo(json(Map.of("step", "connect_error", "name", "Error",
                "message", "Failed to verify token: Unauthorized")));
        assertThat(host.rejections()).containsExactly(kind.expectedReason());
    }

    @Test
    void aBannedCallersConnectionIsClosedBeforeItConnects() {
        host.ban("alice");
        Driver.Report r = driver.run("rejected", Map.of("WARDEN_TOKEN_BAD",
                host.issuer().tokens().user("alice").sign())).completed();
        assertThat(r.all("connected")).as(r.toString()).isEmpty();
        assertThat(r.one("connect_error").path("message").asText()).isEqualTo("disconnected before InitialConnection");
        assertThat(host.rejections()).isEmpty();
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }
}
