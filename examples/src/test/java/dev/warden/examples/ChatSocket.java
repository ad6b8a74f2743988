package dev.warden.examples;

import dev.warden.core.Identity;
import dev.warden.host.Bsatn;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.QuerySetUpdate;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.host.internal.v2.V2Protocol;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A v2.bsatn.spacetimedb client of the chat database on java.net.http, speaking through the host's own message
 * codec (as the host's tests do; the TypeScript SDK's view of the same host is interop-sdk's).
 */
final class ChatSocket implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final WebSocket socket;
    private int requests;

    ChatSocket(URI http, String token) throws Exception {
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws") + "/v1/database/chat/subscribe"
                + "?compression=None" + (token == null ? "" : "&token=" + token));
        socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(V2Protocol.SUBPROTOCOL)
                .buildAsync(ws, this).get(5, TimeUnit.SECONDS);
    }

    /** @return the identity in InitialConnection */
    Identity identity() throws Exception {
        return next(ServerMessage.InitialConnection.class).identity();
    }

    /** @return whether the server dropped the connection without sending anything */
    boolean dropped() throws Exception {
        int status = closed.get(5, TimeUnit.SECONDS);
        return (status == -1 || status == 1006) && received.isEmpty();
    }

    /** Subscribes one query; returns its rows. */
    <T> List<T> subscribe(String sql, Class<T> row) throws Exception {
        send(new ClientMessage.Subscribe(++requests, new QuerySetId(requests), List.of(sql)));
        return next(ServerMessage.SubscribeApplied.class).rows().tables().stream()
                .flatMap(t -> t.rows().rows().stream()).map(b -> Bsatn.codecFor(row).decode(b)).toList();
    }

    /** Subscribes one query the caller may not read; returns the error. */
    String subscriptionError(String sql) throws Exception {
        send(new ClientMessage.Subscribe(++requests, new QuerySetId(requests), List.of(sql)));
        return next(ServerMessage.SubscriptionError.class).error();
    }

    /** @return the rows the next TransactionUpdate inserts */
    <T> List<T> nextInserts(Class<T> row) throws Exception {
        return next(ServerMessage.TransactionUpdate.class).querySets().stream().flatMap(s -> s.tables().stream())
                .flatMap(t -> t.rows().stream())
                .flatMap(r -> ((QuerySetUpdate.TableUpdateRows.PersistentTable) r).inserts().rows().stream())
                .map(b -> Bsatn.codecFor(row).decode(b)).toList();
    }

    private void send(ClientMessage m) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(V2Protocol.encodeClientMessage(m)), true).get(5, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private <T extends ServerMessage> T next(Class<T> type) throws Exception {
        ServerMessage m = received.poll(5, TimeUnit.SECONDS);
        if (!type.isInstance(m)) {
            throw new AssertionError("expected a " + type.getSimpleName() + ", got " + m);
        }
        return (T) m;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.writeBytes(b);
        if (last) {
            received.add(V2Protocol.decodeServerMessage(partial.toByteArray()));
            partial.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
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
