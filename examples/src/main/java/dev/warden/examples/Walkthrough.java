package dev.warden.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.testkit.BadToken;
import dev.warden.testkit.MockIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's scripted tour over real HTTP: alice (a user), bob (an admin), an anonymous client, a forged and
 * an expired token, each making calls; every call's status and reason end up in a table.
 */
public final class Walkthrough {

    /** One call of the tour. */
    public static final class Step {
        final String caller;
        final String request;
        final int status;
        final String outcome;

        Step(String caller, String request, int status, String outcome) {
            this.caller = caller;
            this.request = request;
            this.status = status;
            this.outcome = outcome;
        }

        /** @return who called */
        public String caller() {
            return caller;
        }

        /** @return what was called */
        public String request() {
            return request;
        }

        /** @return the HTTP status */
        public int status() {
            return status;
        }

        /** @return the result or the reason */
        public String outcome() {
            return outcome;
        }
    }

    /** The tour's outcome. */
    public static final class Result {
        private final List<Step> steps;

        Result(List<Step> steps) {
            this.steps = List.copyOf(steps);
        }

        /** @return every step, in order */
        public List<Step> steps() {
            return steps;
        }

        /** @return the steps as a Markdown table */
        public String table() {
            StringBuilder b = new StringBuilder("| # | caller | request | status | outcome |\n| --- | --- | --- | --- | --- |\n");
            int i = 1;
            for (Step s : steps) {
                b.append("| ").append(i++).append(" | ").append(s.caller).append(" | `").append(s.request).append("` | ")
                        .append(s.status).append(" | ").append(s.outcome.replace("|", "\\|")).append(" |\n");
            }
            return b.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

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
        JsonNode minted = JSON.readTree(send(HttpRequest.newBuilder(base.resolve("/v1/identity"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).body());
        String anon = minted.get("token").asText();
        String anonHex = minted.get("identity").asText();
        String aliceHex = identity(alice);
        String bobHex = identity(bob);

        long alicePost = call("alice", alice, "create_post", "[\"Hello from alice\"]").get("result").asLong();
        long bobPost = call("bob (admin)", bob, "create_post", "[\"Welcome, everyone\"]").get("result").asLong();
        view("anonymous", anon, "posts");
        call("anonymous", anon, "create_post", "[\"hi\"]");
        call("alice", alice, "update_profile", "[\"" + aliceHex + "\", \"Alice\"]");
        call("alice", alice, "update_profile", "[\"" + bobHex + "\", \"Mallory\"]");
        call("alice", alice, "delete_post", "[" + bobPost + "]");
        call("bob (admin)", bob, "delete_post", "[" + alicePost + "]");
        call("alice", alice, "ban_user", "[\"" + anonHex + "\"]");
        call("bob (admin)", bob, "ban_user", "[\"" + anonHex + "\"]");
        view("anonymous (banned)", anon, "posts");
        call("alice", alice, "send_message", "[\"" + bobHex + "\", \"hi bob\"]");
        view("bob (admin)", bob, "my_messages");
        view("alice", alice, "my_messages");
        call("bob (admin)", bob, "export_posts", "[]");
        call("alice", alice, "cleanup", "[]");
        call("alice", alice, "create_post", "[\"\"]");
        call("alice", alice, "create_post", "{\"text\": \"not an array\"}");
        call("forged token", issuer.tokens().bad(BadToken.WRONG_KEY), "create_post", "[\"pwned\"]");
        call("expired token", issuer.tokens().bad(BadToken.EXPIRED), "create_post", "[\"late\"]");
        call("garbage token", "not-a-token", "create_post", "[\"x\"]");
        call("alice", alice, "no_such_reducer", "[]");
        return new Result(steps);
    }

    /** @return curl commands to try against the running host */
    public String curlHints() {
        return String.join("\n",
                "Try it:",
                "  TOKEN=$(curl -s -X POST " + base + "/v1/identity | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')",
                "  curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/v1/database/chat/view/posts",
                "  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" -d '[\"hi\"]' " + base
                        + "/v1/database/chat/call/create_post   # 403: anonymous callers may not post",
                "  curl -s " + base + "/v1/identity/public-key");
    }

    /** The identity SpacetimeDB (and the host) derives for one of our own tokens. */
    private static String identity(String token) throws IOException {
        String payload = token.split("\\.")[1];
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
        return dev.warden.core.Identity.fromClaims(claims.get("iss").asText(), claims.get("sub").asText()).toHex();
    }

    private JsonNode call(String who, String token, String reducer, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/v1/database/chat/call/" + reducer))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        return record(who, "call " + reducer + " " + abbreviate(body), r);
    }

    private void view(String who, String token, String view) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/v1/database/chat/view/" + view))
                .header("Authorization", "Bearer " + token).GET().build());
        record(who, "view " + view, r);
    }

    private JsonNode record(String who, String request, HttpResponse<String> r) throws IOException {
        JsonNode body = JSON.readTree(r.body());
        String outcome;
        if (r.statusCode() == 200) {
            JsonNode result = body.get("result");
            outcome = "allowed" + (result == null || result.isNull() ? ""
                    : result.isArray() ? ": " + result.size() + " row(s)" : ": " + abbreviate(result.toString()));
        } else {
            outcome = body.get("error").asText();
        }
        steps.add(new Step(who, request, r.statusCode(), outcome));
        return body;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String s) {
        String t = java.util.regex.Pattern.compile("c200[0-9a-f]{60}").matcher(s)
                .replaceAll(m -> m.group().substring(0, 10) + "...");
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }
}
