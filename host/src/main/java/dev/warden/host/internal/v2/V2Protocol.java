package dev.warden.host.internal.v2;

import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnException;
import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The framing of {@code v2.bsatn.spacetimedb} WebSocket messages (and of {@code v3.bsatn.spacetimedb}, see
 * {@link V3Protocol}): the client sends a bare BSATN {@link ClientMessage} per binary frame; the server sends one
 * compression tag byte, then the BSATN of a {@link ServerMessage}, compressed or not (common.rs:
 * {@code SERVER_MSG_COMPRESSION_TAG_NONE = 0}, {@code _BROTLI = 1}, {@code _GZIP = 2}; crates/core/src/client/
 * messages.rs writes the tag first, then compresses the body when it is longer than {@link #COMPRESS_THRESHOLD}
 * bytes and the connection asked for it). See {@link Compression} for what this host compresses.
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
    /**
     * A frame's body is compressed only when longer than this many bytes (websocket_building.rs
     * {@code COMPRESS_THRESHOLD}).
     */
    public static final int COMPRESS_THRESHOLD = 1024;
    /**
     * The most bytes a compressed frame may inflate to when a test or Java client decodes it: SpacetimeDB's own
     * limit on a WebSocket message ({@code max_message_size}, 32 MiB).
     */
    public static final int MAX_INFLATED = 0x2000000;

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
     * Reads one client message where a frame (v3) holds several back to back.
     *
     * @param in the frame, at a message
     * @return the message
     * @throws BsatnException if the bytes there are not a {@link ClientMessage}
     */
    static ClientMessage readClientMessage(BsatnReader in) {
        return CLIENT.read(in);
    }

    /**
     * @param message a message for the client
     * @return the binary frame: tag {@link #COMPRESSION_NONE}, then its BSATN
     */
    public static byte[] encodeServerMessage(ServerMessage message) {
        return encodeServerMessages(List.of(message), Compression.NONE);
    }

    /**
     * @param message a message for the client
     * @param compression what the connection asked for
     * @return the binary frame
     */
    public static byte[] encodeServerMessage(ServerMessage message, Compression compression) {
        return encodeServerMessages(List.of(message), compression);
    }

    /**
     * One frame of messages back to back (one, for v2): its body, the messages' BSATN, gzip-compressed (tag
     * {@link #COMPRESSION_GZIP}) when the connection asked for gzip and the body is longer than
     * {@link #COMPRESS_THRESHOLD}, else as it is (tag {@link #COMPRESSION_NONE}).
     *
     * @param messages at least one message
     * @param compression what the connection asked for
     * @return the binary frame
     */
    static byte[] encodeServerMessages(List<ServerMessage> messages, Compression compression) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a frame holds at least one message");
        }
        BsatnWriter out = new BsatnWriter(256).writeByte(COMPRESSION_NONE);
        for (ServerMessage m : messages) {
            SERVER.write(out, m);
        }
        return compressed(out.toByteArray(), compression);
    }

    /**
     * @param message a server message
     * @return its BSATN, to be put in a frame by {@link #frameOf}
     */
    public static byte[] encodeBody(ServerMessage message) {
        return SERVER.encode(message);
    }

    /**
     * @param bodies messages' BSATN, in order
     * @param compression what the connection asked for
     * @return one frame holding them back to back
     */
    public static byte[] frameOf(List<byte[]> bodies, Compression compression) {
        int length = 1;
        for (byte[] b : bodies) {
            length += b.length;
        }
        byte[] frame = new byte[length];
        frame[0] = COMPRESSION_NONE;
        int at = 1;
        for (byte[] b : bodies) {
            System.arraycopy(b, 0, frame, at, b.length);
            at += b.length;
        }
        return compressed(frame, compression);
    }

    /** @param frame tag {@link #COMPRESSION_NONE} and the body; @return the frame to send */
    private static byte[] compressed(byte[] frame, Compression compression) {
        if (compression != Compression.GZIP || frame.length - 1 <= COMPRESS_THRESHOLD) {
            return frame;
        }
        ByteArrayOutputStream zipped = new ByteArrayOutputStream(frame.length / 4 + 64);
        zipped.write(COMPRESSION_GZIP);
        try (GZIPOutputStream gz = new FastGzip(zipped)) {
            gz.write(frame, 1, frame.length - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream throws none
        }
        return zipped.toByteArray();
    }

    /** Gzip at the fastest level, as SpacetimeDB's {@code flate2::Compression::fast()}. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(ByteArrayOutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /**
     * What an SDK does with a v2 frame (for tests and Java clients).
     *
     * @param frame a binary frame from a server
     * @return its message
     * @throws BsatnException {@link BsatnException.Reason#UNKNOWN_TAG} for a brotli frame, or if the rest is
     *     not exactly one {@link ServerMessage}
     */
    public static ServerMessage decodeServerMessage(byte[] frame) {
        List<ServerMessage> all = decodeServerMessages(frame);
        if (all.size() != 1) {
            throw new BsatnException(BsatnException.Reason.TRAILING_BYTES, 1, "a v2 frame holds one message, this "
                    + "one " + all.size());
        }
        return all.get(0);
    }

    /**
     * What an SDK does with a v3 frame (for tests and Java clients): the messages back to back in its body, after
     * the compression tag, inflated if gzip.
     *
     * @param frame a binary frame from a server
     * @return its messages, at least one
     * @throws BsatnException {@link BsatnException.Reason#UNKNOWN_TAG} at offset 0 for a brotli frame or an unknown
     *     tag, or if the body is not one or more {@link ServerMessage}s
     */
    public static List<ServerMessage> decodeServerMessages(byte[] frame) {
        if (frame.length == 0 || (frame[0] != COMPRESSION_NONE && frame[0] != COMPRESSION_GZIP)) {
            throw new BsatnException(BsatnException.Reason.UNKNOWN_TAG, 0, "compression tag "
                    + (frame.length == 0 ? "missing" : String.valueOf(frame[0] & 0xff)) + " is not decoded here");
        }
        byte[] body = frame[0] == COMPRESSION_GZIP ? gunzip(frame) : Arrays.copyOfRange(frame, 1, frame.length);
        BsatnReader in = new BsatnReader(body);
        List<ServerMessage> out = new ArrayList<>();
        do {
            out.add(SERVER.read(in));
        } while (in.remaining() > 0);
        return out;
    }

    private static byte[] gunzip(byte[] frame) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(frame, 1, frame.length - 1))) {
            byte[] body = in.readNBytes(MAX_INFLATED + 1);
            if (body.length > MAX_INFLATED) {
                throw new BsatnException(BsatnException.Reason.LENGTH_EXCEEDS_INPUT, 1, "the gzip body inflates "
                        + "past " + MAX_INFLATED + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new BsatnException(BsatnException.Reason.INVALID_VALUE, 1, "the gzip body is not valid gzip: "
                    + e.getMessage(), e);
        }
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
