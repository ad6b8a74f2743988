package dev.warden.host.internal.v2;

import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnException;
import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;

/**
 * The framing of {@code v2.bsatn.spacetimedb} WebSocket messages: the client sends a bare BSATN
 * {@link ClientMessage} per binary frame; the server sends one compression tag byte, then the BSATN of a
 * {@link ServerMessage}, compressed or not (common.rs: {@code SERVER_MSG_COMPRESSION_TAG_NONE = 0},
 * {@code _BROTLI = 1}, {@code _GZIP = 2}; crates/core/src/client/messages.rs writes the tag first).
 *
 * <p>This host never compresses: SpacetimeDB itself sends tag 0 below a size threshold whatever the client asked
 * for, and every SDK accepts it.
 */
public final class V2Protocol {

    /** The WebSocket subprotocol (v2.rs: {@code BIN_PROTOCOL}). */
    public static final String SUBPROTOCOL = "v2.bsatn.spacetimedb";
    /** Compression tag: the rest of the frame is the message as it is. */
    public static final byte COMPRESSION_NONE = 0;
    /** Compression tag: the rest of the frame is brotli-compressed. */
    public static final byte COMPRESSION_BROTLI = 1;
    /** Compression tag: the rest of the frame is gzip-compressed. */
    public static final byte COMPRESSION_GZIP = 2;

    private static final BsatnCodec<ClientMessage> CLIENT = Bsatn.codecFor(ClientMessage.class);
    private static final BsatnCodec<ServerMessage> SERVER = Bsatn.codecFor(ServerMessage.class);

    private V2Protocol() {}

    /**
     * @param frame a binary frame from the client, untrusted
     * @return its message
     * @throws BsatnException if the frame is not exactly one {@link ClientMessage} (SpacetimeDB then closes the
     *     connection with a close frame of code 1011)
     */
    public static ClientMessage decodeClientMessage(byte[] frame) {
        return CLIENT.decode(frame);
    }

    /**
     * @param message a message for the client
     * @return the binary frame: tag {@link #COMPRESSION_NONE}, then its BSATN
     */
    public static byte[] encodeServerMessage(ServerMessage message) {
        BsatnWriter out = new BsatnWriter(256).writeByte(COMPRESSION_NONE);
        SERVER.write(out, message);
        return out.toByteArray();
    }

    /**
     * What an SDK does with a frame (for tests and Java clients).
     *
     * @param frame a binary frame from a server
     * @return its message
     * @throws BsatnException {@link BsatnException.Reason#UNKNOWN_TAG} for a compressed frame, or if the rest is
     *     not exactly one {@link ServerMessage}
     */
    public static ServerMessage decodeServerMessage(byte[] frame) {
        BsatnReader in = new BsatnReader(frame);
        in.readTag(COMPRESSION_NONE + 1);
        ServerMessage message = SERVER.read(in);
        in.requireEnd();
        return message;
    }

    /**
     * What an SDK sends (for tests and Java clients).
     *
     * @param message a message for the server
     * @return the binary frame: its BSATN
     */
    public static byte[] encodeClientMessage(ClientMessage message) {
        return CLIENT.encode(message);
    }
}
