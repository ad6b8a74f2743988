package dev.warden.host.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.TokenValidator;
import dev.warden.host.internal.v2.QueryRows;
import dev.warden.host.server.SqlChatModule;
import dev.warden.host.server.SqlChatModule.Chat;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: SpacetimeDB's subscription SQL (what the TypeScript SDK's query builder writes), checked against the
 * tables with SpacetimeDB's refusals, and never reaching a row the caller's row rules hide, however written.
 */
class SqlPlanTest {

    MockIssuer idp;
    TokenValidator validator;
    Warden<Chat> warden;
    Database database;
    CallerContext alice;
    CallerContext bob;

    @BeforeEach
    void start() {
        idp = MockIssuer.start();
        validator = TokenValidator.builder().trust(idp.trust().build()).build();
        warden = Warden.builder(PolicyEngine.builder().build().compile(Chat.class), new Chat()).validator(validator)
                .claims(ClaimsMapper.builder().build()).build();
        database = new Database(warden, Catalog.of(warden.module()));
        alice = warden.connect(idp.tokens().user("alice").sign(), ConnectionId.random());
        bob = warden.connect(idp.tokens().user("bob").sign(), ConnectionId.random());
        Identity a = alice.sender();
        Identity b = bob.sender();
        warden.database().write(() -> {
            var db = warden.database().db();
            db.table(Chat.User.class).insert(new Chat.User(a, "alice", true));
            db.table(Chat.User.class).insert(new Chat.User(b, "bob", false));
            db.table(Chat.Message.class).insert(new Chat.Message(1, a, "hi", Instant.parse("2025-02-10T15:45:30Z"),
                    BigInteger.TWO.pow(127), -3, -1, 0.5, List.of("x")));
            db.table(Chat.Message.class).insert(new Chat.Message(2, b, "yo", Instant.parse("2025-02-11T00:00:00Z"),
                    BigInteger.ONE, 7, 3, 1.5, List.of()));
            db.table(Chat.Letter.class).insert(new Chat.Letter(1, a, "for alice"));
            db.table(Chat.Letter.class).insert(new Chat.Letter(2, b, "for bob"));
            db.table(Chat.Secret.class).insert(new Chat.Secret(a, "s"));
            return null;
        });
    }

    @AfterEach
    void stop() {
        database.close();
        validator.close();
        idp.close();
    }

    /** The returned table's rows, each as its record's {@code toString}'s distinguishing text. */
    List<Object> rows(CallerContext caller, String sql) {
        Plan p = database.plan(sql);
        return p.returnedRows(p.run(sourceOf(caller), caller.sender(), 1000));
    }

    Plan.Source sourceOf(CallerContext caller) {
        return new Plan.Source() {
            @Override
            public List<Object> rows(Catalog.Subscribable t) {
                return warden.tableRows(caller, t.name());
            }

            @Override
            public java.util.Optional<List<Object>> lookup(Catalog.Subscribable t, Plan.Lookup l) {
                return java.util.Optional.empty();
            }
        };
    }

    List<Long> ids(CallerContext caller, String sql) {
        List<Long> out = new ArrayList<>();
        for (Object r : rows(caller, sql)) {
            out.add(r instanceof Chat.Message m ? m.id() : ((Chat.Letter) r).id());
        }
        return out;
    }

    String refusal(String sql) {
        try {
            database.plan(sql);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + sql);
    }

    @Test
    void whatTheQueryBuilderWrites() {
        assertThat(rows(alice, "SELECT * FROM \"user\" WHERE \"user\".\"online\" = TRUE")).extracting(r -> ((Chat.User) r).name())
                .containsExactly("alice");
        assertThat(ids(alice, "SELECT * FROM \"message\" WHERE (\"message\".\"likes\" > 0) AND "
                + "(\"message\".\"text\" <> 'hi')")).containsExactly(2L);
        assertThat(ids(alice, "SELECT * FROM \"message\" WHERE (\"message\".\"likes\" < 0) OR "
                + "(\"message\".\"likes\" >= 7)")).containsExactly(1L, 2L);
        assertThat(ids(alice, "SELECT * FROM \"message\" WHERE NOT (\"message\".\"likes\" <= 0)"))
                .containsExactly(2L);
        assertThat(ids(alice, "SELECT * FROM \"message\" WHERE \"message\".\"sender\" = 0x" + alice.sender().toHex()))
                .containsExactly(1L);
        assertThat(ids(alice, "SELECT * FROM \"message\" WHERE \"message\".\"sent\" > '2025-02-10T15:45:30.000Z'"))
                .containsExactly(2L);
        assertThat(ids(alice, "SELECT * FROM \"message\" WHERE \"message\".\"sent\" = '2025-02-10 17:45:30+02:00'"))
                .containsExactly(1L);
        assertThat(ids(alice, "SELECT \"message\".* FROM \"user\" JOIN \"message\" ON \"user\".\"identity\" = "
                + "\"message\".\"sender\" WHERE \"user\".\"online\" = TRUE")).containsExactly(1L);
    }

