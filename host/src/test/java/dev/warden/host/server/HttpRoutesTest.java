package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Identity;
import dev.warden.core.VerifiedToken;
import dev.warden.testkit.BadToken;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SpacetimeDB's HTTP answers, one test per row of issue 16's table. */
class HttpRoutesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Fixture f;

    @BeforeAll
    static void start() {
        f = new Fixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static HttpResponse<String> call(String reducer, String authorization, String body) throws Exception {
        return f.post("/v1/database/board/call/" + reducer, authorization, body);
    }

    @Test
    void noTokenMintsAnAnonymousIdentityReturnedInHeadersAndProceeds() throws Exception {
        HttpResponse<String> r = call("touch", null, "[]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        String hex = r.headers().firstValue("spacetime-identity").orElseThrow();
        String token = r.headers().firstValue("spacetime-identity-token").orElseThrow();
        VerifiedToken t = f.validator.validate(token);
        assertThat(t.identity().toHex()).isEqualTo(hex);
        assertThat(t.issuer()).isEqualTo("localhost");
        assertThat(t.fromLocalIssuer()).isTrue();
        assertThat(f.module.lifecycle).contains("connect " + hex, "disconnect " + hex);
    }

    @Test
    void garbageExpiredOrBadlySignedTokensAre401() throws Exception {
        for (String bad : List.of("not-a-token", "x".repeat(20_000), f.idp.tokens().bad(BadToken.EXPIRED),
                f.idp.tokens().bad(BadToken.WRONG_KEY))) {
            HttpResponse<String> r = call("touch", "Bearer " + bad, "[]");
            assertThat(r.statusCode()).as(bad.length() > 40 ? bad.substring(0, 40) : bad).isEqualTo(401);
            assertThat(r.headers().firstValue("spacetime-identity")).isEmpty();
            assertThat(r.body()).isNotEmpty().doesNotContain(bad.substring(bad.length() / 2));
        }
        assertThat(call("touch", "Bearer " + f.idp.tokens().bad(BadToken.EXPIRED), "[]").body()).contains("expired");
    }

    @Test
    void anAuthorizationHeaderThatIsNotBearerIs400() throws Exception {
        HttpResponse<String> r = call("touch", "Basic YWxpY2U6c2VjcmV0", "[]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Authorization is invalid: malformed token");
    }

    @Test
    void aLifecycleReducerCalledByAClientIs400() throws Exception {
        for (String hook : List.of("connected", "disconnected", "init")) {
            HttpResponse<String> r = call(hook, "Bearer " + f.user("alice"), "[]");
            assertThat(r.statusCode()).as(hook).isEqualTo(400);
            assertThat(r.body()).isEqualTo("can't directly call special lifecycle reducer " + hook);
        }
        assertThat(call("no_such", "Bearer " + f.user("alice"), "[]").statusCode()).isEqualTo(404);
        assertThat(call("no_such", null, "[]").body()).isEqualTo("no such reducer");
    }

    @Test
    void aReducerErrorIs530WithItsMessageAndADenialIs530WithTheReason() throws Exception {
        HttpResponse<String> r = call("add_note", "Bearer " + f.user("alice"), "[\" \"]");
        assertThat(r.statusCode()).isEqualTo(530);
        assertThat(r.body()).isEqualTo("text must not be blank");
        HttpResponse<String> denied = call("ban", "Bearer " + f.user("alice"), "[\"" + f.identityOf("x") + "\"]");
        assertThat(denied.statusCode()).isEqualTo(530);
        assertThat(denied.body()).contains("requires any role of [admin]");
    }

    @Test
    void successIs200WithAnEmptyBodyAndAProcedureAnswersItsJsonValue() throws Exception {
        String alice = "Bearer " + f.user("alice");
        HttpResponse<String> r = call("add_note", alice, "[\"hello\"]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("spacetime-identity")).contains(f.identityOf("alice").toHex());
        HttpResponse<String> count = call("count_notes", alice, "[]");
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(count.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(Long.parseLong(count.body())).isEqualTo(f.module.countNotes());
        assertThat(call("add_note", alice, "[1, 2]").statusCode()).isEqualTo(400);
        assertThat(call("add_note", alice, "{\"text\": 1}").statusCode()).isEqualTo(400);
    }

    @Test
    void websocketTokenResignsAnIdpTokenFor60sKeepingEveryClaimSoRolesSurvive() throws Exception {
        String bob = f.user("bob", "admin");
        HttpResponse<String> r = f.post("/v1/identity/websocket-token", "Bearer " + bob, "");
        assertThat(r.statusCode()).isEqualTo(200);
        String token = JSON.readTree(r.body()).get("token").asText();
        JsonNode before = payload(bob);
        JsonNode after = payload(token);
        assertThat(after.get("iss")).isEqualTo(before.get("iss"));
        assertThat(after.get("sub")).isEqualTo(before.get("sub"));
        // one audience: SpacetimeDB's and nimbus's JSON may write it bare or as a one-element array
        assertThat(f.validator.validate(token).audience()).isEqualTo(f.validator.validate(bob).audience());
        assertThat(after.get("roles")).isEqualTo(before.get("roles"));
        assertThat(after.get("exp").asLong() - after.get("iat").asLong()).isEqualTo(60);
        assertThat(after.get("hex_identity").asText()).isEqualTo(f.identityOf("bob").toHex());
        // the re-signed token works where bob's admin role is needed
        HttpResponse<String> ban = call("ban", "Bearer " + token, "[\"" + f.identityOf("nobody").toHex() + "\"]");
        assertThat(ban.statusCode()).isEqualTo(200);
        assertThat(f.post("/v1/identity/websocket-token", null, "").statusCode()).isEqualTo(401);
        assertThat(f.post("/v1/identity/websocket-token", "Bearer nope", "").statusCode()).isEqualTo(401);
    }

    @Test
    void verifyIs204ForTheTokensIdentityElse400() throws Exception {
        String alice = "Bearer " + f.user("alice");
        HttpResponse<String> ok = f.get("/v1/identity/" + f.identityOf("alice").toHex() + "/verify", alice);
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.body()).isEmpty();
        assertThat(f.get("/v1/identity/" + f.identityOf("bob").toHex() + "/verify", alice).statusCode())
                .isEqualTo(400);
        assertThat(f.get("/v1/identity/" + f.identityOf("alice").toHex() + "/verify", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void identityRoutesAndInit() throws Exception {
        JsonNode minted = JSON.readTree(f.post("/v1/identity", null, "").body());
        assertThat(f.validator.validate(minted.get("token").asText()).identity().toHex())
                .isEqualTo(minted.get("identity").asText());
        HttpResponse<String> pem = f.get("/v1/identity/public-key", null);
        assertThat(pem.body()).isEqualTo(f.local.publicKeyPem());
        assertThat(f.module.initializedBy).isEqualTo(Fixture.OWNER);
        assertThat(f.post("/v1/database/other/call/touch", null, "[]").statusCode()).isEqualTo(404);
        assertThat(Identity.fromHex(minted.get("identity").asText())).isNotNull();
    }

    static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
