package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.BadToken;
import dev.warden.testkit.MockIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end over real HTTP on localhost: one test per status-code path and per rule of the chat module. */
class DemoHostTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static MockIssuer idp;
    static LocalIssuer local;
    static TokenValidator validator;
    static DemoHost host;
    static String alice;
    static String bob;
    static String carol;

    @BeforeAll
    static void start() throws Exception {
        idp = MockIssuer.start();
        local = LocalIssuer.builder().build();
        validator = TokenValidator.builder().trust(idp.trust().build()).trust(local.trustedIssuer()).build();
        ClaimsMapper mapper = ClaimsMapper.builder().roles(idp.issuer(), MockIssuer.roleMapping())
                .anonymousIssuer(local.issuer()).build();
        Warden<ChatModule> warden = Warden.builder(ChatModule.engine().compile(ChatModule.class), new ChatModule())
                .validator(validator).claims(mapper).build();
        host = new DemoHost(warden, local, "chat", 0);
        alice = idp.tokens().user("alice").sign();
        bob = idp.tokens().user("bob").roles("admin").sign();
        carol = idp.tokens().user("carol").roles("moderator").sign();
    }

    @AfterAll
    static void stop() {
        host.close();
        validator.close();
        idp.close();
    }

    static HttpResponse<String> call(String token, String reducer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(host.baseUri().resolve("/v1/database/chat/call/" + reducer))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> view(String token, String view) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(host.baseUri().resolve("/v1/database/chat/view/" + view))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String error(HttpResponse<String> r) throws Exception {
        return json(r).get("error").asText();
    }

    static String hex(String subject) {
        return Identity.fromClaims(idp.issuer(), subject).toHex();
    }

    static String anonymous() throws Exception {
        return json(HTTP.send(HttpRequest.newBuilder(host.baseUri().resolve("/v1/identity"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()))
                .get("token").asText();
    }

    // ---- status-code paths

    @Test
    void ok200WithTheResult() throws Exception {
        HttpResponse<String> r = call(alice, "create_post", "[\"hello\"]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("result").isIntegralNumber()).isTrue();
    }

    @Test
    void malformedToken400() throws Exception {
        HttpResponse<String> r = call("not-a-token", "create_post", "[\"x\"]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(error(r)).startsWith("malformed token");
        assertThat(call("x".repeat(20_000), "create_post", "[\"x\"]").statusCode()).isEqualTo(400);
    }

    @Test
    void invalidToken401WithTheReason() throws Exception {
        assertThat(error(call(idp.tokens().bad(BadToken.WRONG_KEY), "create_post", "[\"x\"]")))
                .startsWith("BAD_SIGNATURE");
        HttpResponse<String> expired = call(idp.tokens().bad(BadToken.EXPIRED), "create_post", "[\"x\"]");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(error(expired)).startsWith("EXPIRED");
        assertThat(call(null, "create_post", "[\"x\"]").statusCode()).isEqualTo(401);
    }

    @Test
    void tokenAlsoAcceptedAsQueryParameter() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(host.baseUri().resolve(
                "/v1/database/chat/view/posts?token=" + alice)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void denied403WithTheReason() throws Exception {
        HttpResponse<String> r = call(alice, "ban_user", "[\"" + hex("x") + "\"]");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(error(r)).contains("requires any role of [admin]");
        assertThat(r.body()).doesNotContain(alice.substring(alice.lastIndexOf('.') + 1));
    }

    @Test
    void connectionRejected403ForBannedIdentities() throws Exception {
        String mallory = idp.tokens().user("mallory").sign();
        assertThat(call(bob, "ban_user", "[\"" + hex("mallory") + "\"]").statusCode()).isEqualTo(200);
        HttpResponse<String> r = view(mallory, "posts");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(error(r)).isEqualTo("connection rejected: you are banned");
    }

    @Test
    void unknownOrInternalEntryPoint404() throws Exception {
        assertThat(error(call(alice, "no_such_reducer", "[]"))).isEqualTo("no such entry point: no_such_reducer");
        assertThat(call(bob, "cleanup", "[]").statusCode()).as("scheduled reducers are not callable").isEqualTo(404);
        assertThat(call(bob, "connected", "[]").statusCode()).as("lifecycle hooks are not callable").isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(host.baseUri().resolve("/v1/database/other/call/x"))
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void badJson400WithAMessage() throws Exception {
        assertThat(error(call(alice, "create_post", "[\"unterminated"))).isEqualTo("body is not valid JSON");
        assertThat(error(call(alice, "create_post", "{\"text\":\"x\"}"))).isEqualTo("body must be a JSON array of arguments");
        assertThat(error(call(alice, "create_post", "[1]"))).isEqualTo("create_post argument 0 must be a String, got a Long");
        assertThat(error(call(alice, "create_post", "[]"))).isEqualTo("create_post takes 1 argument(s), got 0");
        assertThat(call(alice, "create_post", "[\"" + "x".repeat(70_000) + "\"]").statusCode()).isEqualTo(400);
    }

    @Test
    void failingReducer422WithTheModulesMessage() throws Exception {
        HttpResponse<String> r = call(alice, "create_post", "[\"\"]");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(error(r)).isEqualTo("reducer failed: text must be 1 to 500 characters");
    }

    @Test
    void identityEndpoints() throws Exception {
        JsonNode minted = json(HTTP.send(HttpRequest.newBuilder(host.baseUri().resolve("/v1/identity"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(minted.get("identity").asText()).startsWith("c200").hasSize(64);
        HttpResponse<String> pem = HTTP.send(HttpRequest.newBuilder(host.baseUri().resolve("/v1/identity/public-key"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pem.body()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(HTTP.send(HttpRequest.newBuilder(host.baseUri().resolve("/v1/database/chat/call/create_post"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    // ---- rules of the chat module

    @Test
    void createPostNeedsAnAuthenticatedCaller() throws Exception {
        String anon = anonymous();
        assertThat(call(anon, "create_post", "[\"x\"]").statusCode()).isEqualTo(403);
        assertThat(view(anon, "posts").statusCode()).as("but anyone reads the public view").isEqualTo(200);
    }

    @Test
    void updateProfileOnlyForOneself() throws Exception {
        assertThat(call(alice, "update_profile", "[\"" + hex("alice") + "\", \"Alice\"]").statusCode()).isEqualTo(200);
        HttpResponse<String> other = call(alice, "update_profile", "[\"" + hex("bob") + "\", \"Mallory\"]");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(error(other)).contains("policy 'self' denied");
        assertThat(json(view(anonymous(), "profiles")).get("result").get(0).get(hex("alice")).asText()).isEqualTo("Alice");
    }

    @Test
    void deletePostByItsAuthorOrAModerator() throws Exception {
        long mine = json(call(alice, "create_post", "[\"mine\"]")).get("result").asLong();
        long bobs = json(call(bob, "create_post", "[\"bob's\"]")).get("result").asLong();
        long other = json(call(bob, "create_post", "[\"another\"]")).get("result").asLong();
        assertThat(call(alice, "delete_post", "[" + bobs + "]").statusCode()).isEqualTo(403);
        assertThat(call(alice, "delete_post", "[" + mine + "]").statusCode()).isEqualTo(200);
        assertThat(call(carol, "delete_post", "[" + bobs + "]").statusCode()).as("moderator").isEqualTo(200);
        assertThat(call(bob, "delete_post", "[" + other + "]").statusCode()).as("admin > moderator").isEqualTo(200);
    }

    @Test
    void banUserNeedsAdmin() throws Exception {
        assertThat(call(carol, "ban_user", "[\"" + hex("x") + "\"]").statusCode()).isEqualTo(403);
        assertThat(call(bob, "ban_user", "[\"" + hex("x") + "\"]").statusCode()).isEqualTo(200);
    }

    @Test
    void myMessagesShowsOnlyTheCallersRows() throws Exception {
        String dave = idp.tokens().user("dave").sign();
        assertThat(call(alice, "send_message", "[\"" + hex("dave") + "\", \"for dave\"]").statusCode()).isEqualTo(200);
        assertThat(call(alice, "send_message", "[\"" + hex("erin") + "\", \"for erin\"]").statusCode()).isEqualTo(200);
        JsonNode rows = json(view(dave, "my_messages")).get("result");
        List<String> texts = java.util.stream.StreamSupport.stream(rows.spliterator(), false)
                .map(n -> n.get("text").asText()).collect(Collectors.toList());
        assertThat(texts).containsExactly("for dave");
        assertThat(view(anonymous(), "my_messages").statusCode()).isEqualTo(403);
    }

    @Test
    void exportProcedureNeedsAdmin() throws Exception {
        assertThat(call(alice, "export_posts", "[]").statusCode()).isEqualTo(403);
        assertThat(call(bob, "export_posts", "[]").statusCode()).isEqualTo(200);
    }

    @Test
    void theWalkthroughProducesTheDocumentedOutcomes() throws Exception {
        Walkthrough.Result r = new Walkthrough(host.baseUri(), idp).run();
        assertThat(r.steps()).extracting(Walkthrough.Step::status).containsExactly(200, 200, 200, 403, 200, 403, 403, 200,
                403, 200, 403, 200, 200, 200, 200, 404, 422, 400, 401, 401, 400, 404);
        assertThat(r.table()).startsWith("| # | caller | request | status | outcome |");
    }

    @Test
    void demoOptionsAreChecked() {
        assertThat(Demo.options(new String[] {"--port 0 --exit"})).containsEntry("port", "0").containsKey("exit");
        assertThat(Demo.preset("keycloak:game").toString()).contains("resource_access");
        for (String p : List.of("spacetimeauth", "entra", "okta", "cognito", "clerk", "firebase", "spring")) {
            assertThat(Demo.preset(p).toString()).as(p).startsWith("RoleMapping(" + Map.of("spacetimeauth",
                    "spacetimeAuth", "entra", "entraId", "spring", "springAuthorizationServer").getOrDefault(p, p) + ")");
        }
        assertThat(Demo.preset("firebase:admin,beta").toString()).contains("admin=true -> admin", "beta=true -> beta");
        dev.warden.core.TrustedIssuer real = Demo.realIssuer("https://sso.example.com/realms/game",
                Demo.options(new String[] {"--audience game-api --authorized-party game-client --access-tokens"}));
        assertThat(real.audiences()).containsExactly("game-api");
        assertThat(real.authorizedParty()).contains("game-client");
        assertThat(real.acceptsAccessTokens()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Demo.preset("nope"))
                .hasMessageContaining("unknown --roles preset");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Demo.options(new String[] {"--port"}))
                .hasMessageContaining("needs a value");
        assertThat(URI.create(host.baseUri().toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
