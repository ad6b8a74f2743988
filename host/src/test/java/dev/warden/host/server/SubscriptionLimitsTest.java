package dev.warden.host.server;

import static dev.warden.host.server.WebSocketTest.reducer;
import static dev.warden.host.server.WebSocketTest.string;
import static dev.warden.host.server.WebSocketTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ServerMessage;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions cost what they show: duplicates collapse, sets and queries are capped, and no call recomputes for
 * nothing.
 */
class SubscriptionLimitsTest {

    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void identicalQueriesInASetShowTheRowsOnceAndTooManyAreRefused() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.send(reducer(1, "add_note", string("n1")));
            c.next(ServerMessage.ReducerResult.class);

            c.send(new ClientMessage.Subscribe(2, new QuerySetId(1),
                    Collections.nCopies(32, "SELECT * FROM notes")));
            assertThat(texts(c.next(ServerMessage.SubscribeApplied.class).rows())).containsExactly("n1");
            // overlapping queries on one table: a row both match is shown once
            c.send(new ClientMessage.Subscribe(3, new QuerySetId(2),
                    List.of("SELECT * FROM notes", "select * from \"notes\" where text = 'n1'")));
            assertThat(texts(c.next(ServerMessage.SubscribeApplied.class).rows())).containsExactly("n1");

            // as many copies as fit in Jetty's 64 KiB message (23 bytes each)
            c.send(new ClientMessage.Subscribe(4, new QuerySetId(3),
                    Collections.nCopies(2_800, "SELECT * FROM notes")));
            ServerMessage.SubscriptionError err = c.next(ServerMessage.SubscriptionError.class);
            assertThat(err.requestId()).contains(4);
            assertThat(err.querySetId()).isEqualTo(new QuerySetId(3));
            assertThat(err.error()).isEqualTo("too many queries in one set: 2800, at most 32");
        }
    }

    @Test
    void theSixtyFifthQuerySetIsRefusedAndResubscribingAnExistingSetIsNot() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            for (int i = 0; i < 64; i++) {
                c.send(new ClientMessage.Subscribe(i, new QuerySetId(i), List.of("SELECT * FROM counts")));
                c.next(ServerMessage.SubscribeApplied.class);
            }
            c.send(new ClientMessage.Subscribe(64, new QuerySetId(64), List.of("SELECT * FROM counts")));
            ServerMessage.SubscriptionError err = c.next(ServerMessage.SubscriptionError.class);
            assertThat(err.requestId()).contains(64);
            assertThat(err.error()).isEqualTo("too many query sets on this connection: at most 64");
            c.send(new ClientMessage.Subscribe(65, new QuerySetId(5), List.of("SELECT * FROM notes")));
            assertThat(c.next(ServerMessage.SubscribeApplied.class).querySetId()).isEqualTo(new QuerySetId(5));
            // the connection still works
            c.send(reducer(66, "touch", new byte[0]));
            assertThat(c.next(ServerMessage.ReducerResult.class).requestId()).isEqualTo(66);
        }
    }

    @Test
    void anHttpCallToAnUnknownOrLifecycleReducerConnectsNobodyAndRecomputesNothing() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM notes")));
            c.next(ServerMessage.SubscribeApplied.class);
            List<String> hooksBefore = List.copyOf(f.module.lifecycle);
            int viewsBefore = f.module.noteViews.get();

            assertThat(f.post("/v1/database/board/call/nope", null, "[]").statusCode()).isEqualTo(404);
            assertThat(f.post("/v1/database/board/call/connected", null, "[]").statusCode()).isEqualTo(400);
            assertThat(f.post("/v1/database/board/call/add_note", null, "[1, 2]").statusCode()).isEqualTo(400);

            assertThat(f.module.lifecycle).as("@OnConnect/@OnDisconnect runs").isEqualTo(hooksBefore);
            assertThat(f.module.noteViews.get()).as("view evaluations").isEqualTo(viewsBefore);
        }
    }

    @Test
    void aRefusedOrFailedCallRecomputesNoSubscription() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM notes")));
            c.next(ServerMessage.SubscribeApplied.class);
            int viewsBefore = f.module.noteViews.get();
            c.send(reducer(2, "ban", new byte[32]));
            c.next(ServerMessage.ReducerResult.class);
            c.send(reducer(3, "add_note", string(" ")));
            c.next(ServerMessage.ReducerResult.class);
            c.send(reducer(4, "nope", new byte[0]));
            c.next(ServerMessage.ReducerResult.class);
            assertThat(f.module.noteViews.get()).as("view evaluations").isEqualTo(viewsBefore);
            c.send(reducer(5, "add_note", string("n")));
            c.next(ServerMessage.ReducerResult.class);
            assertThat(f.module.noteViews.get()).isEqualTo(viewsBefore + 1);
        }
    }
}
