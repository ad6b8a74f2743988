package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.Identity;
import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import dev.warden.host.internal.v2.CallProcedureFlags;
import dev.warden.host.internal.v2.CallReducerFlags;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.ProcedureStatus;
import dev.warden.host.internal.v2.QueryResult;
import dev.warden.host.internal.v2.QueryRows;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.QuerySetUpdate;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.host.internal.v2.UnsubscribeFlags;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v2.bsatn.spacetimedb endpoint, through the host's own codec. */
class WebSocketTest {

    static final BsatnCodec<BoardModule.Note> NOTE = Bsatn.codecFor(BoardModule.Note.class);
    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static ClientMessage.CallReducer reducer(int id, String name, byte[] args) {
        return new ClientMessage.CallReducer(id, CallReducerFlags.DEFAULT, name, args);
    }

    static byte[] string(String s) {
        return new BsatnWriter().writeString(s).toByteArray();
    }

    static List<String> texts(QueryRows rows) {
        return rows.tables().stream().flatMap(t -> t.rows().rows().stream()).map(NOTE::decode)
                .map(BoardModule.Note::text).collect(Collectors.toList());
    }

    static List<String> inserted(List<QuerySetUpdate> sets) {
        return sets.stream().flatMap(s -> s.tables().stream()).flatMap(t -> t.rows().stream())
                .flatMap(r -> ((QuerySetUpdate.TableUpdateRows.PersistentTable) r).inserts().rows().stream())
                .map(NOTE::decode).map(BoardModule.Note::text).collect(Collectors.toList());
    }

    @Test
    void initialConnectionCarriesTheIdentityAndTheToken() throws Exception {
        String alice = f.user("alice");
        try (WsClient c = new WsClient(f.host.uri(), alice)) {
            assertThat(c.socket.getSubprotocol()).isEqualTo("v3.bsatn.spacetimedb");
            ServerMessage.InitialConnection init = c.next(ServerMessage.InitialConnection.class);
            assertThat(init.identity()).isEqualTo(f.identityOf("alice"));
            assertThat(init.token()).isEqualTo(alice);
        }
        try (WsClient anon = new WsClient(f.host.uri(), null)) {
            ServerMessage.InitialConnection init = anon.next(ServerMessage.InitialConnection.class);
            assertThat(f.validator.validate(init.token()).identity()).isEqualTo(init.identity());
            assertThat(f.validator.validate(init.token()).fromLocalIssuer()).isTrue();
        }
    }

    @Test
    void reducersAllowedDeniedFailingAndUnknown() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.send(reducer(1, "touch", new byte[0]));
            ServerMessage.ReducerResult ok = c.next(ServerMessage.ReducerResult.class);
            assertThat(ok.requestId()).isEqualTo(1);
            assertThat(ok.result()).isEqualTo(new ReducerOutcome.OkEmpty());

            c.send(reducer(2, "ban", Bsatn.codecFor(Identity.class).encode(f.identityOf("x"))));
            ReducerOutcome denied = c.next(ServerMessage.ReducerResult.class).result();
            assertThat(new BsatnReader(((ReducerOutcome.Err) denied).error()).readString())
                    .contains("requires any role of [admin]");

            c.send(reducer(3, "add_note", string(" ")));
            assertThat(c.next(ServerMessage.ReducerResult.class).result())
                    .isEqualTo(ReducerOutcome.Err.of("text must not be blank"));

            c.send(reducer(4, "nope", new byte[0]));
            assertThat(c.next(ServerMessage.ReducerResult.class).result())
                    .isEqualTo(new ReducerOutcome.InternalError("no such reducer: nope"));

