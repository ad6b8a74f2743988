package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/database/:name/sql} as SpacetimeDB answers it (the database is named {@code board}, as
 * {@link WsClient} addresses it): read-only for all but the owner set on the host,
 * private tables refused to others, row rules on every row, {@code [SqlStmtResult]} JSON, every refusal 400.
 */
class SqlRouteTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static MockIssuer idp;
    static LocalIssuer local;
    static TokenValidator validator;
    static HostServer host;
    static HostServer ownerless;
    static Identity alice;
    static Identity bob;

    @BeforeAll
    static void start() {
        idp = MockIssuer.start();
        local = LocalIssuer.builder().build();
        validator = TokenValidator.builder().trust(idp.trust().build()).trust(local.trustedIssuer()).build();
        alice = Identity.fromClaims(idp.issuer(), "alice");
        bob = Identity.fromClaims(idp.issuer(), "bob");
        host = HostServer.builder(warden(), validator, local).database("board").port(0)
                .owner(Identity.fromClaims(idp.issuer(), "root")).start();
        ownerless = HostServer.builder(warden(), validator, local).database("board").port(0).start();
    }

    static Warden<SqlChatModule.Chat> warden() {
        Warden<SqlChatModule.Chat> w = Warden.builder(PolicyEngine.builder().build().compile(SqlChatModule.Chat.class),
                new SqlChatModule.Chat()).validator(validator).claims(ClaimsMapper.builder()
                .anonymousIssuer(local.issuer()).build()).build();
        w.database().write(() -> {
            var db = w.database().db();
            db.table(SqlChatModule.Chat.User.class).insert(new SqlChatModule.Chat.User(alice, "alice", true));
            db.table(SqlChatModule.Chat.User.class).insert(new SqlChatModule.Chat.User(bob, "bob", false));
            db.table(SqlChatModule.Chat.Message.class).insert(new SqlChatModule.Chat.Message(1, alice, "hi",
                    Instant.parse("2025-02-10T15:45:30Z"), BigInteger.TWO.pow(127), -3, -1, 0.5, List.of("x")));
            db.table(SqlChatModule.Chat.Letter.class).insert(new SqlChatModule.Chat.Letter(1, alice, "for alice"));
            db.table(SqlChatModule.Chat.Letter.class).insert(new SqlChatModule.Chat.Letter(2, bob, "for bob"));
            db.table(SqlChatModule.Chat.Secret.class).insert(new SqlChatModule.Chat.Secret(alice, "s"));
            return null;
        });
        return w;
    }

    @AfterAll
    static void stop() {
        host.close();
        ownerless.close();
        validator.close();
        idp.close();
    }

    static HttpResponse<String> sql(HostServer on, String user, String statement) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(on.uri().resolve("/v1/database/board/sql"))
                .POST(HttpRequest.BodyPublishers.ofString(statement));
        if (user != null) {
            b.header("Authorization", "Bearer " + idp.tokens().user(user).sign());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> sql(String user, String statement) throws Exception {
        return sql(host, user, statement);
    }

    static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.size()).isEqualTo(1);
        return n.get(0);
    }

    static String hex(Identity i) {
        return "0x" + new BigInteger(i.toHex(), 16).toString(16);
    }

    @Test
    void aUserReadsAPublicTableInSpacetimeDbsAnswerShape() throws Exception {
        HttpResponse<String> r = sql("carol", "SELECT * FROM user");
        JsonNode stmt = ok(r);
        assertThat(stmt.get("schema")).isEqualTo(JSON.readTree("{\"elements\": ["
                + "{\"name\": {\"some\": \"identity\"}, \"algebraic_type\": {\"Product\": {\"elements\": [{\"name\": "
                + "{\"some\": \"__identity__\"}, \"algebraic_type\": {\"U256\": []}}]}}},"
                + "{\"name\": {\"some\": \"name\"}, \"algebraic_type\": {\"String\": []}},"
                + "{\"name\": {\"some\": \"online\"}, \"algebraic_type\": {\"Bool\": []}}]}"));
        assertThat(stmt.get("rows")).containsExactlyInAnyOrder(
                JSON.readTree("[[\"" + hex(alice) + "\"], \"alice\", true]"),
                JSON.readTree("[[\"" + hex(bob) + "\"], \"bob\", false]"));   // in the primary key's order
        assertThat(stmt.get("total_duration_micros").isIntegralNumber()).isTrue();
        assertThat(stmt.get("stats")).isEqualTo(JSON.readTree(
                "{\"rows_inserted\": 0, \"rows_deleted\": 0, \"rows_updated\": 0}"));
        assertThat(r.headers().firstValue("spacetime-execution-duration-micros")).isPresent();
        assertThat(r.headers().firstValue("spacetime-identity")).hasValue(Identity.fromClaims(idp.issuer(), "carol")
                .toHex());
    }

    @Test
    void aStatementWithinTheParsersCharacterLimitIsReadWhateverItsUtf8Length() throws Exception {
        // 40,000 characters, under the parser's 50,000, but 80,000 bytes of UTF-8: more than the call route's 64 KiB
        String statement = "SELECT * FROM user WHERE name = '" + "é".repeat(40_000 - 34) + "'";
        assertThat(statement).hasSize(40_000);
        assertThat(ok(sql("carol", statement)).get("rows")).isEmpty();
    }

    @Test
    void columnsCountAndLimitWithEveryTypeOfColumn() throws Exception {
        JsonNode stmt = ok(sql("carol", "SELECT m.sent AS at, m.amount, m.views, m.tags FROM message m WHERE m.id = 1"));
        assertThat(stmt.get("schema").get("elements").get(0).get("name")).isEqualTo(JSON.readTree("{\"some\": \"at\"}"));
        assertThat(stmt.get("schema").get("elements").get(1).get("algebraic_type"))
                .isEqualTo(JSON.readTree("{\"U128\": []}"));
        assertThat(stmt.get("schema").get("elements").get(3).get("algebraic_type"))
                .isEqualTo(JSON.readTree("{\"Array\": {\"String\": []}}"));
        assertThat(stmt.get("rows")).isEqualTo(JSON.readTree("[[[1739202330000000], "
                + "170141183460469231731687303715884105728, 4294967295, [\"x\"]]]"));
        stmt = ok(sql("carol", "SELECT COUNT(*) AS n FROM user"));
        assertThat(stmt.get("schema")).isEqualTo(JSON.readTree(
                "{\"elements\": [{\"name\": {\"some\": \"n\"}, \"algebraic_type\": {\"U64\": []}}]}"));
        assertThat(stmt.get("rows")).isEqualTo(JSON.readTree("[[2]]"));
        assertThat(ok(sql("carol", "SELECT * FROM user LIMIT 1")).get("rows")).hasSize(1);
    }

    @Test
    void rowRulesHideOthersRowsHoweverTheStatementIsWritten() throws Exception {
        for (String q : List.of("SELECT * FROM letter", "SELECT * FROM letter WHERE id = 2",
                "SELECT * FROM letter WHERE recipient = 0x" + bob.toHex() + " OR TRUE", "SELECT text FROM letter")) {
            JsonNode rows = ok(sql("alice", q)).get("rows");
            assertThat(rows.toString()).as(q).doesNotContain("for bob");
        }
        assertThat(ok(sql("alice", "SELECT text FROM letter")).get("rows"))
                .isEqualTo(JSON.readTree("[[\"for alice\"]]"));
        assertThat(ok(sql("bob", "SELECT COUNT(*) AS n FROM letter")).get("rows")).isEqualTo(JSON.readTree("[[1]]"));
    }

    @Test
    void aPrivateTableIsRefusedToAnyoneButTheOwner() throws Exception {
        HttpResponse<String> r = sql("alice", "SELECT * FROM secret");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(r.body()).isEqualTo("no such table: `secret`. If the table exists, it may be marked private.");
        // the owner reads it, and every row of a row-ruled table
        assertThat(ok(sql("root", "SELECT * FROM secret")).get("rows"))
                .isEqualTo(JSON.readTree("[[[\"" + hex(alice) + "\"], \"s\"]]"));
        assertThat(ok(sql("root", "SELECT COUNT(*) AS n FROM letter")).get("rows")).isEqualTo(JSON.readTree("[[2]]"));
    }

    @Test
    void withoutAnExplicitOwnerNobodyIsTheOwner() throws Exception {
        HttpResponse<String> r = sql(ownerless, "root", "SELECT * FROM secret");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("no such table: `secret`. If the table exists, it may be marked private.");
    }

    @Test
    void dmlIsRefusedWithSpacetimeDbsTextToANonOwnerAfterItIsTyped() throws Exception {
        for (String dml : List.of("INSERT INTO user (identity, name, online) VALUES (0x" + bob.toHex() + ", 'x', true)",
                "UPDATE user SET name = 'x'", "DELETE FROM letter", "DELETE FROM letter WHERE id = 2")) {
            HttpResponse<String> r = sql("alice", dml);
            assertThat(r.statusCode()).as(dml).isEqualTo(400);
            assertThat(r.body()).isEqualTo("Caller " + alice.toHex() + " is not authorized to run SQL DML statements");
        }
        // typed first, as SpacetimeDB: a private table is no table to a non-owner
        HttpResponse<String> r = sql("alice", "DELETE FROM secret");
        assertThat(r.body()).isEqualTo("no such table: `secret`. If the table exists, it may be marked private.");
        assertThat(ok(sql("root", "SELECT COUNT(*) AS n FROM letter")).get("rows")).isEqualTo(JSON.readTree("[[2]]"));
    }

    @Test
    void theOwnersDmlChangesRowsCountsThemAndReachesSubscribersAtOnce() throws Exception {
        Identity dave = Identity.fromClaims(idp.issuer(), "dave");
        try (WsClient carol = new WsClient(host.uri(), idp.tokens().user("carol").sign())) {
            carol.next(ServerMessage.InitialConnection.class);
            carol.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM user")));
            carol.next(ServerMessage.SubscribeApplied.class);

            JsonNode inserted = ok(sql("root", "INSERT INTO user (identity, name, online) VALUES (0x"
                    + dave.toHex() + ", 'dave', false)"));
            assertThat(inserted.get("schema")).isEqualTo(JSON.readTree("{\"elements\": []}"));
            assertThat(inserted.get("rows")).isEmpty();
            assertThat(inserted.get("stats")).isEqualTo(JSON.readTree(
                    "{\"rows_inserted\": 1, \"rows_deleted\": 0, \"rows_updated\": 0}"));
            ServerMessage.TransactionUpdate u = carol.next(ServerMessage.TransactionUpdate.class);
            assertThat(u.querySets()).hasSize(1);

            assertThat(ok(sql("root", "UPDATE user SET online = true, name = 'David' WHERE name = 'dave'"))
                    .get("stats").get("rows_updated").asLong()).isEqualTo(1);
            carol.next(ServerMessage.TransactionUpdate.class);
            assertThat(ok(sql("carol", "SELECT name, online FROM user WHERE identity = 0x" + dave.toHex()))
                    .get("rows")).isEqualTo(JSON.readTree("[[\"David\", true]]"));

            assertThat(ok(sql("root", "DELETE FROM user WHERE identity = 0x" + dave.toHex())).get("stats")
                    .get("rows_deleted").asLong()).isEqualTo(1);
            carol.next(ServerMessage.TransactionUpdate.class);
            assertThat(ok(sql("carol", "SELECT COUNT(*) AS n FROM user")).get("rows"))
                    .isEqualTo(JSON.readTree("[[2]]"));
        }
    }

    @Test
    void theOwnersDmlIsTypedAsSpacetimeDbTypesIt() throws Exception {
        assertThat(sql("root", "INSERT INTO user (name) VALUES ('x')").body()).isEqualTo("The number of fields (1) in "
                + "the INSERT does not match the number of columns (3) of the table `user`");
        assertThat(sql("root", "INSERT INTO user (a, b, c) VALUES (0x" + bob.toHex() + ", 'x')").body())
                .isEqualTo("Inserting a row with 2 values into `user` which has 3 fields");
        assertThat(sql("root", "INSERT INTO user (a, b, c) VALUES (0x" + bob.toHex() + ", 'x', 'yes')").body())
                .isEqualTo("Unexpected type: (expected) String != Bool (inferred)");
        assertThat(sql("root", "UPDATE user SET nickname = 'x'").body())
                .isEqualTo("`user` does not have a field `nickname`");
        assertThat(sql("root", "UPDATE message SET likes = 1.5").body())
                .isEqualTo("The literal expression `1.5` cannot be parsed as type `I32`");
        HttpResponse<String> set = sql("root", "SET row_limit = 10");
        assertThat(set.statusCode()).isEqualTo(400);
        assertThat(set.body()).isEqualTo("Unsupported: SET statements on this host");
        assertThat(ok(sql("root", "SELECT COUNT(*) AS n FROM user")).get("rows")).isEqualTo(JSON.readTree("[[2]]"));
    }

    @Test
    void badSqlIs400WithTheParsersText() throws Exception {
        HttpResponse<String> r = sql("alice", "SELECT * FROM");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("sql parser error: Expected: identifier, found: EOF");
        r = sql("alice", "SELECT * FROM user WHERE online = 3");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("The literal expression `3` cannot be parsed as type `Bool`");
    }

    @Test
    void anUnauthenticatedRequestGetsANewIdentityAndReadsPublicTables() throws Exception {
        HttpResponse<String> r = sql(null, "SELECT name FROM user WHERE online = TRUE");
        assertThat(ok(r).get("rows")).isEqualTo(JSON.readTree("[[\"alice\"]]"));
        String token = r.headers().firstValue("spacetime-identity-token").orElseThrow();
        assertThat(validator.validate(token).identity().toHex())
                .isEqualTo(r.headers().firstValue("spacetime-identity").orElseThrow());
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(host.uri().resolve("/v1/database/board/sql"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(host.uri().resolve("/v1/database/nope/sql"))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT * FROM user")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo("No such database.");
    }
}
