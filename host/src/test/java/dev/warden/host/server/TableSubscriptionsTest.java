package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnWriter;
import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QueryRows;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.QuerySetUpdate;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.policy.AnonymousViewContext;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: clients subscribe to a module's public tables; a commit's changed rows reach exactly the subscribers
 * whose row rule shows them (a key update as an update: its delete and insert in one table update); private tables
 * are never sent; a view runs again only when a table it read changed.
 */
class TableSubscriptionsTest {

    /** A module with a public table, an owner-ruled one, a private one and a view over one of them. */
    @Authenticated
    public static class Mail {
        @Table(name = "user", access = Access.PUBLIC)
        public record User(@PrimaryKey Identity identity, String name, boolean online) {}

        @Table(name = "letter", access = Access.PUBLIC)
        @VisibleRows(owner = "recipient")
        public record Letter(@PrimaryKey @AutoInc long id, Identity recipient, String text) {}

        @Table(name = "secret", access = Access.PRIVATE)
        public record Secret(@PrimaryKey String key, String value) {}

        @Table(name = "handle", access = Access.PUBLIC)
        public record Handle(@PrimaryKey String name, Identity owner) {}

        @Reducer("claim")
        public void claim(ReducerContext ctx, String name) {
            ctx.db().table(Handle.class).insert(new Handle(name, ctx.sender()));
        }

        @Table(name = "note", access = Access.PUBLIC)
        public record Note(@PrimaryKey long id, String text) {}

        @dev.warden.policy.annotation.Procedure("add_then_fail")
        public void addThenFail(dev.warden.policy.ProcedureContext ctx, long id) {
            ctx.withTx(db -> db.table(Note.class).insert(new Note(id, "from a procedure")));
            throw new IllegalStateException("the procedure fails after its transaction committed");
        }

        @Reducer("remove_note")
        public void removeNote(ReducerContext ctx, long id) {
            ctx.db().table(Note.class).unique(Note::id).delete(id);
        }

        @Reducer("add_note")
        public void addNote(ReducerContext ctx, long id, String text) {
            ctx.db().table(Note.class).insert(new Note(id, "bad".equals(text) ? null : text));
        }

        @dev.warden.policy.annotation.Scheduled("tick")
        public void tick(ReducerContext ctx) {
            ctx.db().table(Note.class).insert(new Note(ctx.db().table(Note.class).count() + 100, "tick"));
        }

        /** A view's row. */
        public record Count(long users) {}

        static final AtomicInteger COUNT_RUNS = new AtomicInteger();

        static final List<java.time.Instant> STAMPS = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Reducer("set_name")
        public void setName(ReducerContext ctx, String name) {
            STAMPS.add(ctx.timestamp());
            var users = ctx.db().table(User.class);
            if (users.unique(User::identity).find(ctx.sender()).isPresent()) {
                users.unique(User::identity).update(new User(ctx.sender(), name, true));
            } else {
                users.insert(new User(ctx.sender(), name, true));
            }
        }

        @Reducer("send")
        public void send(ReducerContext ctx, Identity to, String text) {
            ctx.db().table(Letter.class).insert(new Letter(0, to, text));
        }

        @Reducer("hide")
        public void hide(ReducerContext ctx, String value) {
            ctx.db().table(Secret.class).insert(new Secret(value, value));
        }

        @View("user_count")
        @Public
        public List<Count> userCount(AnonymousViewContext ctx) {
            COUNT_RUNS.incrementAndGet();
            return List.of(new Count(ctx.db().table(User.class).count()));
        }
    }

    static final BsatnCodec<Mail.User> USER = Bsatn.codecFor(Mail.User.class);
    static final BsatnCodec<Mail.Letter> LETTER = Bsatn.codecFor(Mail.Letter.class);

    MockIssuer idp;
    TokenValidator validator;
    HostServer host;
    Warden<Mail> warden;

    @BeforeEach
    void start() {
        idp = MockIssuer.start();
        LocalIssuer local = LocalIssuer.builder().build();
        validator = TokenValidator.builder().trust(idp.trust().build()).trust(local.trustedIssuer()).build();
        warden = Warden.builder(PolicyEngine.builder().build().compile(Mail.class), new Mail())
                .validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
        host = HostServer.builder(warden, validator, local).database("board").port(0).start();   // the name WsClient connects to
    }

