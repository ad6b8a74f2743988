package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QueryResult;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.host.internal.v2.V2Protocol;
import dev.warden.host.internal.v2.V3Protocol;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket protocol as SpacetimeDB speaks it (issue 25): no extension negotiated, the subprotocol chosen by
 * SpacetimeDB's order of preference, v3's framing, and the {@code compression} query parameter.
 */
class WireProtocolTest {

    Fixture f;

    @BeforeEach
    void start() {
        f = new Fixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /**
     * SpacetimeDB (tungstenite) negotiates no extension. Jetty accepted {@code permessage-deflate} by default, and
     * the {@code ws} package's deflate of frames the SDK reuses reached the host corrupted.
     */
    @Test
    void aClientOfferingPermessageDeflateIsUpgradedWithoutAnyExtension() throws Exception {
        String head = upgrade("Sec-WebSocket-Protocol: v2.bsatn.spacetimedb\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        assertThat(head).startsWith("HTTP/1.1 101 ");
        assertThat(head.toLowerCase()).doesNotContain("sec-websocket-extensions");
    }

    /** SpacetimeDB picks by its own order of preference (v3, then v2), whatever the order the client offers. */
    @Test
    void v3IsChosenWhenOfferedInAnyOrderElseV2() throws Exception {
        assertThat(upgrade("Sec-WebSocket-Protocol: v2.bsatn.spacetimedb, v3.bsatn.spacetimedb\r\n"))
                .startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Protocol: v3.bsatn.spacetimedb\r\n");
        assertThat(upgrade("Sec-WebSocket-Protocol: v3.bsatn.spacetimedb, v2.bsatn.spacetimedb\r\n"))
                .startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Protocol: v3.bsatn.spacetimedb\r\n");
        assertThat(upgrade("Sec-WebSocket-Protocol: v1.bsatn.spacetimedb, v2.bsatn.spacetimedb\r\n"))
                .startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Protocol: v2.bsatn.spacetimedb\r\n");
        try (WsClient sdk = new WsClient(f.host.uri(), "?compression=None", V3Protocol.SUBPROTOCOL,
                V2Protocol.SUBPROTOCOL)) {
            assertThat(sdk.socket.getSubprotocol()).isEqualTo("v3.bsatn.spacetimedb");
        }
        try (WsClient old = new WsClient(f.host.uri(), "?compression=None", V2Protocol.SUBPROTOCOL)) {
            assertThat(old.socket.getSubprotocol()).isEqualTo("v2.bsatn.spacetimedb");
        }
    }

    @Test
    void anUpgradeOfferingNeitherIsRefused() throws Exception {
        String answer = upgrade("Sec-WebSocket-Protocol: v1.bsatn.spacetimedb\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("\r\n\r\nno valid protocol selected: this host "
                + "speaks v3.bsatn.spacetimedb and v2.bsatn.spacetimedb");
    }

    /**
     * v3: one client frame may hold several messages, handled in order; the answers come back coalesced in one
     * frame: the tag, then the messages back to back.
     */
    @Test
    void aV3FrameOfSeveralMessagesIsAnsweredInOneFrameInOrder() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            assertThat(c.socket.getSubprotocol()).isEqualTo(V3Protocol.SUBPROTOCOL);
            c.next(ServerMessage.InitialConnection.class);
            c.nextFrame();
            c.sendRaw(V3Protocol.encodeClientMessages(List.of(
                    new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM notes")),
                    WebSocketTest.reducer(2, "add_note", WebSocketTest.string("one")),
                    new ClientMessage.OneOffQuery(3, "SELECT * FROM notes"))));
            byte[] frame = c.nextFrame();
            assertThat(frame[0]).isEqualTo(V2Protocol.COMPRESSION_NONE);
            List<ServerMessage> answers = V2Protocol.decodeServerMessages(frame);
            assertThat(answers).hasSize(3);
            assertThat(answers.get(0)).isInstanceOf(ServerMessage.SubscribeApplied.class);
            ServerMessage.ReducerResult result = (ServerMessage.ReducerResult) answers.get(1);
            assertThat(result.requestId()).isEqualTo(2);
            assertThat(WebSocketTest.inserted(((ReducerOutcome.Ok) result.result()).transactionUpdate().querySets()))
                    .containsExactly("one");
            ServerMessage.OneOffQueryResult query = (ServerMessage.OneOffQueryResult) answers.get(2);
            assertThat(WebSocketTest.texts(((QueryResult.Ok) query.result()).rows())).containsExactly("one");
            assertThat(c.frames.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    /** A malformed message in a v3 frame: those before it are handled, then 1011 (message_handlers_v3.rs). */
    @Test
    void aV3FrameWithAMalformedMessageIsHandledUpToItThenClosed() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            byte[] good = V2Protocol.encodeClientMessage(WebSocketTest.reducer(1, "add_note",
                    WebSocketTest.string("kept")));
            byte[] frame = java.util.Arrays.copyOf(good, good.length + 2);
            frame[good.length] = 9;   // no such ClientMessage tag
            c.sendRaw(frame);
            assertThat(c.next(ServerMessage.ReducerResult.class).requestId()).isEqualTo(1);
            assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1011);
            assertThat(c.closeReason).startsWith("invalid client message: ");
            assertThat(f.module.notes).extracting(BoardModule.Note::text).containsExactly("kept");
        }
    }