    @Test
    void literalsOfEveryColumnType() {
        assertThat(ids(alice, "select * from message where amount = 170141183460469231731687303715884105728"))
                .containsExactly(1L);
        // an unsigned column compares as unsigned: -1 in Java is 4294967295
        assertThat(ids(alice, "select * from message where views > 3")).containsExactly(1L);
        assertThat(ids(alice, "select * from message where views = 4294967295")).containsExactly(1L);
        assertThat(ids(alice, "select * from message where likes = -3")).containsExactly(1L);
        assertThat(ids(alice, "select * from message where likes = 7e0")).containsExactly(2L);
        assertThat(ids(alice, "select * from message where score = .5")).containsExactly(1L);
        assertThat(ids(alice, "select * from message where sender = X'" + bob.sender().toHex() + "'"))
                .containsExactly(2L);
        assertThat(ids(alice, "select * from message where sender = :sender")).containsExactly(1L);
        assertThat(ids(bob, "select * from message where sender = :sender")).containsExactly(2L);
        assertThat(ids(alice, "select * from message m where m.text = 'it''s' or m.id = 2 -- comment"))
                .containsExactly(2L);
        assertThat(ids(alice, "select * from message where true")).containsExactly(1L, 2L);
    }

    @Test
    void spacetimeDbsRefusals() {
        String priv = "no such table: `secret`. If the table exists, it may be marked private.";
        assertThat(refusal("SELECT * FROM secret")).isEqualTo(priv);
        assertThat(refusal("SELECT * FROM nope")).isEqualTo("no such table: `nope`. If the table exists, it may be "
                + "marked private.");
        assertThat(refusal("SELECT * FROM message WHERE message.nope = 1")).isEqualTo("`nope` is not in scope");
        assertThat(refusal("SELECT * FROM message AS m WHERE message.id = 1")).isEqualTo("`message` is not in scope");
        assertThat(refusal("SELECT * FROM message WHERE id = 'x'"))
                .isEqualTo("The literal expression `x` cannot be parsed as type `I64`");
        assertThat(refusal("SELECT * FROM message WHERE views = -1"))
                .isEqualTo("The literal expression `-1` cannot be parsed as type `U32`");
        assertThat(refusal("SELECT * FROM message WHERE likes = 0.5"))
                .isEqualTo("The literal expression `0.5` cannot be parsed as type `I32`");
        assertThat(refusal("SELECT * FROM message WHERE id = TRUE"))
                .isEqualTo("Unexpected type: (expected) Bool != I64 (inferred)");
        assertThat(refusal("SELECT * FROM message WHERE id")).isEqualTo("Unexpected type: (expected) I64 != Bool "
                + "(inferred)");
        assertThat(refusal("SELECT * FROM message WHERE sender = 0x12"))
                .isEqualTo("The literal expression `12` cannot be parsed as type `(__identity__: U256)`");
        assertThat(refusal("SELECT * FROM message WHERE tags = 'x'"))
                .isEqualTo("The literal expression `x` cannot be parsed as type `Array<String>`");
        assertThat(refusal("SELECT * FROM message WHERE tags = tags"))
                .isEqualTo("Invalid binary operator `=` for type `Array<String>`");
        assertThat(refusal("SELECT * FROM message WHERE 1 = 1")).isEqualTo("Cannot resolve type for literal "
                + "expression");
        assertThat(refusal("SELECT * FROM message WHERE text = NULL")).isEqualTo("Unsupported literal expression: "
                + "NULL");
        assertThat(refusal("SELECT * FROM message WHERE likes + 1 = 2")).isEqualTo("Unsupported binary operator: +");
        assertThat(refusal("DELETE FROM message")).isEqualTo("Unsupported: Non-SELECT queries");
        assertThat(refusal("SELECT text FROM message")).isEqualTo("Column projections are not supported in "
                + "subscriptions; Subscriptions must return a table type");
        assertThat(refusal("SELECT * FROM message LIMIT 5")).isEqualTo("Unsupported: SELECT * FROM message LIMIT 5");
        assertThat(refusal("SELECT * FROM message; SELECT * FROM user")).isEqualTo("Multiple SQL statements are "
                + "not supported");
        assertThat(refusal("")).isEqualTo("Empty SQL query");
        assertThat(refusal("SELECT * FROM user JOIN message ON user.identity = message.sender"))
                .isEqualTo("SELECT * is not supported for joins");
        assertThat(refusal("SELECT message.* FROM user JOIN message ON identity = message.sender"))
                .isEqualTo("Names must be qualified when using joins");
        assertThat(refusal("SELECT message.* FROM user LEFT JOIN message ON user.identity = message.sender"))
                .isEqualTo("Non-inner joins are not supported");
        assertThat(refusal("SELECT message.* FROM user JOIN message ON user.name = message.text"))
                .isEqualTo("Subscriptions require indexes on join columns");
        assertThat(refusal("SELECT message.* FROM user JOIN message ON user.name = message.id"))
                .isEqualTo("Unexpected type: (expected) I64 != String (inferred)");
        assertThat(refusal("SELECT user.* FROM user JOIN user ON user.identity = user.identity"))
                .isEqualTo("Duplicate name `user`");
        assertThat(refusal("SELECT x.* FROM user")).isEqualTo("`x` is not in scope");
        assertThat(refusal("SELECT * FROM user WHERE " + "(".repeat(200) + "true" + ")".repeat(200)))
                .isEqualTo("Recursion limit exceeded, `sql-parser::parse_expr`");
        assertThat(refusal("SELECT * FROM message WHERE text = 'open")).startsWith("sql parser error: ");
    }

