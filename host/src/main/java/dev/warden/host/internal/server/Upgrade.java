package dev.warden.host.internal.server;

import dev.warden.core.ConnectionId;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.host.internal.v2.V2Protocol;
import dev.warden.host.internal.ws.WsEndpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * {@code GET /v1/database/:name/subscribe} (crates/client-api/src/routes/subscribe.rs): the token is checked
 * before the upgrade (400 for a header that is not a bearer token, 401 for an invalid one; none mints an anonymous
 * identity), the subprotocol must include {@code v2.bsatn.spacetimedb}, and {@code connection_id} (32 hex digits)
 * is used if given, unless a live connection uses it (400: ids are unique among live connections).
 */
public final class Upgrade implements WebSocketCreator {

    private final Database database;
    private final String name;
    private final TokenValidator validator;
    private final LocalIssuer local;
    private final LiveConnections live;

    /**
     * @param database the served module
     * @param name the database name
     * @param validator validates tokens
     * @param local the host's issuer
     * @param live the ids of live connections
     */
    public Upgrade(Database database, String name, TokenValidator validator, LocalIssuer local,
                   LiveConnections live) {
        this.database = database;
        this.name = name;
        this.validator = validator;
        this.local = local;
        this.live = live;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals("/v1/database/" + name + "/subscribe")) {
            return refuse(response, callback, 404, "No such database.");
        }
        var query = Request.extractQueryParameters(request);
        Credentials c = Credentials.read(request.getHeaders().get(HttpHeader.AUTHORIZATION), query.getValue("token"));
        if (c.malformed()) {
            return refuse(response, callback, 400, Credentials.MALFORMED);
        }
        Credentials.Resolved token = c.orMint(local);
        try {
            validator.validate(token.token());
        } catch (TokenRejectedException e) {
            return refuse(response, callback, 401, e.getMessage());
        }
        if (!request.getSubProtocols().contains(V2Protocol.SUBPROTOCOL)) {
            return refuse(response, callback, 400, "unsupported protocol: this host speaks "
                    + V2Protocol.SUBPROTOCOL);
        }
        ConnectionId id;
        String given = query.getValue("connection_id");
        try {
            id = given == null || given.isEmpty() ? ConnectionId.random() : ConnectionId.fromHex(given);
        } catch (IllegalArgumentException e) {
            return refuse(response, callback, 400, "invalid connection_id");
        }
        if (given == null || given.isEmpty()) {
            while (!live.claim(id)) {
                id = ConnectionId.random();
            }
        } else if (!live.claim(id)) {
            return refuse(response, callback, 400, "connection_id is in use by a live connection");
        }
        response.setAcceptedSubProtocol(V2Protocol.SUBPROTOCOL);
        return new WsEndpoint(new Releasing(new ClientSession(database, token.token(), id), live, id));
    }

    /** Forwards a session's events and releases its connection id once it has closed. */
    private record Releasing(WsEndpoint.Events session, LiveConnections live, ConnectionId id)
            implements WsEndpoint.Events {
        @Override
        public void open(Session s) {
            session.open(SlowReaders.closingOnOverflow(s));
        }

        @Override
        public void binary(byte[] frame) {
            session.binary(frame);
        }

        @Override
        public void text(String text) {
            session.text(text);
        }

        @Override
        public void closed() {
            try {
                session.closed();
            } finally {
                live.release(id);
            }
        }
    }


    private static Object refuse(ServerUpgradeResponse response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), callback);
        return null;
    }
}