    @AfterEach
    void stop() {
        host.close();
        validator.close();
        idp.close();
    }

    WsClient connect(String subject) throws Exception {
        WsClient c = new WsClient(host.uri(), idp.tokens().user(subject).sign());
        c.next(ServerMessage.InitialConnection.class);
        return c;
    }

    Identity id(String subject) {
        return Identity.fromClaims(idp.issuer(), subject);
    }

    static ClientMessage.Subscribe subscribe(int id, String... sql) {
        return new ClientMessage.Subscribe(id, new QuerySetId(id), List.of(sql));
    }

    static ClientMessage.CallReducer call(int id, String name, BsatnWriter args) {
        return new ClientMessage.CallReducer(id, dev.warden.host.internal.v2.CallReducerFlags.DEFAULT, name,
                args.toByteArray());
    }

    static <T> List<T> rows(QueryRows rows, BsatnCodec<T> codec) {
        List<T> out = new ArrayList<>();
        rows.tables().forEach(t -> t.rows().rows().forEach(r -> out.add(codec.decode(r))));
        return out;
    }

    static QuerySetUpdate.TableUpdateRows.PersistentTable only(ServerMessage.TransactionUpdate u) {
        assertThat(u.querySets()).hasSize(1);
        assertThat(u.querySets().get(0).tables()).hasSize(1);
        return (QuerySetUpdate.TableUpdateRows.PersistentTable) u.querySets().get(0).tables().get(0).rows().get(0);
    }

    @Test
    void aPublicTablesInsertsAndKeyUpdatesReachItsSubscribersAnUpdateAsDeleteAndInsert() throws Exception {
        try (WsClient alice = connect("alice"); WsClient bob = connect("bob")) {
            bob.send(subscribe(1, "SELECT * FROM user"));
            assertThat(rows(bob.next(ServerMessage.SubscribeApplied.class).rows(), USER)).isEmpty();

            alice.send(call(10, "set_name", new BsatnWriter().writeString("Alice")));
            alice.next(ServerMessage.ReducerResult.class);
            var insert = only(bob.next(ServerMessage.TransactionUpdate.class));
            assertThat(insert.inserts().rows()).extracting(USER::decode)
                    .containsExactly(new Mail.User(id("alice"), "Alice", true));
            assertThat(insert.deletes().rows()).isEmpty();

            alice.send(call(11, "set_name", new BsatnWriter().writeString("Alicia")));
            alice.next(ServerMessage.ReducerResult.class);
            var update = only(bob.next(ServerMessage.TransactionUpdate.class));
            assertThat(update.deletes().rows()).extracting(USER::decode)
                    .containsExactly(new Mail.User(id("alice"), "Alice", true));
            assertThat(update.inserts().rows()).extracting(USER::decode)
                    .containsExactly(new Mail.User(id("alice"), "Alicia", true));
        }
    }

    @Test
    void anOwnerRuledTablesRowReachesItsOwnerOnly() throws Exception {
        try (WsClient alice = connect("alice"); WsClient bob = connect("bob"); WsClient carol = connect("carol")) {
            for (WsClient c : List.of(alice, bob)) {
                c.send(subscribe(1, "SELECT * FROM letter"));
                c.next(ServerMessage.SubscribeApplied.class);
            }
            BsatnWriter args = new BsatnWriter();
            Bsatn.codecFor(Identity.class).write(args, id("bob"));
            carol.send(call(10, "send", args.writeString("for bob")));
            assertThat(carol.next(ServerMessage.ReducerResult.class).result()).as("carol subscribes to nothing")
                    .isInstanceOf(ReducerOutcome.OkEmpty.class);
            var got = only(bob.next(ServerMessage.TransactionUpdate.class));
            assertThat(got.inserts().rows()).extracting(LETTER::decode)
                    .containsExactly(new Mail.Letter(1, id("bob"), "for bob"));
            assertThat(alice.poll(300)).as("alice is not bob: no message").isNull();
            // a one-off query and a new subscription see the same rule
            bob.send(subscribe(2, "SELECT * FROM letter"));
            assertThat(rows(bob.next(ServerMessage.SubscribeApplied.class).rows(), LETTER)).hasSize(1);
            alice.send(subscribe(2, "SELECT * FROM letter"));
            assertThat(rows(alice.next(ServerMessage.SubscribeApplied.class).rows(), LETTER)).isEmpty();
        }
    }

