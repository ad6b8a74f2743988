package dev.warden.host.server;

import static dev.warden.host.server.WebSocketTest.reducer;
import static dev.warden.host.server.WebSocketTest.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ConnectionId;
import dev.warden.host.internal.server.ClientSession;
import dev.warden.host.internal.server.Lifetime;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.Compression;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.host.internal.v2.V2Protocol;
import dev.warden.host.internal.v2.V3Protocol;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A v3 frame's answers are coalesced into frames of at most 512 KiB, each sent as it fills: one frame of many
 * large queries never makes the host hold all their answers (the answers of 2,000 one-off queries of 1 MB each
 * would be 2 GB) before sending the first.
 */
class V3CoalescingTest {

    final SessionHarness h = new SessionHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    /** A frame the host sent, and how many notes the module held when it was sent. */
    record Sent(List<ServerMessage> messages, int bytes, int notesThen) {}

    @Test
    void aFramesAnswersGoOutAsEachFrameFillsNotAllAtTheEnd() {
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        Session socket = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "sendBinary" -> {
                        ByteBuffer b = ((ByteBuffer) args[0]).duplicate();
                        byte[] frame = new byte[b.remaining()];
                        b.get(frame);
                        sent.add(new Sent(V2Protocol.decodeServerMessages(frame), frame.length,
                                h.module.notes.size()));
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        String token = h.user("alice");
        ClientSession session = new ClientSession(h.database, token, ConnectionId.random(),
                Lifetime.of(h.validator.validate(token), h.local, h.sessions.removals()), h.sessions,
                new ClientSession.Wire(true, Compression.NONE));
        session.open(socket);

        // 8 notes of 60,000 characters: each query of them answers about 480 KB
        List<ClientMessage> adds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            adds.add(reducer(i, "add_note", string(("n" + i).repeat(30_000))));
        }
        session.binary(V3Protocol.encodeClientMessages(adds));
        h.database.drain(Duration.ofSeconds(10));
        sent.clear();

        List<ClientMessage> frame = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frame.add(new ClientMessage.OneOffQuery(100 + i, "SELECT * FROM notes"));
        }
        frame.add(reducer(200, "add_note", string("last")));   // the frame's last message adds a ninth note
        session.binary(V3Protocol.encodeClientMessages(frame));
        h.database.drain(Duration.ofSeconds(10));

        assertThat(sent).hasSizeGreaterThanOrEqualTo(4);
        assertThat(sent).allSatisfy(s -> assertThat(s.bytes()).isLessThanOrEqualTo(
                V3Protocol.MAX_UNCOMPRESSED_PAYLOAD + 1));
        // the first answers went out while the frame was still being handled, before its last message ran
        assertThat(sent.get(0).messages()).first().isInstanceOf(ServerMessage.OneOffQueryResult.class);
        assertThat(sent.get(0).notesThen()).isEqualTo(8);
        assertThat(sent.stream().flatMap(s -> s.messages().stream()).map(m -> m.getClass().getSimpleName()))
                .containsExactly("OneOffQueryResult", "OneOffQueryResult", "OneOffQueryResult",
                        "OneOffQueryResult", "ReducerResult");
        assertThat(sent.get(sent.size() - 1).notesThen()).isEqualTo(9);
    }
}
