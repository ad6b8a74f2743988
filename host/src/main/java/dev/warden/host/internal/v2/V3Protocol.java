package dev.warden.host.internal.v2;

import dev.warden.host.BsatnException;
import dev.warden.host.BsatnReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of {@code v3.bsatn.spacetimedb} (crates/client-api-messages/src/websocket/v3.rs): v2's messages,
 * several of them back to back in one binary frame. A client frame holds one or more BSATN {@link ClientMessage}s
 * (none is an error: crates/core/src/client/message_handlers_v3.rs); a server frame is one compression tag, then one
 * or more {@link ServerMessage}s, the body compressed as a whole (messages.rs {@code serialize_v3}). The server
 * coalesces messages into one frame up to {@link #MAX_UNCOMPRESSED_PAYLOAD} bytes of body, a target rather than a
 * limit: a message larger than that is a frame of its own (subscribe.rs {@code v3_payload_would_exceed_limit}).
 */
public final class V3Protocol {

    /** The WebSocket subprotocol (v3.rs: {@code BIN_PROTOCOL}). */
    public static final String SUBPROTOCOL = "v3.bsatn.spacetimedb";
    /** Target largest uncompressed body of one server frame (subscribe.rs {@code V3_MAX_UNCOMPRESSED_PAYLOAD_SIZE}). */
    public static final int MAX_UNCOMPRESSED_PAYLOAD = 512 * 1024;
    /** Why an empty client frame is refused (message_handlers_v3.rs {@code EMPTY_V3_PAYLOAD_ERR}). */
    public static final String EMPTY = "v3 websocket binary payload must contain at least one v2 client message";

    private V3Protocol() {}

    /**
     * What a client frame holds: the messages read from its start, in order, and, if the frame did not end with a
     * whole message, why. SpacetimeDB handles each message as it reads it, so the messages before a malformed one
     * are handled, and then the connection is closed.
     *
     * @param messages the messages read before the end or the failure
     * @param error why the rest could not be read, or null
     */
    public record ClientFrame(List<ClientMessage> messages, BsatnException error) {}

    /**
     * @param frame a binary frame from the client, untrusted
     * @return its messages and, if any, the failure that ended reading it ({@link #EMPTY} for an empty frame)
     */
    public static ClientFrame decodeClientMessages(byte[] frame) {
        if (frame.length == 0) {
            return new ClientFrame(List.of(), new BsatnException(BsatnException.Reason.TRUNCATED, 0, EMPTY));
        }
        BsatnReader in = new BsatnReader(frame);
        List<ClientMessage> out = new ArrayList<>();
        try {
            do {
                out.add(V2Protocol.readClientMessage(in));
            } while (in.remaining() > 0);
        } catch (BsatnException e) {
            return new ClientFrame(List.copyOf(out), e);
        }
        return new ClientFrame(List.copyOf(out), null);
    }

    /**
     * The frames that carry these messages, in order: each as many whole messages as fit the
     * {@link #MAX_UNCOMPRESSED_PAYLOAD} target (at least one), compressed as the connection asked.
     *
     * @param messages the messages, in the order the client must see them
     * @param compression what the connection asked for
     * @return the binary frames, none if there are no messages
     */
    public static List<byte[]> encodeServerMessages(List<ServerMessage> messages, Compression compression) {
        List<byte[]> frames = new ArrayList<>();
        List<byte[]> batch = new ArrayList<>();
        long total = 0;
        for (ServerMessage m : messages) {
            byte[] body = V2Protocol.encodeBody(m);
            if (total != 0 && total + body.length > MAX_UNCOMPRESSED_PAYLOAD) {
                frames.add(V2Protocol.frameOf(batch, compression));
                batch.clear();
                total = 0;
            }
            batch.add(body);
            total += body.length;
        }
        if (!batch.isEmpty()) {
            frames.add(V2Protocol.frameOf(batch, compression));
        }
        return frames;
    }

    /**
     * What an SDK sends when it coalesces (for tests and Java clients).
     *
     * @param messages at least one message
     * @return one binary frame holding them back to back
     */
    public static byte[] encodeClientMessages(List<ClientMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a frame holds at least one message");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ClientMessage m : messages) {
            out.writeBytes(V2Protocol.encodeClientMessage(m));
        }
        return out.toByteArray();
    }
}
