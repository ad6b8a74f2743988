package dev.warden.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Identity;
import dev.warden.testkit.BadToken;
import dev.warden.testkit.MockIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The demo's scripted tour over SpacetimeDB's HTTP routes: alice (a user), bob (an admin), an anonymous client,
 * a forged and an expired token, each calling the chat module ({@code POST /v1/database/chat/call/:reducer});
 * every call's status, as SpacetimeDB gives it, and its body end up in a table. It expects a fresh database:
 * alice's post is post 1 and bob's post 2 (the post table numbers its rows from 1).
 */
public final class Walkthrough {

    /**
     * One call of the tour.
     *
     * @param caller who called
     * @param request what was called
     * @param status the HTTP status
     * @param outcome the body, or what an empty body means
     */
    public record Step(String caller, String request, int status, String outcome) {}

    /**
     * The tour's outcome.
     *
     * @param steps every step, in order
     */
    public record Result(List<Step> steps) {

        /** @param steps every step, in order */
        public Result {
            steps = List.copyOf(steps);
        }

        /** @return the steps as a Markdown table */
        public String table() {
            StringBuilder b = new StringBuilder("| # | caller | request | status | outcome |\n"
                    + "| --- | --- | --- | --- | --- |\n");
            int i = 1;
            for (Step s : steps) {
                b.append("| ").append(i++).append(" | ").append(s.caller()).append(" | `").append(s.request())
                        .append("` | ").append(s.status()).append(" | ").append(s.outcome().replace("|", "\\|"))
                        .append(" |\n");
            }
            return b.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX = Pattern.compile("c200[0-9a-f]{60}");

    private final URI base;
    private final MockIssuer issuer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Step> steps = new ArrayList<>();

    /**
     * @param base the host
     * @param issuer the embedded issuer that signs alice's and bob's tokens
     */
    public Walkthrough(URI base, MockIssuer issuer) {
        this.base = base;
        this.issuer = issuer;
    }

    /**
     * @return the tour's steps
     * @throws IOException if the host cannot be reached
     * @throws InterruptedException if interrupted
     */
    public Result run() throws IOException, InterruptedException {
        String alice = issuer.tokens().user("alice").sign();
        String bob = issuer.tokens().user("bob").roles("admin").sign();
        HttpResponse<String> minted = send("anonymous", "POST /v1/identity", request("/v1/identity", null)
                .POST(HttpRequest.BodyPublishers.noBody()));
        JsonNode anonymous = JSON.readTree(minted.body());
        String anon = anonymous.get("token").asText();
        String anonHex = anonymous.get("identity").asText();
        String aliceHex = identity(alice);
        String bobHex = identity(bob);

        call("alice", alice, "create_post", "[\"Hello from alice\"]");
        call("bob (admin)", bob, "create_post", "[\"Welcome, everyone\"]");
        call("anonymous", anon, "create_post", "[\"hi\"]");
        call("no token", null, "create_post", "[\"hi\"]");
        call("alice", alice, "update_profile", "[\"" + aliceHex + "\", \"Alice\"]");
        call("alice", alice, "update_profile", "[\"" + bobHex + "\", \"Mallory\"]");
        call("alice", alice, "delete_post", "[2]");
        call("bob (admin)", bob, "delete_post", "[1]");
        call("alice", alice, "ban_user", "[\"" + anonHex + "\"]");
        call("bob (admin)", bob, "ban_user", "[\"" + anonHex + "\"]");
        call("anonymous (banned)", anon, "create_post", "[\"hi again\"]");
        call("alice", alice, "send_message", "[\"" + bobHex + "\", \"hi bob\"]");
        call("alice", alice, "export_posts", "[]");
        call("bob (admin)", bob, "export_posts", "[]");
        call("alice", alice, "cleanup", "[]");
        call("alice", alice, "connected", "[]");
        call("alice", alice, "create_post", "[\"\"]");
        call("alice", alice, "create_post", "\"not an array\"");
        call("alice", alice, "no_such_reducer", "[]");
        call("forged token", issuer.tokens().bad(BadToken.WRONG_KEY), "create_post", "[\"pwned\"]");
        call("expired token", issuer.tokens().bad(BadToken.EXPIRED), "create_post", "[\"late\"]");
        call("garbage token", "not-a-token", "create_post", "[\"x\"]");
        send("basic auth", "call create_post [\"x\"]", request("/v1/database/chat/call/create_post", null)
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0").POST(HttpRequest.BodyPublishers.ofString("[]")));
        send("alice", "POST /v1/identity/websocket-token",
                request("/v1/identity/websocket-token", alice).POST(HttpRequest.BodyPublishers.noBody()));
        send("alice", "GET /v1/identity/" + abbreviate(aliceHex) + "/verify",
                request("/v1/identity/" + aliceHex + "/verify", alice).GET());
        send("alice", "GET /v1/identity/" + abbreviate(bobHex) + "/verify",
                request("/v1/identity/" + bobHex + "/verify", alice).GET());
        return new Result(steps);
    }

    /** The identity SpacetimeDB (and the host) derives for one of our own tokens. */
    private static String identity(String token) throws IOException {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return Identity.fromClaims(claims.get("iss").asText(), claims.get("sub").asText()).toHex();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private void call(String who, String token, String reducer, String body) throws IOException, InterruptedException {
        send(who, "call " + reducer + " " + abbreviate(body), request("/v1/database/chat/call/" + reducer, token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(String who, String what, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        String outcome;
        if (body.isEmpty()) {
            boolean verify = what.endsWith("/verify");
            outcome = r.statusCode() == 200 ? "ok" : r.statusCode() == 204 ? "the token is this identity's"
                    : verify ? "(empty body) the token is not this identity's" : "(empty body)";
        } else if (r.statusCode() == 200 && body.startsWith("{\"") && body.contains("\"token\"")) {
            JsonNode json = JSON.readTree(body);   // never show a token, only what it is
            outcome = json.has("identity") ? "a new anonymous identity " + json.get("identity").asText()
                    + " and its token" : "a token for the WebSocket, re-signed by the host, valid 60 s";
        } else {
            outcome = body.length() > 160 ? body.substring(0, 157) + "..." : body;
        }
        if (r.headers().firstValue("spacetime-identity").isPresent() && who.equals("no token")) {
            outcome += " (as a new anonymous identity, sent back in spacetime-identity)";
        }
        steps.add(new Step(who, what, r.statusCode(), abbreviate(outcome)));
        return r;
    }

    private static String abbreviate(String s) {
        String t = HEX.matcher(s).replaceAll(m -> m.group().substring(0, 10) + "...");
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }
}