    @Test
    void anEmptyV3FrameClosesTheConnection() throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), f.user("alice"))) {
            c.next(ServerMessage.InitialConnection.class);
            c.sendRaw(new byte[0]);
            assertThat(c.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1011);
            assertThat(c.closeReason).startsWith("invalid client message: ").endsWith(V3Protocol.EMPTY);
        }
    }

    /**
     * {@code compression=Gzip}: a frame whose body is over 1 KiB is gzip (tag 2) and inflates to the messages; a
     * smaller one is sent as it is (tag 0), as SpacetimeDB decides (websocket_building.rs decide_compression).
     */
    @Test
    void gzipCompressesFramesOverTheThreshold() throws Exception {
        String alice = f.user("alice");
        addLongNotes(alice);
        for (String protocol : List.of(V3Protocol.SUBPROTOCOL, V2Protocol.SUBPROTOCOL)) {
            try (WsClient c = new WsClient(f.host.uri(), "?compression=Gzip&token=" + alice, protocol)) {
                byte[] small = c.nextFrame();
                assertThat(small[0]).isEqualTo(V2Protocol.COMPRESSION_NONE);
                assertThat(c.next(ServerMessage.InitialConnection.class).identity()).isEqualTo(f.identityOf("alice"));
                c.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM notes")));
                byte[] big = c.nextFrame();
                assertThat(big[0]).as(protocol).isEqualTo(V2Protocol.COMPRESSION_GZIP);
                byte[] body;
                try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(big, 1,
                        big.length - 1))) {
                    body = in.readAllBytes();
                }
                assertThat(body.length).isGreaterThan(V2Protocol.COMPRESS_THRESHOLD);
                assertThat(big.length).isLessThan(body.length);
                ServerMessage applied = c.next(ServerMessage.SubscribeApplied.class);
                assertThat(V2Protocol.decodeServerMessage(concat(new byte[] {0}, body))).isEqualTo(applied);
                assertThat(WebSocketTest.texts(((ServerMessage.SubscribeApplied) applied).rows())).hasSize(3);
            }
        }
    }

    /**
     * {@code None} never compresses; {@code Brotli} (and no parameter, SpacetimeDB's default being brotli) is sent
     * uncompressed: this host has no brotli encoder, and tag 0 is what every client reads (see Compression).
     */
    @Test
    void noneAndBrotliAndNoParameterSendUncompressedFrames() throws Exception {
        String alice = f.user("alice");
        addLongNotes(alice);
        for (String query : List.of("?compression=None&", "?compression=Brotli&", "?")) {
            try (WsClient c = new WsClient(f.host.uri(), query + "token=" + alice, V3Protocol.SUBPROTOCOL)) {
                c.next(ServerMessage.InitialConnection.class);
                c.nextFrame();
                c.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM notes")));
                byte[] big = c.nextFrame();
                assertThat(big.length).isGreaterThan(V2Protocol.COMPRESS_THRESHOLD);
                assertThat(big[0]).as(query).isEqualTo(V2Protocol.COMPRESSION_NONE);
                assertThat(WebSocketTest.texts(c.next(ServerMessage.SubscribeApplied.class).rows())).hasSize(3);
            }
        }
    }

    /** Serde reads the variant names exactly: anything else is axum's 400 for a query it cannot read. */
    @Test
    void anUnknownCompressionIsRefused() throws Exception {
        assertThat(upgrade("?compression=gzip", "Sec-WebSocket-Protocol: v2.bsatn.spacetimedb\r\n"))
                .startsWith("HTTP/1.1 400 ").endsWith("\r\n\r\nFailed to deserialize query string: unknown "
                        + "variant `gzip`, expected one of `None`, `Brotli`, `Gzip`");
    }

    private void addLongNotes(String token) throws Exception {
        try (WsClient c = new WsClient(f.host.uri(), token)) {
            c.next(ServerMessage.InitialConnection.class);
            for (int i = 0; i < 3; i++) {
                c.send(WebSocketTest.reducer(i, "add_note", WebSocketTest.string(("note " + i + " ").repeat(60))));
                c.next(ServerMessage.ReducerResult.class);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * @return the head of the host's answer to a raw upgrade request with these extra header lines, and its body if
     *     it has a {@code Content-Length}
     */
    String upgrade(String headers) throws Exception {
        return upgrade("?compression=None", headers);
    }

    String upgrade(String query, String headers) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.host.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/database/board/subscribe" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            var length = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)").matcher(h);
            return length.find() ? h + new String(in.readNBytes(Integer.parseInt(length.group(1))),
                    StandardCharsets.UTF_8) : h;
        }
    }
}
