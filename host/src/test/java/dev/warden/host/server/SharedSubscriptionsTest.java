package dev.warden.host.server;

import static dev.warden.host.server.WebSocketTest.inserted;
import static dev.warden.host.server.WebSocketTest.reducer;
import static dev.warden.host.server.WebSocketTest.string;
import static dev.warden.host.server.WebSocketTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.View;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.QuerySetUpdate;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.host.internal.v2.UnsubscribeFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review 3, S3-1: anonymous sockets each subscribing 64 copies of {@code SELECT * FROM posts} held a copy of every
 * row per set and re-evaluated every set after every commit. Identical subscriptions now share one evaluation and
 * one encoding, and what the host holds is bounded by one budget for the whole host.
 */
class SharedSubscriptionsTest {

    Fixture f;
    HostServer limited;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        if (limited != null) {
            limited.close();
        }
        f.close();
    }

    static ClientMessage.Subscribe subscribe(int id, String... sql) {
        return new ClientMessage.Subscribe(id, new QuerySetId(id), List.of(sql));
    }

    /** The query-set ids an update touches. */
    static List<Integer> setIds(List<QuerySetUpdate> updates) {
        List<Integer> out = new ArrayList<>();
        updates.forEach(u -> out.add(u.querySetId().id()));
        return out;
    }

    @Test
    void sixtyFourIdenticalSetsOfOneConnectionRunItsViewOnceAndEachGetsTheChange() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.send(reducer(100, "add_note", string("n1")));
            c.next(ServerMessage.ReducerResult.class);
            int before = f.module.noteViews.get();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                c.send(subscribe(i, "SELECT * FROM notes"));
                assertThat(texts(c.next(ServerMessage.SubscribeApplied.class).rows())).containsExactly("n1");
                ids.add(i);
            }
            assertThat(f.module.noteViews.get() - before).as("view runs for 64 identical subscriptions").isEqualTo(1);

            before = f.module.noteViews.get();
            c.send(reducer(101, "add_note", string("n2")));
            ReducerOutcome.Ok ok = (ReducerOutcome.Ok) c.next(ServerMessage.ReducerResult.class).result();
            assertThat(f.module.noteViews.get() - before).as("view runs for one commit").isEqualTo(1);
            List<QuerySetUpdate> own = ok.transactionUpdate().querySets();
            assertThat(setIds(own)).containsExactlyElementsOf(ids);
            assertThat(inserted(own)).hasSize(64).containsOnly("n2");
        }
    }

    @Test
    void aPublicViewRunsAndEncodesOnceForEverySubscriberOfEveryConnection() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int k = 0; k < 3; k++) {
                WsClient c = new WsClient(f.host.uri(), null);   // anonymous, each its own identity
                clients.add(c);
                c.next(ServerMessage.InitialConnection.class);
                for (int i = 0; i < 5; i++) {
                    c.send(subscribe(i, "SELECT * FROM counts"));
                    c.next(ServerMessage.SubscribeApplied.class);
                }
            }
            try (WsClient writer = new WsClient(f.host.uri(), f.user("alice"))) {
                writer.next(ServerMessage.InitialConnection.class);
                int views = f.module.countViews.get();
                int reads = BoardModule.Count.READS.get();
                writer.send(reducer(1, "add_note", string("n")));
                writer.next(ServerMessage.ReducerResult.class);
                for (WsClient c : clients) {
                    List<QuerySetUpdate> sets = c.next(ServerMessage.TransactionUpdate.class).querySets();
                    assertThat(setIds(sets)).containsExactly(0, 1, 2, 3, 4);
                }
                assertThat(f.module.countViews.get() - views).as("view runs for 15 subscriptions").isEqualTo(1);
                // the new count row, encoded once for all 15 (the old one's bytes are kept from before)
                assertThat(BoardModule.Count.READS.get() - reads).as("rows encoded").isEqualTo(1);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /** Each set's inserts and deletes, as "set: +inserted -deleted" with notes by text and counts by number. */
    static List<String> changes(List<QuerySetUpdate> sets) {
        List<String> out = new ArrayList<>();
        for (QuerySetUpdate u : sets) {
            for (QuerySetUpdate.TableUpdate t : u.tables()) {
                for (QuerySetUpdate.TableUpdateRows rows : t.rows()) {
                    var p = (QuerySetUpdate.TableUpdateRows.PersistentTable) rows;
                    out.add(u.querySetId().id() + ": +" + show(t.tableName(), p.inserts()) + " -"
                            + show(t.tableName(), p.deletes()));
                }
            }
        }
        return out;
    }

    static List<String> show(String table, dev.warden.host.internal.v2.BsatnRowList rows) {
        return rows.rows().stream().map(b -> table.equals("notes") ? WebSocketTest.NOTE.decode(b).text()
                : String.valueOf(COUNT.decode(b).notes())).toList();
    }

    static final dev.warden.host.BsatnCodec<BoardModule.Count> COUNT =
            dev.warden.host.Bsatn.codecFor(BoardModule.Count.class);

    @Test
    void setsFilteringOneEvaluationEachGetTheirOwnPartOfAChange() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.send(subscribe(1, "SELECT * FROM notes WHERE text = 'a'"));
            c.send(subscribe(2, "SELECT * FROM notes"));
            c.send(subscribe(3, "SELECT * FROM counts WHERE notes = 1"));
            c.send(subscribe(4, "SELECT * FROM counts"));
            for (int i = 0; i < 4; i++) {
                c.next(ServerMessage.SubscribeApplied.class);
            }
            c.send(reducer(5, "add_note", string("b")));
            ReducerOutcome.Ok first = (ReducerOutcome.Ok) c.next(ServerMessage.ReducerResult.class).result();
            assertThat(changes(first.transactionUpdate().querySets()))
                    .containsExactly("2: +[b] -[]", "3: +[1] -[]", "4: +[1] -[0]");
            c.send(reducer(6, "add_note", string("a")));
            ReducerOutcome.Ok second = (ReducerOutcome.Ok) c.next(ServerMessage.ReducerResult.class).result();
            assertThat(changes(second.transactionUpdate().querySets()))
                    .containsExactly("1: +[a] -[]", "2: +[a] -[]", "3: +[] -[1]", "4: +[2] -[1]");
            // a set subscribed now sees the rows as they are
            c.send(subscribe(7, "SELECT * FROM notes WHERE text = 'a'", "SELECT * FROM counts"));
            var rows = c.next(ServerMessage.SubscribeApplied.class).rows().tables();
            assertThat(show(rows.get(0).table(), rows.get(0).rows())).containsExactly("a");
            assertThat(show(rows.get(1).table(), rows.get(1).rows())).containsExactly("2");
        }
    }

    @Test
    void aSharedViewStillAsksEachSubscribersRule() throws Exception {
        try (WsClient admin = new WsClient(f.host.uri(), f.user("root", "admin"));
             WsClient alice = new WsClient(f.host.uri(), f.user("alice"))) {
            admin.next(ServerMessage.InitialConnection.class);
            alice.next(ServerMessage.InitialConnection.class);
            admin.send(subscribe(1, "SELECT * FROM admin_counts"));
            admin.next(ServerMessage.SubscribeApplied.class);
            alice.send(subscribe(1, "SELECT * FROM admin_counts"));
            ServerMessage.SubscriptionError err = alice.next(ServerMessage.SubscriptionError.class);
            assertThat(err.requestId()).contains(1);
            assertThat(err.error()).isEqualTo("denied admin_counts: requires any role of [admin]; caller USER "
                    + f.identityOf("alice").toHex().substring(0, 12) + "... has roles []");
        }
    }

    @Test
    void aSubscriptionPastTheHostsRowBudgetIsRefusedWhileASharedOneCostsNothing() throws Exception {
        limited = HostServer.builder(f.warden, f.validator, f.local).database("board").owner(Fixture.OWNER)
                .maxSubscribedRows(4).start();
        try (WsClient alice = new WsClient(limited.uri(), f.user("alice"));
             WsClient bob = new WsClient(limited.uri(), f.user("bob"));
             WsClient anon = new WsClient(limited.uri(), null)) {
            alice.next(ServerMessage.InitialConnection.class);
            bob.next(ServerMessage.InitialConnection.class);
            anon.next(ServerMessage.InitialConnection.class);
            for (int i = 0; i < 3; i++) {
                alice.send(reducer(10 + i, "add_note", string("n" + i)));
                alice.next(ServerMessage.ReducerResult.class);
            }
            alice.send(subscribe(1, "SELECT * FROM notes"));                    // alice's 3 notes: 3 of 4
            assertThat(texts(alice.next(ServerMessage.SubscribeApplied.class).rows())).hasSize(3);
            bob.send(subscribe(1, "SELECT * FROM counts"));                     // 1 row: 4 of 4
            bob.next(ServerMessage.SubscribeApplied.class);
            anon.send(subscribe(1, "SELECT * FROM counts"));                    // the same rows: still 4 of 4
            anon.next(ServerMessage.SubscribeApplied.class);
            alice.send(subscribe(1, "SELECT * FROM notes"));                    // the same set again: no cost
            alice.next(ServerMessage.SubscribeApplied.class);

            // another filter of alice's notes reads the view's 3 rows again
            alice.send(subscribe(2, "SELECT * FROM notes WHERE text = 'n1'"));
            ServerMessage.SubscriptionError err = alice.next(ServerMessage.SubscriptionError.class);
            assertThat(err.requestId()).contains(2);
            assertThat(err.querySetId()).isEqualTo(new QuerySetId(2));
            assertThat(err.error()).isEqualTo("too many rows subscribed on this host: this query set adds 3 to 4, "
                    + "at most 4");
            // a view the caller sees empty still costs one
            anon.send(subscribe(2, "SELECT * FROM notes"));
            assertThat(anon.next(ServerMessage.SubscriptionError.class).error())
                    .isEqualTo("too many rows subscribed on this host: this query set adds 1 to 4, at most 4");

            // an unsubscribe gives its rows back
            alice.send(new ClientMessage.Unsubscribe(3, new QuerySetId(1), UnsubscribeFlags.DEFAULT));
            alice.next(ServerMessage.UnsubscribeApplied.class);
            alice.send(subscribe(2, "SELECT * FROM notes WHERE text = 'n1'"));
            assertThat(texts(alice.next(ServerMessage.SubscribeApplied.class).rows())).containsExactly("n1");

            // and so does a closed connection (the host answers the close once it has forgotten the connection)
            for (WsClient c : List.of(alice, bob, anon)) {
                c.socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
                c.closed.get(5, TimeUnit.SECONDS);
            }
            try (WsClient carol = new WsClient(limited.uri(), f.user("carol"))) {
                carol.next(ServerMessage.InitialConnection.class);
                carol.send(subscribe(1, "SELECT * FROM notes", "SELECT * FROM counts"));   // 0 rows: 1, and 1
                carol.send(subscribe(2, "SELECT * FROM notes WHERE text = 'x'"));           // 1
                carol.send(subscribe(3, "SELECT * FROM notes WHERE text = 'y'"));           // 1: 4 of 4
                for (int i = 0; i < 3; i++) {
                    carol.next(ServerMessage.SubscribeApplied.class);
                }
            }
        }
    }

    /** A module whose one view admits a caller until that caller revokes itself. */
    public static class Revocable {
        final Set<Identity> revoked = ConcurrentHashMap.newKeySet();
        final AtomicInteger runs = new AtomicInteger();

        @Reducer("revoke_me")
        @Public
        public void revokeMe(CallerContext ctx) {
            revoked.add(ctx.sender());
        }

        @View("board")
        @Policy("notRevoked")
        public List<BoardModule.Count> board() {
            runs.incrementAndGet();
            return List.of(new BoardModule.Count(revoked.size()));
        }
    }

    String revoked(String subject) {
        return "denied board: policy 'notRevoked' denied caller USER " + f.identityOf(subject).toHex().substring(0, 12)
                + "...";
    }

    @Test
    void aSubscriberWhoseRuleNoLongerAdmitsItLosesTheSharedSetAndTheOthersKeepIt() throws Exception {
        Revocable module = new Revocable();
        Warden<Revocable> warden = Warden.builder(PolicyEngine.builder()
                        .policy("notRevoked", (caller, call) -> !((Revocable) call.module()).revoked
                                .contains(caller.sender()))
                        .build().compile(Revocable.class), module)
                .validator(f.validator)
                .claims(ClaimsMapper.builder().roles(f.idp.issuer(), MockIssuer.roleMapping())
                        .anonymousIssuer(f.local.issuer()).build())
                .build();
        limited = HostServer.builder(warden, f.validator, f.local).database("board").start();
        try (WsClient alice = new WsClient(limited.uri(), f.user("alice"));
             WsClient bob = new WsClient(limited.uri(), f.user("bob"))) {
            alice.next(ServerMessage.InitialConnection.class);
            bob.next(ServerMessage.InitialConnection.class);
            alice.send(subscribe(1, "SELECT * FROM board"));
            alice.next(ServerMessage.SubscribeApplied.class);
            bob.send(subscribe(1, "SELECT * FROM board"));
            bob.next(ServerMessage.SubscribeApplied.class);
            int runs = module.runs.get();

            alice.send(reducer(2, "revoke_me", new byte[0]));
            ServerMessage.SubscriptionError lost = alice.next(ServerMessage.SubscriptionError.class);
            assertThat(lost.requestId()).isEmpty();
            assertThat(lost.querySetId()).isEqualTo(new QuerySetId(1));
            assertThat(lost.error()).isEqualTo(revoked("alice"));
            assertThat(alice.next(ServerMessage.ReducerResult.class).result()).isInstanceOf(ReducerOutcome.OkEmpty.class);
            assertThat(setIds(bob.next(ServerMessage.TransactionUpdate.class).querySets())).containsExactly(1);
            assertThat(module.runs.get() - runs).as("view runs for the commit").isEqualTo(1);

            // alice may not subscribe again; bob's set lives on
            alice.send(subscribe(3, "SELECT * FROM board"));
            assertThat(alice.next(ServerMessage.SubscriptionError.class).error()).isEqualTo(revoked("alice"));
            bob.send(reducer(4, "revoke_me", new byte[0]));
            assertThat(bob.next(ServerMessage.SubscriptionError.class).querySetId()).isEqualTo(new QuerySetId(1));
        }
    }
}
