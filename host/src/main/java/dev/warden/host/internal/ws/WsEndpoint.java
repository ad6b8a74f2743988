package dev.warden.host.internal.ws;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

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

    @Override
    public void onWebSocketClose(int status, String reason, Callback callback) {
        try {
            events.closed();
        } finally {
            callback.succeed();
        }
    }
}