            c.send(new ClientMessage.CallProcedure(5, CallProcedureFlags.DEFAULT, "count_notes", new byte[0]));
            ServerMessage.ProcedureResult p = c.next(ServerMessage.ProcedureResult.class);
            assertThat(p.requestId()).isEqualTo(5);
            assertThat(p.status()).isEqualTo(new ProcedureStatus.Returned(new BsatnWriter().writeLong(0)
                    .toByteArray()));
        }
    }

    @Test
    void subscribersSeeOnlyTheirRowsAndEachCommitAsATransactionUpdate() throws Exception {
        try (WsClient alice = new WsClient(f.host.uri(), f.user("alice"));
             WsClient bob = new WsClient(f.host.uri(), f.user("bob"))) {
            alice.next(ServerMessage.InitialConnection.class);
            bob.next(ServerMessage.InitialConnection.class);
            alice.send(reducer(1, "add_note", string("alice's first")));
            assertThat(alice.next(ServerMessage.ReducerResult.class).result()).isEqualTo(new ReducerOutcome.OkEmpty());

            alice.send(new ClientMessage.Subscribe(2, new QuerySetId(7), List.of("SELECT * FROM notes")));
            ServerMessage.SubscribeApplied applied = alice.next(ServerMessage.SubscribeApplied.class);
            assertThat(applied.querySetId()).isEqualTo(new QuerySetId(7));
            assertThat(texts(applied.rows())).containsExactly("alice's first");
            bob.send(new ClientMessage.Subscribe(3, new QuerySetId(1), List.of("SELECT * FROM notes")));
            assertThat(texts(bob.next(ServerMessage.SubscribeApplied.class).rows())).isEmpty();

            bob.send(reducer(4, "add_note", string("bob's")));
            ReducerOutcome.Ok own = (ReducerOutcome.Ok) bob.next(ServerMessage.ReducerResult.class).result();
            assertThat(inserted(own.transactionUpdate().querySets())).containsExactly("bob's");
            assertThat(alice.poll(300)).as("alice may not see bob's note").isNull();

            alice.send(reducer(5, "add_note", string("alice's second")));
            assertThat(inserted(((ReducerOutcome.Ok) alice.next(ServerMessage.ReducerResult.class).result())
                    .transactionUpdate().querySets())).containsExactly("alice's second");
            assertThat(bob.poll(300)).isNull();

            // a commit by someone else reaches a subscriber as a TransactionUpdate
            try (WsClient alice2 = new WsClient(f.host.uri(), f.user("alice"))) {
                alice2.next(ServerMessage.InitialConnection.class);
                alice2.send(reducer(1, "add_note", string("from alice's phone")));
                alice2.next(ServerMessage.ReducerResult.class);
            }
            ServerMessage.TransactionUpdate tu = alice.next(ServerMessage.TransactionUpdate.class);
            assertThat(tu.querySets()).extracting(QuerySetUpdate::querySetId).containsExactly(new QuerySetId(7));
            assertThat(inserted(tu.querySets())).containsExactly("from alice's phone");

            alice.send(new ClientMessage.Subscribe(6, new QuerySetId(8),
                    List.of("SELECT * FROM notes WHERE text = 'alice''s second'")));
            assertThat(texts(alice.next(ServerMessage.SubscribeApplied.class).rows()))
                    .containsExactly("alice's second");
            alice.send(new ClientMessage.Subscribe(7, new QuerySetId(9), List.of("SELECT * FROM secrets")));
            ServerMessage.SubscriptionError err = alice.next(ServerMessage.SubscriptionError.class);
            assertThat(err.requestId()).contains(7);
            assertThat(err.error())
                    .isEqualTo("no such table: `secrets`. If the table exists, it may be marked private.");
        }
    }

    @Test
    void unsubscribeSendsTheDroppedRowsAndOneOffQueriesAnswerOnce() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.send(reducer(1, "add_note", string("n1")));
            c.next(ServerMessage.ReducerResult.class);
            c.send(new ClientMessage.Subscribe(2, new QuerySetId(3), List.of("SELECT * FROM notes")));
            c.next(ServerMessage.SubscribeApplied.class);
            c.send(new ClientMessage.Unsubscribe(4, new QuerySetId(3), UnsubscribeFlags.SEND_DROPPED_ROWS));
            ServerMessage.UnsubscribeApplied u = c.next(ServerMessage.UnsubscribeApplied.class);
            assertThat(u.requestId()).isEqualTo(4);
            assertThat(texts(u.rows().orElseThrow())).containsExactly("n1");
            c.send(reducer(5, "add_note", string("n2")));
            assertThat(c.next(ServerMessage.ReducerResult.class).result()).isEqualTo(new ReducerOutcome.OkEmpty());

            c.send(new ClientMessage.OneOffQuery(6, "SELECT * FROM notes"));
            ServerMessage.OneOffQueryResult q = c.next(ServerMessage.OneOffQueryResult.class);
            assertThat(texts(((QueryResult.Ok) q.result()).rows())).containsExactly("n1", "n2");
            c.send(new ClientMessage.OneOffQuery(7, "DELETE FROM notes"));
            assertThat(((QueryResult.Err) c.next(ServerMessage.OneOffQueryResult.class).result()).error())
                    .isEqualTo("Unsupported: Non-SELECT queries");
        }
    }

    @Test
    void anOnConnectDenialDropsTheSocketAndOnDisconnectRunsAtClose() throws Exception {
        f.module.banned.add(f.identityOf("mallory"));
        try (WsClient m = new WsClient(f.host.uri(), f.user("mallory"))) {
            // no close frame: the connection is dropped (an error, or 1006 "closed abnormally")
            assertThat(m.closed.get(5, TimeUnit.SECONDS)).isIn(-1, 1006);
            assertThat(m.poll(100)).isNull();
        }
        WsClient alice = new WsClient(f.host.uri(), f.user("alice"));
        alice.next(ServerMessage.InitialConnection.class);
        alice.socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertThat(alice.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        String hex = f.identityOf("alice").toHex();
        long deadline = System.currentTimeMillis() + 5000;
        while (!f.module.lifecycle.contains("disconnect " + hex) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(f.module.lifecycle).containsSubsequence("connect " + hex, "disconnect " + hex);
    }

    @Test
    void aFrameThatIsNotAClientMessageClosesWith1011() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {9, 1, 2}), true).get(5, TimeUnit.SECONDS);
            assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1011);
        }
    }

    @Test
    void anInvalidTokenIsRefusedBeforeTheUpgrade() {
        assertThatThrownBy(() -> new WsClient(f.host.uri(), "garbage"))
                .hasStackTraceContaining("401");
        assertThat(Optional.of(1)).isPresent();
    }
}