    @Test
    void aPrivateTableIsNeverSent() throws Exception {
        try (WsClient alice = connect("alice")) {
            alice.send(call(10, "hide", new BsatnWriter().writeString("s3cr3t")));
            alice.next(ServerMessage.ReducerResult.class);
            alice.send(subscribe(1, "SELECT * FROM secret"));
            ServerMessage.SubscriptionError e = alice.next(ServerMessage.SubscriptionError.class);
            // SpacetimeDB's text: a private table is no table to a client, so its existence is not told either
            assertThat(e.error())
                    .isEqualTo("no such table: `secret`. If the table exists, it may be marked private.");
        }
    }

    @Test
    void aViewRunsAgainOnlyWhenATableItReadChanged() throws Exception {
        try (WsClient alice = connect("alice")) {
            alice.send(subscribe(1, "SELECT * FROM user_count"));
            alice.next(ServerMessage.SubscribeApplied.class);
            int runs = Mail.COUNT_RUNS.get();
            alice.send(call(10, "hide", new BsatnWriter().writeString("x")));   // changes secret only
            alice.next(ServerMessage.ReducerResult.class);
            assertThat(Mail.COUNT_RUNS.get()).as("a commit to another table").isEqualTo(runs);
            alice.send(call(11, "set_name", new BsatnWriter().writeString("Alice")));
            ReducerOutcome.Ok ok = (ReducerOutcome.Ok) alice.next(ServerMessage.ReducerResult.class).result();
            assertThat(Mail.COUNT_RUNS.get()).as("a commit to the table it read").isEqualTo(runs + 1);
            assertThat(ok.transactionUpdate().querySets()).hasSize(1);
        }
    }

    @Test
    void aBrokenConstraintIsTheClientsErrorAndRollsTheReducerBack() throws Exception {
        try (WsClient alice = connect("alice"); WsClient bob = connect("bob")) {
            alice.send(call(10, "claim", new BsatnWriter().writeString("ace")));
            assertThat(alice.next(ServerMessage.ReducerResult.class).result()).isInstanceOf(ReducerOutcome.OkEmpty.class);
            bob.send(call(11, "claim", new BsatnWriter().writeString("ace")));
            ReducerOutcome r = bob.next(ServerMessage.ReducerResult.class).result();
            assertThat(r).isInstanceOfSatisfying(ReducerOutcome.Err.class, e -> assertThat(e.error())
                    .isEqualTo(ReducerOutcome.Err.of("another row of handle has name = ace (primary key)").error()));
            alice.send(subscribe(1, "SELECT * FROM handle"));
            assertThat(alice.next(ServerMessage.SubscribeApplied.class).rows().tables().get(0).rows().rows())
                    .as("only alice's claim").hasSize(1);
        }
    }

    @Test
    void theResultCarriesTheTransactionsTimestamp() throws Exception {
        try (WsClient alice = connect("alice")) {
            Mail.STAMPS.clear();
            alice.send(call(10, "set_name", new BsatnWriter().writeString("Alice")));
            ServerMessage.ReducerResult r = alice.next(ServerMessage.ReducerResult.class);
            assertThat(Mail.STAMPS).containsExactly(r.timestamp());
            assertThat(r.timestamp().getNano() % 1000).as("SpacetimeDB's precision: microseconds").isZero();
        }
    }

    static final BsatnCodec<Mail.Note> NOTE = Bsatn.codecFor(Mail.Note.class);

