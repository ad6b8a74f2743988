package dev.warden.host.internal.ws;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object Jetty binds a WebSocket connection to. Jetty finds an endpoint's methods with
 * {@code MethodHandles.publicLookup()}, which reaches only packages exported to everyone, so this one class lives in
 * an exported package (not API) and forwards every event to the host's internal session.
 */
public final class WsEndpoint implements Session.Listener.AutoDemanding {

    /** What the host does with a connection's events. */
    public interface Events {
        /** @param session the upgraded connection */
        void open(Session session);

        /** @param frame a whole binary message */
        void binary(byte[] frame);

        /** @param text a whole text message */
        void text(String text);

        /** The connection closed, either side. */
        void closed();
    }

    private static final Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);

    private final Events events;

    /** @param events where the events go */
    public WsEndpoint(Events events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public void onWebSocketOpen(Session session) {
        events.open(session);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] frame = new byte[payload.remaining()];
        payload.get(frame);
        callback.succeed();
        events.binary(frame);
    }

    @Override
    public void onWebSocketText(String text) {
        events.text(text);
    }

    /**
     * A connection that failed: most often a client that vanished (its connection reset or closed without a close
     * frame), an ordinary event, logged at debug only. The session ends as on a close; ending it twice is harmless.
     */
    @Override
    public void onWebSocketError(Throwable cause) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("WebSocket connection ended by an error: {}", String.valueOf(cause));
        }
        events.closed();
    }

    @Override
    public void onWebSocketClose(int status, String reason, Callback callback) {
        try {
            events.closed();
        } finally {
            callback.succeed();
        }
    }
}
