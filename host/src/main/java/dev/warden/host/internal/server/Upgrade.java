package dev.warden.host.internal.server;

import dev.warden.core.ConnectionId;
import dev.warden.core.LocalIssuer;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.host.internal.v2.Compression;
import dev.warden.host.internal.v2.V2Protocol;
import dev.warden.host.internal.v2.V3Protocol;
import dev.warden.host.internal.ws.WsEndpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * {@code GET /v1/database/:name/subscribe} (crates/client-api/src/routes/subscribe.rs): the token is checked
 * before the upgrade (400 for a header that is not a bearer token, 401 for an invalid one, or for a token re-signed
 * at {@code websocket-token} whose original's key is no longer in use; none mints an anonymous identity), the
 * {@code compression} parameter must be {@code None}, {@code Brotli} or {@code Gzip} (400 else; see
 * {@link Compression}), the subprotocol is {@code v3.bsatn.spacetimedb} if the client offers it, else
 * {@code v2.bsatn.spacetimedb} (400 if it offers neither), as SpacetimeDB prefers them, and {@code connection_id} (32 hex digits)
 * is used if given, unless a live connection uses it (400: ids are unique among live connections; the id is
 * claimed when the connection opens, see {@link Opening}). No WebSocket extension is negotiated, whatever the client
 * offers, as SpacetimeDB negotiates none.
 */
public final class Upgrade implements WebSocketCreator {

    /** The answer to an upgrade whose {@code connection_id} a live connection holds. */
    static final String IN_USE = "connection_id is in use by a live connection";

    private final Database database;
    private final String name;
    private final TokenValidator validator;
    private final LocalIssuer local;
    private final LiveConnections live;
    private final Sessions sessions;

    /**
     * @param database the served module
     * @param name the database name
     * @param validator validates tokens
     * @param local the host's issuer
     * @param live the ids of live connections
     * @param sessions the open connections, ended when their tokens stop being valid
     */
    public Upgrade(Database database, String name, TokenValidator validator, LocalIssuer local,
                   LiveConnections live, Sessions sessions) {
        this.database = database;
        this.name = name;
        this.validator = validator;
        this.local = local;
        this.live = live;
        this.sessions = sessions;
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
        long removalsSeen = sessions.removals();   // before validating: see ClientSession.open
        Lifetime lifetime;
        try {
            lifetime = Lifetime.of(validator.validate(token.token()), local, removalsSeen);
            // a re-signed token's own key is the host's; the key of the token it came from was last checked at the
            // exchange, up to a minute ago, possibly on another host
            if (lifetime.resigned() && !lifetime.keyInUse(validator)) {
                throw new TokenRejectedException(RejectionReason.UNKNOWN_KEY, "the key that verified the token "
                        + "exchanged for this one is no longer in use");
            }
        } catch (TokenRejectedException e) {
            return refuse(response, callback, 401, e.getMessage());
        }
        Compression compression;
        try {
            compression = Compression.fromQuery(query.getValue("compression"));
        } catch (IllegalArgumentException e) {
            return refuse(response, callback, 400, e.getMessage());
        }
        // SpacetimeDB's order of preference, whatever the client's order (subscribe.rs select_protocol)
        List<String> offered = request.getSubProtocols();
        String protocol = offered.contains(V3Protocol.SUBPROTOCOL) ? V3Protocol.SUBPROTOCOL
                : offered.contains(V2Protocol.SUBPROTOCOL) ? V2Protocol.SUBPROTOCOL : null;
        if (protocol == null) {
            return refuse(response, callback, 400, "no valid protocol selected: this host speaks "
                    + V3Protocol.SUBPROTOCOL + " and " + V2Protocol.SUBPROTOCOL);
        }
        ConnectionId given;
        try {
            String hex = query.getValue("connection_id");
            given = hex == null || hex.isEmpty() ? null : ConnectionId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            return refuse(response, callback, 400, "invalid connection_id");
        }
        if (given != null && live.inUse(given)) {
            return refuse(response, callback, 400, IN_USE);
        }
        response.setAcceptedSubProtocol(protocol);
        // SpacetimeDB (tungstenite) negotiates no extension; Jetty would accept a client's permessage-deflate
        response.setExtensions(List.of());
        return new WsEndpoint(new Opening(database, token.token(), given, lifetime, live, sessions,
                new ClientSession.Wire(protocol.equals(V3Protocol.SUBPROTOCOL), compression)));
    }

    /**
     * A connection from the {@code 101} on: claims its id when it opens (the given one, or a free random one), and
     * releases it once it has closed. An upgrade that fails before it opens (the client reset it before the
     * {@code 101}) has claimed nothing. Two upgrades with one id that both passed the check before either opened:
     * the second to open is closed with 1008.
     */
    private static final class Opening implements WsEndpoint.Events {
        private final Database database;
        private final String token;
        private final ConnectionId given;
        private final Lifetime lifetime;
        private final LiveConnections live;
        private final Sessions sessions;
        private final ClientSession.Wire wire;
        /** Set once the id is claimed, on the opening thread; Jetty orders the later events after it. */
        private volatile ClientSession session;
        private volatile ConnectionId claimed;

        Opening(Database database, String token, ConnectionId given, Lifetime lifetime, LiveConnections live,
                Sessions sessions, ClientSession.Wire wire) {
            this.wire = wire;
            this.database = database;
            this.token = token;
            this.given = given;
            this.lifetime = lifetime;
            this.live = live;
            this.sessions = sessions;
        }

        @Override
        public void open(Session s) {
            ConnectionId id = given;
            if (id == null) {
                do {
                    id = ConnectionId.random();
                } while (!live.claim(id, this));
            } else if (!live.claim(id, this)) {
                s.close(StatusCode.POLICY_VIOLATION, IN_USE, org.eclipse.jetty.websocket.api.Callback.NOOP);
                return;
            }
            claimed = id;
            session = new ClientSession(database, token, id, lifetime, sessions, wire);
            session.open(SlowReaders.closingOnOverflow(s));
        }

        @Override
        public void binary(byte[] frame) {
            ClientSession c = session;
            if (c != null) {
                c.binary(frame);
            }
        }

        @Override
        public void text(String text) {
            ClientSession c = session;
            if (c != null) {
                c.text(text);
            }
        }

        @Override
        public void closed() {
            ClientSession c = session;
            try {
                if (c != null) {
                    c.closed();
                }
            } finally {
                if (claimed != null) {
                    live.release(claimed, this);   // ended twice (an error, then the close): released once
                }
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
