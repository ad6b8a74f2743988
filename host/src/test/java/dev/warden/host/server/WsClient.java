package dev.warden.host.server;

import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.host.internal.v2.V2Protocol;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client on java.net.http, speaking through the host's codec: it offers v3.bsatn.spacetimedb and
 * v2.bsatn.spacetimedb, asks for no compression (unless the query given says otherwise), and decodes every frame
 * (several messages in a v3 frame, gzip), keeping the raw frames too.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    /** Every binary frame received, whole, in order. */
    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** The reason of the close frame the host sent, once {@link #closed} completed with its code. */
    volatile String closeReason;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    final WebSocket socket;

    WsClient(URI http, String token) throws Exception {
        this(http, "?compression=None" + (token == null ? "" : "&token=" + token), "v3.bsatn.spacetimedb",
                V2Protocol.SUBPROTOCOL);
    }

    /**
     * @param http the host
     * @param query the subscribe route's query, from its {@code ?}
     * @param protocols the subprotocols offered, in order
     */
    WsClient(URI http, String query, String... protocols) throws Exception {
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws") + "/v1/database/board/subscribe" + query);
        socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(protocols[0],
                java.util.Arrays.copyOfRange(protocols, 1, protocols.length)).buildAsync(ws, this)
                .get(5, TimeUnit.SECONDS);
    }

    /** Sends a frame as it is. */
    void sendRaw(byte[] frame) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(frame), true).get(5, TimeUnit.SECONDS);
    }

    /** @return the next whole frame, within 5 s */
    byte[] nextFrame() throws Exception {
        byte[] f = frames.poll(5, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within 5 s");
        }
        return f;
    }

    void send(ClientMessage m) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(V2Protocol.encodeClientMessage(m)), true).get(5, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    <T extends ServerMessage> T next(Class<T> type) throws Exception {
        ServerMessage m = received.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 5 s, expected a " + type.getSimpleName());
        }
        if (!type.isInstance(m)) {
            throw new AssertionError("expected a " + type.getSimpleName() + ", got " + m);
        }
        return (T) m;
    }

    ServerMessage poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.writeBytes(b);
        if (last) {
            byte[] frame = partial.toByteArray();
            frames.add(frame);
            received.addAll(V2Protocol.decodeServerMessages(frame));
            partial.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