    /**
     * A number literal's exponent is bounded before it is converted: {@code 1e300000000} as an integer column's
     * value computed 10^300000000 (minutes of CPU, hundreds of MB) before the plan was refused or cached. Now a
     * literal outside the column type's range is refused at once with SpacetimeDB's text for a literal it cannot
     * parse as that type, for integer and float columns, either sign of exponent, and the {@code /sql} route's
     * {@code LIMIT} too.
     */
    @Test
    void aNumberLiteralsExponentIsBoundedBeforeItIsConverted() {
        assertThat(refusal("SELECT * FROM message WHERE id = 1e20"))
                .isEqualTo("The literal expression `1e20` cannot be parsed as type `I64`");   // warms the planner
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            for (String lit : new String[] {"1e300000000", "1e-300000000", "-1e300000000", "1E+600000000",
                "0.5e-600000000", "1e99999999999999999999"}) {
                assertThat(refusal("SELECT * FROM message WHERE id = " + lit)).as(lit)
                        .isEqualTo("The literal expression `" + lit + "` cannot be parsed as type `I64`");
                assertThat(refusal("SELECT * FROM message WHERE amount = " + lit)).as(lit)
                        .isEqualTo("The literal expression `" + lit + "` cannot be parsed as type `U128`");
                assertThat(refusal("SELECT * FROM message WHERE score = " + lit)).as(lit)
                        .isEqualTo("The literal expression `" + lit + "` cannot be parsed as type `F64`");
            }
            assertThatThrownBy(() -> Plan.of("SELECT * FROM message LIMIT 1e300000000", Plan.Mode.SQL,
                    Catalog.of(warden.module()), false))
                    .hasMessage("The literal expression `1e300000000` cannot be parsed as type `U64`");
        });
        // within range, exponents still work both ways
        assertThat(ids(alice, "select * from message where id = 2000e-3")).containsExactly(2L);
        assertThat(ids(alice, "select * from message where id = 0.02e2")).containsExactly(2L);
        assertThat(ids(alice, "select * from message where amount = 1.70141183460469231731687303715884105728e38"))
                .containsExactly(1L);
        assertThat(ids(alice, "select * from message where score = 15e-1")).containsExactly(2L);
        assertThat(ids(alice, "select * from message where score < 1e300")).containsExactly(1L, 2L);
        assertThat(ids(alice, "select * from message where score > -1e-300")).containsExactly(1L, 2L);
        assertThat(ids(alice, "select * from message where likes = 0e600000000")).isEmpty();
    }

    /**
     * The plan cache is weighed by its texts: 4,096 distinct texts of nearly 50,000 characters (SpacetimeDB's
     * limit) each made it hold hundreds of MB; now it holds at most {@link Plans#MAX_WEIGHT} characters of text
     * (each plan counting {@link Plans#ENTRY_WEIGHT} more), so few long texts fit, and 4,096 short ones still do.
     */
    @Test
    void thePlanCacheIsBoundedByItsTextsLengthNotOnlyItsCount() {
        Plans plans = new Plans(Catalog.of(warden.module()));
        String tail = " OR message.id = 1".repeat(2_600);
        int longText = 0;
        for (int i = 0; i < 100; i++) {
            String sql = "SELECT * FROM message WHERE message.id = " + i + tail;
            longText = sql.length();
            plans.plan(sql, Plan.Mode.SUBSCRIBE, false);
        }
        assertThat(longText).isBetween(45_000, Sql.MAX_LENGTH);
        assertThat(plans.size()).isLessThanOrEqualTo(Plans.MAX_WEIGHT / (longText + Plans.ENTRY_WEIGHT));
        assertThat(plans.weight()).isLessThanOrEqualTo(Plans.MAX_WEIGHT);
        Plans fresh = new Plans(Catalog.of(warden.module()));
        for (int i = 0; i < 4_096; i++) {
            fresh.plan("SELECT * FROM message WHERE message.id = " + i, Plan.Mode.SUBSCRIBE, false);
        }
        assertThat(fresh.size()).isEqualTo(4_096);
    }

    @Test
    void anIndexNarrowsWhatIsRead() {
        assertThat(database.plan("SELECT * FROM message WHERE message.id = 2 AND likes > 0").lookups())
                .extracting(Plan.Lookup::column).containsExactly("id", "likes");
        assertThat(database.plan("SELECT * FROM message WHERE id = 2 OR likes > 0").lookups()).isEmpty();
        QueryRows r = database.query(alice, "SELECT * FROM message WHERE message.id = 2 AND likes > 0");
        assertThat(r.tables().get(0).rows().rows()).hasSize(1);
    }

    @Test
    void noQueryWidensTheRowRules() {
        // alice sees her letter only, however the predicate is written
        for (String sql : new String[] {"SELECT * FROM letter", "SELECT * FROM letter WHERE TRUE OR TRUE",
            "SELECT * FROM letter WHERE NOT (recipient = :sender)", "SELECT * FROM letter WHERE NOT (id = 1)",
            "SELECT * FROM letter WHERE recipient = 0x" + bob.sender().toHex() + " OR id = 2",
            "SELECT * FROM letter WHERE id = 2"}) {
            assertThat(ids(alice, sql)).as(sql).isSubsetOf(1L);
        }
        assertThat(ids(alice, "SELECT * FROM letter WHERE NOT (id = 1)")).isEmpty();
        // the index path applies the rule too
        assertThat(database.query(alice, "SELECT * FROM letter WHERE id = 2").tables().get(0).rows().rows()).isEmpty();
        assertThat(database.query(alice, "SELECT * FROM letter WHERE recipient = 0x" + bob.sender().toHex())
                .tables().get(0).rows().rows()).isEmpty();
        // both sides of a join: alice's letters only, and bob's letter cannot make a user row appear
        assertThat(ids(alice, "SELECT letter.* FROM user JOIN letter ON user.identity = letter.recipient"))
                .containsExactly(1L);
        assertThat(rows(alice, "SELECT user.* FROM letter JOIN user ON letter.recipient = user.identity "
                + "WHERE letter.text = 'for bob'")).isEmpty();
        assertThat(rows(alice, "SELECT u.* FROM letter AS l JOIN user AS u ON l.recipient = u.identity "
                + "WHERE l.id = 2 OR TRUE")).extracting(r -> ((Chat.User) r).name()).containsExactly("alice");
        // a private table, on either side of a join
        String priv = "no such table: `secret`. If the table exists, it may be marked private.";
        assertThat(refusal("SELECT user.* FROM user JOIN secret ON user.identity = secret.owner")).isEqualTo(priv);
        assertThat(refusal("SELECT secret.* FROM user JOIN secret ON user.identity = secret.owner")).isEqualTo(priv);
    }

    @Test
    void aJoinSubscriptionFollowsCommitsToEitherTable() {
        List<ServerMessage> sent = new ArrayList<>();
        Client c = new Client() {
            @Override
            CallerContext caller() {
                return alice;
            }

            @Override
            void transmit(ServerMessage message) {
                sent.add(message);
            }

            @Override
            void abandon(String why) {
                throw new AssertionError("an in-memory database abandons no client: " + why);
            }
        };
        database.attach(c);
        QueryRows first = database.subscribe(c, new QuerySetId(1), List.of(
                "SELECT \"letter\".* FROM \"user\" JOIN \"letter\" ON \"user\".\"identity\" = \"letter\".\"recipient\" "
                        + "WHERE \"user\".\"online\" = TRUE"));
        assertThat(first.tables().get(0).rows().rows()).hasSize(1);
        // alice goes offline: the other table changed, her letter leaves the result
        Identity a = alice.sender();
        warden.database().write(() -> {
            var users = warden.database().db().table(Chat.User.class);
            users.delete(new Chat.User(a, "alice", true));
            return users.insert(new Chat.User(a, "alice", false));
        });
        database.query(alice, "SELECT * FROM user");   // publishes the pending commit
        assertThat(sent).hasSize(1);
        var update = (ServerMessage.TransactionUpdate) sent.get(0);
        var rows = (dev.warden.host.internal.v2.QuerySetUpdate.TableUpdateRows.PersistentTable)
                update.querySets().get(0).tables().get(0).rows().get(0);
        assertThat(rows.deletes().rows()).hasSize(1);
        assertThat(rows.inserts().rows()).isEmpty();
        // a letter to bob changes nothing alice sees: no update
        warden.database().write(() -> warden.database().db().table(Chat.Letter.class)
                .insert(new Chat.Letter(3, bob.sender(), "more for bob")));
        database.query(alice, "SELECT * FROM user");
        assertThat(sent).hasSize(1);
    }

    /** An in-memory client of alice's, recording what it is sent. */
    Client clientOf(CallerContext caller, List<ServerMessage> sent) {
        return new Client() {
            @Override
            CallerContext caller() {
                return caller;
            }

            @Override
            void transmit(ServerMessage message) {
                sent.add(message);
            }

            @Override
            void abandon(String why) {
                throw new AssertionError("an in-memory database abandons no client: " + why);
            }
        };
    }

    void addMessages(long from, int count, Identity sender) {
        warden.database().write(() -> {
            var messages = warden.database().db().table(Chat.Message.class);
            for (long id = from; id < from + count; id++) {
                messages.insert(new Chat.Message(id, sender, "m", Instant.EPOCH, BigInteger.ONE, 0, 0, 0, List.of()));
            }
            return null;
        });
    }

    /**
     * A join subscription's result held only its returned table's rows against the host's budget, though every
     * commit to either table read the whole other table again: 2 user rows joined to 10,000 messages cost 2. Now it
     * costs the rows of both tables, and one connection holds at most {@link Database#MAX_JOIN_QUERIES} join queries.
     */
    @Test
    void aJoinCostsTheRowsOfBothTablesAndAConnectionHoldsFewJoins() {
        addMessages(100, 10_000, bob.sender());
        String join = "SELECT user.* FROM message JOIN user ON message.sender = user.identity WHERE message.id = ";
        Database limited = new Database(warden, Catalog.of(warden.module()), 50_000);
        try {
            Client c = clientOf(alice, new ArrayList<>());
            limited.attach(c);
            // 2 users and 10,002 messages: 10,004 each
            for (int i = 0; i < 4; i++) {
                limited.subscribe(c, new QuerySetId(i), List.of(join + i));
            }
            assertThatThrownBy(() -> limited.subscribe(c, new QuerySetId(4), List.of(join + 4)))
                    .hasMessage("too many rows subscribed on this host: this query set adds 10004 to 40016, "
                            + "at most 50000");
        } finally {
            limited.close();
        }
        Client c = clientOf(alice, new ArrayList<>());
        database.attach(c);
        List<String> sixteen = new ArrayList<>();
        for (int i = 0; i < Database.MAX_JOIN_QUERIES; i++) {
            sixteen.add(join + i);
        }
        database.subscribe(c, new QuerySetId(1), sixteen.subList(0, 10));
        database.subscribe(c, new QuerySetId(2), sixteen.subList(10, 16));
        assertThatThrownBy(() -> database.subscribe(c, new QuerySetId(3), List.of(join + 16, "SELECT * FROM user")))
                .hasMessage("too many join queries on this connection: 17, at most 16");
        // replacing a set counts its new queries instead of its old ones; plain queries are not counted
        database.subscribe(c, new QuerySetId(2), List.of(join + 16, "SELECT * FROM user"));
        database.subscribe(c, new QuerySetId(3), List.of("SELECT * FROM message"));
    }

    /**
     * A one-off join evaluated its {@code WHERE} on every pair of rows sharing a key, but its cap of 100,000 counted
     * only the pairs kept: a self-join of 3,000 rows on one key with a {@code WHERE} that keeps nothing did 9,000,000
     * evaluations under the host's lock. The pairs compared are bounded now.
     */
    @Test
    void aOneOffJoinComparesAtMostTheCapsPairsOfRows() {
        addMessages(100, 3_000, alice.sender());
        String sql = "SELECT a.* FROM message AS a JOIN message AS b ON a.sender = b.sender WHERE a.likes > 100";
        assertThatThrownBy(() -> database.query(alice, sql))
                .hasMessage("the join compares more than 100000 pairs of rows: narrow it");
        // a join within the cap still answers
        assertThat(database.query(alice, "SELECT a.* FROM message AS a JOIN user AS b ON a.sender = b.identity "
                + "WHERE b.name = 'bob'").tables().get(0).rows().rows()).hasSize(1);
    }

    Chat.Message message(long id) {
        return warden.database().read(() -> warden.database().db().table(Chat.Message.class).all().stream()
                .filter(m -> m.id() == id).findFirst().orElseThrow());
    }

    void deleteMessage(long id) {
        Chat.Message m = message(id);
        warden.database().write(() -> warden.database().db().table(Chat.Message.class).delete(m));
    }

    /** Which users a join subscription shows, by name, after each change. */
    @Test
    void aJoinSubscriptionFollowsDeletesAndKeyChangesOnTheOtherTable() {
        List<ServerMessage> sent = new ArrayList<>();
        Client c = clientOf(alice, sent);
        database.attach(c);
        QueryRows first = database.subscribe(c, new QuerySetId(1),
                List.of("SELECT user.* FROM message JOIN user ON message.sender = user.identity"));
        assertThat(first.tables().get(0).rows().rows()).hasSize(2);   // alice (message 1) and bob (message 2)
        var codec = dev.warden.host.Bsatn.codecFor(Chat.User.class);
        java.util.function.Supplier<String> change = () -> {
            assertThat(sent).hasSize(1);
            var update = (ServerMessage.TransactionUpdate) sent.remove(0);
            var rows = (dev.warden.host.internal.v2.QuerySetUpdate.TableUpdateRows.PersistentTable)
                    update.querySets().get(0).tables().get(0).rows().get(0);
            return "+" + rows.inserts().rows().stream().map(b -> codec.decode(b).name()).toList()
                    + " -" + rows.deletes().rows().stream().map(b -> codec.decode(b).name()).toList();
        };
        Runnable publish = () -> database.query(alice, "SELECT * FROM user");
        Chat.Message two = message(2);
        // message 2's sender (the join key) changes from bob to alice: bob leaves
        warden.database().write(() -> {
            var messages = warden.database().db().table(Chat.Message.class);
            messages.delete(two);
            return messages.insert(new Chat.Message(2, alice.sender(), two.text(), two.sent(), two.amount(),
                    two.likes(), two.views(), two.score(), two.tags()));
        });
        publish.run();
        assertThat(change.get()).isEqualTo("+[] -[bob]");
        // alice's first message goes: she has another, nothing changes
        deleteMessage(1);
        publish.run();
        assertThat(sent).isEmpty();
        // her last message goes: she leaves
        deleteMessage(2);
        publish.run();
        assertThat(change.get()).isEqualTo("+[] -[alice]");
        // bob writes: he comes back
        addMessages(10, 1, bob.sender());
        publish.run();
        assertThat(change.get()).isEqualTo("+[bob] -[]");
        // a commit to the returned table: a new user with a message appears at once
        Identity carol = Identity.fromClaims("x", "carol");
        addMessages(11, 1, carol);
        publish.run();
        assertThat(sent).isEmpty();
        warden.database().write(() -> warden.database().db().table(Chat.User.class)
                .insert(new Chat.User(carol, "carol", false)));
        publish.run();
        assertThat(change.get()).isEqualTo("+[carol] -[]");
    }
}
