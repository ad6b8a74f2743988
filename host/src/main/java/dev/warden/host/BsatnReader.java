package dev.warden.host;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.BsatnException.Reason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Reads BSATN from untrusted bytes: little-endian integers, strings and byte arrays as a {@code u32} length
 * then the bytes, arrays as a {@code u32} count then the elements, sums as a {@code u8} tag then the variant.
 *
 * <p>Every length is checked against what remains before anything is allocated, nesting is bounded (see
 * {@link #enter()}), the elements of all arrays together are at most as many as the input has bytes (see
 * {@link #readCount(int)}), and every failure is a {@link BsatnException} with its reason and offset. A reader is a
 * cursor over one input and is not thread-safe; it does not copy the input, so the input must not change while it
 * is read.
 */
public final class BsatnReader {

    /** How deep products, sums, arrays and options may nest unless the reader is given another bound. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] input;
    private final int maxDepth;
    private int position;
    private int depth;
    /** Elements of all arrays read so far, bounded by the input's length (see {@link #readCount(int)}). */
    private long elements;
    private CharsetDecoder utf8;

    /**
     * A reader of all of {@code input}, nesting at most {@link #DEFAULT_MAX_DEPTH} deep.
     *
     * @param input the bytes; not copied
     */
    public BsatnReader(byte[] input) {
        this(input, DEFAULT_MAX_DEPTH);
    }

    /**
     * @param input the bytes; not copied
     * @param maxDepth how deep products, sums, arrays and options may nest (at least 1)
     */
    public BsatnReader(byte[] input, int maxDepth) {
        this.input = Objects.requireNonNull(input, "input");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    /** @return the offset of the next byte to read */
    public int offset() {
        return position;
    }

    /** @return how many bytes are left */
    public int remaining() {
        return input.length - position;
    }

    /**
     * Fails unless every byte has been read.
     *
     * @throws BsatnException {@link Reason#TRAILING_BYTES} if some remain
     */
    public void requireEnd() {
        if (position != input.length) {
            throw new BsatnException(Reason.TRAILING_BYTES, position, remaining() + " bytes follow the value");
        }
    }

    /**
     * Marks the start of a nested product, sum, array or option, for the depth bound; pair it with
     * {@link #exit()}.
     *
     * @throws BsatnException {@link Reason#TOO_DEEP} past the reader's bound
     */
    public void enter() {
        if (depth >= maxDepth) {
            throw new BsatnException(Reason.TOO_DEEP, position, "values nest deeper than " + maxDepth);
        }
        depth++;
    }

    /** Marks the end of the value {@link #enter()} started. */
    public void exit() {
        if (depth == 0) {
            throw new IllegalStateException("exit() without enter()");
        }
        depth--;
    }

    private int take(int n) {
        int at = position;
        if (input.length - at < n) {
            throw new BsatnException(Reason.TRUNCATED, at, "needs " + n + " bytes, " + remaining() + " remain");
        }
        position = at + n;
        return at;
    }

    /**
     * @return a {@code bool}: byte 0 or 1
     * @throws BsatnException {@link Reason#INVALID_BOOL} for any other byte
     */
    public boolean readBool() {
        int at = take(1);
        byte b = input[at];
        if (b != 0 && b != 1) {
            throw new BsatnException(Reason.INVALID_BOOL, at, "a bool is 0 or 1, got " + (b & 0xff));
        }
        return b == 1;
    }

    /** @return a {@code u8} or {@code i8} (a {@code u8}'s value is {@code Byte.toUnsignedInt} of it) */
    public byte readByte() {
        return input[take(1)];
    }

    /** @return a {@code u16} or {@code i16} (a {@code u16}'s value is {@code Short.toUnsignedInt} of it) */
    public short readShort() {
        return (short) SHORT.get(input, take(2));
    }

    /** @return a {@code u32} or {@code i32} (a {@code u32}'s value is {@code Integer.toUnsignedLong} of it) */
    public int readInt() {
        return (int) INT.get(input, take(4));
    }

    /** @return a {@code u64} or {@code i64} (a {@code u64}'s value is {@code Long.toUnsignedString} of it) */
    public long readLong() {
        return (long) LONG.get(input, take(8));
    }

    /** @return a {@code u128}, from 0 to 2<sup>128</sup>-1 */
    public BigInteger readU128() {
        return new BigInteger(1, bigEndian(take(16), 16));
    }

    /** @return an {@code i128}, from -2<sup>127</sup> to 2<sup>127</sup>-1 */
    public BigInteger readI128() {
        return new BigInteger(bigEndian(take(16), 16));
    }

    private byte[] bigEndian(int at, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = input[at + n - 1 - i];
        }
        return out;
    }

    /** @return an {@code f32} */
    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    /** @return an {@code f64} */
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    private int length(String what) {
        int at = position;
        long n = Integer.toUnsignedLong(readInt());
        if (n > remaining()) {
            throw new BsatnException(Reason.LENGTH_EXCEEDS_INPUT, at,
                    what + " of " + n + " bytes, " + remaining() + " remain");
        }
        return (int) n;
    }

    /**
     * @return a string: a {@code u32} length, then that many bytes of UTF-8
     * @throws BsatnException {@link Reason#INVALID_UTF8} (at the first bad byte) if the bytes are not well-formed
     */
    public String readString() {
        int n = length("a string");
        int at = take(n);
        int i = at;
        while (i < at + n && input[i] >= 0) {
            i++;
        }
        if (i == at + n) {
            return new String(input, at, n, StandardCharsets.ISO_8859_1);
        }
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        ByteBuffer in = ByteBuffer.wrap(input, at, n);
        CharBuffer out = CharBuffer.allocate(n);
        utf8.reset();
        CoderResult result = utf8.decode(in, out, true);
        if (!result.isError()) {
            result = utf8.flush(out);
        }
        if (result.isError()) {
            throw new BsatnException(Reason.INVALID_UTF8, in.position(), "a string is not well-formed UTF-8");
        }
        return out.flip().toString();
    }

    /** @return a byte array: a {@code u32} length, then that many bytes (copied) */
    public byte[] readBytes() {
        int n = length("a byte array");
        int at = take(n);
        byte[] out = new byte[n];
        System.arraycopy(input, at, out, 0, n);
        return out;
    }

    /**
     * Reads an array's {@code u32} element count, refusing one that cannot fit in what remains, and one that would
     * take the elements of all arrays read from this input past the input's length.
     *
     * <p>An element of one byte or more consumes what it is counted against, so valid input never has more
     * elements than bytes. An element of zero bytes (an empty record) consumes nothing: counted against what remains
     * it could be claimed again by every array that follows, n arrays of 4 bytes claiming about 2n&sup2; elements;
     * the running total bounds them all together.
     *
     * @param minElementBytes the fewest bytes an element takes (an element is counted as at least one byte, so a
     *     count is never larger than the input)
     * @return the count
     * @throws BsatnException {@link Reason#LENGTH_EXCEEDS_INPUT} if the elements cannot fit in what remains,
     *     {@link Reason#TOO_MANY_ELEMENTS} if the running total would pass the input's length
     */
    public int readCount(int minElementBytes) {
        int at = position;
        long n = Integer.toUnsignedLong(readInt());
        long need = n * Math.max(1, minElementBytes);
        if (need > remaining()) {
            throw new BsatnException(Reason.LENGTH_EXCEEDS_INPUT, at,
                    "an array of " + n + " elements needs at least " + need + " bytes, " + remaining() + " remain");
        }
        if (elements + n > input.length) {
            throw new BsatnException(Reason.TOO_MANY_ELEMENTS, at, "arrays of " + (elements + n)
                    + " elements in all, more than the input's " + input.length + " bytes");
        }
        elements += n;
        return (int) n;
    }

    /**
     * Reads a sum's {@code u8} tag.
     *
     * @param variants how many variants the sum has
     * @return the tag, below {@code variants}
     * @throws BsatnException {@link Reason#UNKNOWN_TAG} for a larger one
     */
    public int readTag(int variants) {
        int at = position;
        int tag = Byte.toUnsignedInt(readByte());
        if (tag >= variants) {
            throw new BsatnException(Reason.UNKNOWN_TAG, at, "tag " + tag + " of a sum with " + variants + " variants");
        }
        return tag;
    }

    /** @return an {@code Identity}: 32 bytes, a little-endian {@code u256} */
    public Identity readIdentity() {
        return Identity.fromByteArray(bigEndian(take(Identity.BYTES), Identity.BYTES));
    }

    /** @return a {@code ConnectionId}: 16 bytes, a little-endian {@code u128} */
    public ConnectionId readConnectionId() {
        long low = readLong();
        long high = readLong();
        return ConnectionId.of(high, low);
    }

    /** @return a {@code Timestamp}: an {@code i64} of microseconds since the Unix epoch */
    public Instant readTimestamp() {
        long micros = readLong();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** @return a {@code TimeDuration}: an {@code i64} of microseconds, possibly negative */
    public Duration readTimeDuration() {
        long micros = readLong();
        return Duration.ofSeconds(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
