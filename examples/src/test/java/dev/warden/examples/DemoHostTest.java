package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.db.Database;
import dev.warden.host.Bsatn;
import dev.warden.host.HostServer;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's host end to end on localhost: the chat module's rules through SpacetimeDB's HTTP routes and status
 * codes, its views as tables over the v2.bsatn.spacetimedb WebSocket, and the walkthrough's exact outcomes.
 */
class DemoHostTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static MockIssuer idp;
    static LocalIssuer local;
    static TokenValidator validator;
    static Warden<ChatModule> warden;
    static HostServer host;
    static String alice;
    static String bob;
    static String carol;

    @BeforeAll
    static void start() {
        idp = MockIssuer.start();
        local = LocalIssuer.builder().build();
        validator = TokenValidator.builder().trust(idp.trust().build()).trust(local.trustedIssuer()).build();
        warden = chatWarden();
        host = chatHost(warden);
        alice = idp.tokens().user("alice").sign();
        bob = idp.tokens().user("bob").roles("admin").sign();
        carol = idp.tokens().user("carol").roles("moderator").sign();
    }

    /** The chat module with empty tables, as Demo builds it. */
    static Warden<ChatModule> chatWarden() {
        ClaimsMapper mapper = ClaimsMapper.builder().roles(idp.issuer(), MockIssuer.roleMapping())
                .anonymousIssuer(local.issuer()).build();
        return Warden.builder(ChatModule.engine().compile(ChatModule.class), new ChatModule())
                .validator(validator).claims(mapper).build();
    }

    /** A host serving it as Demo does. */
    static HostServer chatHost(Warden<ChatModule> w) {
        return HostServer.builder(w, validator, local).database("chat").port(0).start();
    }

    /** The post table now, by id. */
    static List<ChatModule.Post> posts() {
        Database d = warden.database();
        return d.read(() -> d.db().table(ChatModule.Post.class).all().stream()
                .sorted(Comparator.comparingLong(ChatModule.Post::id)).toList());
    }

    /** The profile table now. */
    static List<ChatModule.Profile> profiles() {
        Database d = warden.database();
        return d.read(() -> d.db().table(ChatModule.Profile.class).all());
    }

    @AfterAll
    static void stop() {
        host.close();
        validator.close();
        idp.close();
    }

    static HttpResponse<String> call(String token, String reducer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(host.uri().resolve("/v1/database/chat/call/" + reducer))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String hex(String subject) {
        return Identity.fromClaims(idp.issuer(), subject).toHex();
    }

    static long postId(String text) {
        return posts().stream().filter(p -> p.text().equals(text)).findFirst().orElseThrow().id();
    }

    // ---- rules of the chat module, with SpacetimeDB's status codes

    @Test
    void createPostNeedsAnAuthenticatedCaller() throws Exception {
        HttpResponse<String> ok = call(alice, "create_post", "[\"hello\"]");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEmpty();
        assertThat(ok.headers().firstValue("spacetime-identity")).contains(hex("alice"));
        String anon = local.mintAnonymous().token();
        HttpResponse<String> denied = call(anon, "create_post", "[\"x\"]");
        assertThat(denied.statusCode()).isEqualTo(530);
        assertThat(denied.body()).startsWith("denied create_post: requires an authenticated caller; caller is "
                + "ANONYMOUS c200");
        HttpResponse<String> none = call(null, "create_post", "[\"x\"]");
        assertThat(none.statusCode()).as("no token: a new anonymous identity, then denied").isEqualTo(530);
        assertThat(none.headers().firstValue("spacetime-identity").orElseThrow()).startsWith("c200").hasSize(64);
        assertThat(posts()).extracting(ChatModule.Post::text).doesNotContain("x");
    }

    @Test
    void aFailingReducerIs530WithTheModulesMessageAndChangesNothing() throws Exception {
        int before = posts().size();
        HttpResponse<String> r = call(alice, "create_post", "[\"\"]");
        assertThat(r.statusCode()).isEqualTo(530);
        assertThat(r.body()).isEqualTo("text must be 1 to 500 characters");
        assertThat(posts()).hasSize(before);
    }

    @Test
    void updateProfileOnlyForOneself() throws Exception {
        assertThat(call(alice, "update_profile", "[\"" + hex("alice") + "\", \"Alice\"]").statusCode())
                .isEqualTo(200);
        HttpResponse<String> other = call(alice, "update_profile", "[\"" + hex("bob") + "\", \"Mallory\"]");
        assertThat(other.statusCode()).isEqualTo(530);
        assertThat(other.body()).startsWith("denied update_profile: policy 'self' denied caller USER");
        assertThat(profiles()).containsExactly(new ChatModule.Profile(Identity.fromHex(hex("alice")),
                "Alice"));
    }

    @Test
    void deletePostByItsAuthorOrAModerator() throws Exception {
        call(alice, "create_post", "[\"mine\"]");
        call(bob, "create_post", "[\"bob's\"]");
        call(bob, "create_post", "[\"another\"]");
        assertThat(call(alice, "delete_post", "[" + postId("bob's") + "]").body())
                .startsWith("denied delete_post: policy 'authorOrModerator' denied");
        assertThat(call(alice, "delete_post", "[" + postId("mine") + "]").statusCode()).isEqualTo(200);
        assertThat(call(carol, "delete_post", "[" + postId("bob's") + "]").statusCode()).as("moderator")
                .isEqualTo(200);
        assertThat(call(bob, "delete_post", "[" + postId("another") + "]").statusCode()).as("admin > moderator")
                .isEqualTo(200);
        assertThat(posts()).extracting(ChatModule.Post::text).doesNotContain("mine", "bob's", "another");
        assertThat(call(bob, "delete_post", "[99999]").body()).isEqualTo("no post 99999");
    }

    @Test
    void banUserNeedsAdminAndABannedIdentityIsTurnedAwayAtConnect() throws Exception {
        HttpResponse<String> moderator = call(carol, "ban_user", "[\"" + hex("mallory") + "\"]");
        assertThat(moderator.statusCode()).isEqualTo(530);
        assertThat(moderator.body()).contains("requires any role of [admin]");
        assertThat(call(bob, "ban_user", "[\"" + hex("mallory") + "\"]").statusCode()).isEqualTo(200);
        String mallory = idp.tokens().user("mallory").sign();
        HttpResponse<String> r = call(mallory, "create_post", "[\"let me in\"]");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("you are banned");
        try (ChatSocket ws = new ChatSocket(host.uri(), mallory)) {
            assertThat(ws.dropped()).as("a banned identity's WebSocket is dropped before InitialConnection")
                    .isTrue();
        }
    }

    @Test
    void exportProcedureNeedsAdminAndAnswersItsJsonValue() throws Exception {
        assertThat(call(alice, "export_posts", "[]").statusCode()).isEqualTo(530);
        HttpResponse<String> r = call(bob, "export_posts", "[]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(Integer.parseInt(r.body())).isEqualTo(posts().size());
    }

    @Test
    void scheduledAndLifecycleEntryPointsAreNotClientCallable() throws Exception {
        HttpResponse<String> cleanup = call(bob, "cleanup", "[]");
        assertThat(cleanup.statusCode()).isEqualTo(404);
        assertThat(cleanup.body()).isEqualTo("no such reducer");
        HttpResponse<String> hook = call(bob, "connected", "[]");
        assertThat(hook.statusCode()).isEqualTo(400);
        assertThat(hook.body()).isEqualTo("can't directly call special lifecycle reducer connected");
    }

    // ---- the views, as tables over SpacetimeDB's WebSocket protocol

    @Test
    void myMessagesAreEachSubscribersOwnRowsAndArriveLive() throws Exception {
        String dave = idp.tokens().user("dave").sign();
        assertThat(call(alice, "send_message", "[\"" + hex("dave") + "\", \"for dave\"]").statusCode())
                .isEqualTo(200);
        assertThat(call(alice, "send_message", "[\"" + hex("erin") + "\", \"for erin\"]").statusCode())
                .isEqualTo(200);
        try (ChatSocket ws = new ChatSocket(host.uri(), dave)) {
            assertThat(ws.identity()).isEqualTo(Identity.fromHex(hex("dave")));
            assertThat(ws.subscribe("SELECT * FROM my_messages", ChatModule.Message.class))
                    .extracting(ChatModule.Message::text).containsExactly("for dave");
            call(alice, "send_message", "[\"" + hex("erin") + "\", \"for erin again\"]");
            call(alice, "send_message", "[\"" + hex("dave") + "\", \"for dave again\"]");
            assertThat(ws.nextInserts(ChatModule.Message.class)).extracting(ChatModule.Message::text)
                    .containsExactly("for dave again");
        }
        try (ChatSocket anon = new ChatSocket(host.uri(), null)) {
            assertThat(anon.identity().toHex()).startsWith("c200");
            assertThat(anon.subscriptionError("SELECT * FROM my_messages"))
                    .startsWith("denied my_messages: requires an authenticated caller");
        }
    }

    @Test
    void postsAndProfilesAreTablesAnyoneMayRead() throws Exception {
        call(alice, "update_profile", "[\"" + hex("alice") + "\", \"Alice\"]");
        call(alice, "create_post", "[\"a post for everyone\"]");
        try (ChatSocket anon = new ChatSocket(host.uri(), null)) {
            assertThat(anon.identity().toHex()).startsWith("c200");
            assertThat(anon.subscribe("SELECT * FROM profiles", ChatModule.Profile.class))
                    .contains(new ChatModule.Profile(Identity.fromHex(hex("alice")), "Alice"));
            List<ChatModule.Post> posts = anon.subscribe("SELECT * FROM posts", ChatModule.Post.class);
            assertThat(posts).extracting(ChatModule.Post::text).contains("a post for everyone");
            assertThat(posts).isEqualTo(posts().stream().map(p -> Bsatn.codecFor(ChatModule.Post.class)
                    .decode(Bsatn.codecFor(ChatModule.Post.class).encode(p))).toList());
        }
    }

    // ---- the walkthrough and the demo's options

    @Test
    void theWalkthroughGetsSpacetimeDbsStatusCodes() throws Exception {
        try (HostServer fresh = chatHost(chatWarden())) {
            Walkthrough.Result r = new Walkthrough(fresh.uri(), idp).run();
            assertThat(r.steps()).extracting(Walkthrough.Step::status).containsExactly(
                    200, 200, 200, 530, 530, 200, 530, 530, 200, 530, 200, 403, 200, 530, 200, 404, 400, 530, 400,
                    404, 401, 401, 401, 400, 200, 204, 400);
            List<String> outcomes = r.steps().stream().map(Walkthrough.Step::outcome).toList();
            assertThat(outcomes.get(3)).startsWith("denied create_post: requires an authenticated caller");
            assertThat(outcomes.get(7)).startsWith("denied delete_post: policy 'authorOrModerator' denied");
            assertThat(outcomes.get(11)).isEqualTo("you are banned");
            assertThat(outcomes.get(14)).isEqualTo("1");
            assertThat(outcomes.get(17)).isEqualTo("text must be 1 to 500 characters");
            assertThat(outcomes.get(20)).startsWith("BAD_SIGNATURE");
            assertThat(outcomes.get(21)).startsWith("EXPIRED");
            assertThat(outcomes.get(23)).isEqualTo("Authorization is invalid: malformed token");
            assertThat(r.table()).startsWith("| # | caller | request | status | outcome |")
                    .doesNotContain(alice.substring(alice.lastIndexOf('.') + 1)).doesNotContain("eyJ");
        }
    }

    @Test
    void demoOptionsAreChecked() {
        assertThat(Demo.options(new String[] {"--port 0 --exit"})).containsEntry("port", "0").containsKey("exit");
        assertThat(Demo.options(new String[] {"--port", "0", "--exit"})).containsEntry("port", "0")
                .containsKey("exit");
        assertThat(Demo.preset("keycloak:game").toString()).contains("resource_access");
        for (String p : List.of("spacetimeauth", "entra", "okta", "cognito", "clerk", "firebase", "spring")) {
            assertThat(Demo.preset(p).toString()).as(p).startsWith("RoleMapping(" + Map.of("spacetimeauth",
                    "spacetimeAuth", "entra", "entraId", "spring", "springAuthorizationServer").getOrDefault(p, p) + ")");
        }
        assertThat(Demo.preset("firebase:admin,beta").toString()).contains("admin=true -> admin", "beta=true -> beta");
        TrustedIssuer real = Demo.realIssuer("https://sso.example.com/realms/game",
                Demo.options(new String[] {"--audience game-api --authorized-party game-client --access-tokens"}));
        assertThat(real.audiences()).containsExactly("game-api");
        assertThat(real.authorizedParty()).contains("game-client");
        assertThat(real.acceptsAccessTokens()).isTrue();
        assertThatThrownBy(() -> Demo.preset("nope")).hasMessageContaining("unknown --roles preset");
        assertThatThrownBy(() -> Demo.options(new String[] {"--port"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Demo.realIssuer("https://sso.example.com", Map.of()))
                .hasMessageContaining("--issuer needs --audience");
        assertThat(URI.create(host.uri().toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