    @Test
    void whatAFailingProcedureCommittedReachesSubscribersAndNewOnesStartInStep() throws Exception {
        try (WsClient alice = connect("alice"); WsClient bob = connect("bob")) {
            alice.send(new ClientMessage.CallProcedure(1, dev.warden.host.internal.v2.CallProcedureFlags.DEFAULT,
                    "add_then_fail", new BsatnWriter().writeLong(7).toByteArray()));
            alice.next(ServerMessage.ProcedureResult.class);
            bob.send(subscribe(1, "SELECT * FROM note"));
            assertThat(rows(bob.next(ServerMessage.SubscribeApplied.class).rows(), NOTE))
                    .containsExactly(new Mail.Note(7, "from a procedure"));
            alice.send(call(10, "remove_note", new BsatnWriter().writeLong(7)));
            alice.next(ServerMessage.ReducerResult.class);
            var gone = only(bob.next(ServerMessage.TransactionUpdate.class));
            assertThat(gone.deletes().rows()).extracting(NOTE::decode)
                    .containsExactly(new Mail.Note(7, "from a procedure"));
            // a later subscriber sees the table as it is: without the deleted row
            try (WsClient carol = connect("carol")) {
                carol.send(subscribe(1, "SELECT * FROM note"));
                assertThat(rows(carol.next(ServerMessage.SubscribeApplied.class).rows(), NOTE)).isEmpty();
            }
        }
    }

    @Test
    void aRowThatCannotBeSentEndsTheSetsShowingItNotTheCommitNorOtherSets() throws Exception {
        try (WsClient alice = connect("alice"); WsClient bob = connect("bob")) {
            bob.send(subscribe(1, "SELECT * FROM note"));
            bob.next(ServerMessage.SubscribeApplied.class);
            bob.send(subscribe(2, "SELECT * FROM user"));
            bob.next(ServerMessage.SubscribeApplied.class);
            alice.send(call(10, "add_note", new BsatnWriter().writeLong(1).writeString("bad")));
            assertThat(alice.next(ServerMessage.ReducerResult.class).result()).as("the commit stands")
                    .isInstanceOf(ReducerOutcome.OkEmpty.class);
            ServerMessage.SubscriptionError e = bob.next(ServerMessage.SubscriptionError.class);
            assertThat(e.querySetId().id()).isEqualTo(1);
            assertThat(e.error()).startsWith("a row of note cannot be sent: ");
            alice.send(call(11, "set_name", new BsatnWriter().writeString("Alice")));
            alice.next(ServerMessage.ReducerResult.class);
            ServerMessage.TransactionUpdate u = bob.next(ServerMessage.TransactionUpdate.class);
            assertThat(u.querySets()).extracting(q -> q.querySetId().id()).containsExactly(2);
        }
    }

    @Test
    void aScheduledReducerRunThroughTheHostReachesSubscribersAtOnce() throws Exception {
        try (WsClient bob = connect("bob")) {
            bob.send(subscribe(1, "SELECT * FROM note"));
            bob.next(ServerMessage.SubscribeApplied.class);
            host.runScheduled("tick");
            var added = only(bob.next(ServerMessage.TransactionUpdate.class));
            assertThat(added.inserts().rows()).extracting(NOTE::decode).containsExactly(new Mail.Note(100, "tick"));
        }
    }

    /**
     * Issue 25: a commit made outside the host's own calls (a scheduled reducer the application's timer runs through
     * the Warden, a transaction on another thread) reached subscribers only with the next client call.
     */
    @Test
    void aScheduledReducerRunThroughTheWardenOnAnotherThreadReachesSubscribersAtOnce() throws Exception {
        try (WsClient bob = connect("bob")) {
            bob.send(subscribe(1, "SELECT * FROM note"));
            bob.next(ServerMessage.SubscribeApplied.class);
            Thread timer = new Thread(() -> warden.runScheduled("tick"));
            timer.start();
            timer.join(5000);
            var added = only(bob.next(ServerMessage.TransactionUpdate.class));
            assertThat(added.inserts().rows()).extracting(NOTE::decode).containsExactly(new Mail.Note(100, "tick"));

            warden.database().write(() -> {
                warden.database().db().table(Mail.Note.class).insert(new Mail.Note(7, "written directly"));
                return null;
            });
            added = only(bob.next(ServerMessage.TransactionUpdate.class));
            assertThat(added.inserts().rows()).extracting(NOTE::decode)
                    .containsExactly(new Mail.Note(7, "written directly"));
        }
    }
}
