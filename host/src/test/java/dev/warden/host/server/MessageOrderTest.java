package dev.warden.host.server;

import static dev.warden.host.server.WebSocketTest.reducer;
import static dev.warden.host.server.WebSocketTest.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client gets its messages in commit order, whichever thread sends them. */
class MessageOrderTest {

    final SessionHarness h = new SessionHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aCallersOwnResultArrivesBeforeTheUpdateOfALaterCommit() throws Exception {
        SessionHarness.Conn a = h.open(h.user("alice"));
        SessionHarness.Conn b = h.open(h.user("bob"));
        a.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM counts")));
        assertThat(a.socket().of(ServerMessage.SubscribeApplied.class)).hasSize(1);

        // when A's ReducerResult is about to go out, B commits on another thread; if B can commit before A's
        // result is sent (within 500 ms), B's update overtakes it
        CompletableFuture<Void> bDone = new CompletableFuture<>();
        a.socket().beforeSend = m -> {
            if (m instanceof ServerMessage.ReducerResult && !bDone.isDone()) {
                CompletableFuture.runAsync(() -> b.send(reducer(9, "add_note", string("b's"))))
                        .whenComplete((v, e) -> bDone.complete(null));
                try {
                    bDone.get(500, TimeUnit.MILLISECONDS);
                } catch (TimeoutException expected) {
                    // B waits for A's commit to be delivered: the order is kept
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        a.send(reducer(2, "add_note", string("a's")));
        bDone.get(5, TimeUnit.SECONDS);

        List<ServerMessage> after = a.socket().sent.subList(2, a.socket().sent.size());
        assertThat(after).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("ReducerResult", "TransactionUpdate");
        assertThat(((ServerMessage.ReducerResult) after.get(0)).result()).isInstanceOf(ReducerOutcome.Ok.class);
    }
}
