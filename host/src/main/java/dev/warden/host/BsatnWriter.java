package dev.warden.host;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes BSATN into a growing buffer: little-endian integers, strings and byte arrays as a {@code u32} length
 * then the bytes, arrays as a {@code u32} count then the elements ({@link #writeCount}), sums as a {@code u8}
 * tag ({@link #writeTag}) then the variant. Every method returns the writer, so calls chain.
 *
 * <p>A value BSATN cannot carry (a string with an unpaired surrogate, a {@code u128} out of range, an instant
 * beyond {@code i64} microseconds) is refused with {@link IllegalArgumentException}, never altered. Not
 * thread-safe.
 */
public final class BsatnWriter {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final BigInteger U128_LIMIT = BigInteger.ONE.shiftLeft(128);

    private byte[] buffer;
    private int size;

    /** An empty writer. */
    public BsatnWriter() {
        this(64);
    }

    /** @param initialCapacity the bytes to allocate up front */
    public BsatnWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must not be negative, got " + initialCapacity);
        }
        buffer = new byte[initialCapacity];
    }

    /** @return how many bytes have been written */
    public int size() {
        return size;
    }

    /** @return a copy of the bytes written */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private int reserve(int n) {
        int at = size;
        if (buffer.length - at < n) {
            long wanted = Math.max((long) at + n, Math.min(2L * buffer.length + 16, Integer.MAX_VALUE - 8));
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a BSATN message is limited to " + (Integer.MAX_VALUE - 8) + " bytes");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
        size = at + n;
        return at;
    }

    /**
     * @param value a {@code bool}, written as 1 or 0
     * @return this writer
     */
    public BsatnWriter writeBool(boolean value) {
        int at = reserve(1); // before reading the field: reserve may replace the buffer
        buffer[at] = value ? (byte) 1 : (byte) 0;
        return this;
    }

    /**
     * @param value a {@code u8} or {@code i8}
     * @return this writer
     */
    public BsatnWriter writeByte(byte value) {
        int at = reserve(1);
        buffer[at] = value;
        return this;
    }

    /**
     * @param value a {@code u16} or {@code i16}
     * @return this writer
     */
    public BsatnWriter writeShort(short value) {
        int at = reserve(2);
        SHORT.set(buffer, at, value);
        return this;
    }

    /**
     * @param value a {@code u32} or {@code i32}
     * @return this writer
     */
    public BsatnWriter writeInt(int value) {
        int at = reserve(4);
        INT.set(buffer, at, value);
        return this;
    }

    /**
     * @param value a {@code u64} or {@code i64}
     * @return this writer
     */
    public BsatnWriter writeLong(long value) {
        int at = reserve(8);
        LONG.set(buffer, at, value);
        return this;
    }

    /**
     * @param value a {@code u128}, from 0 to 2<sup>128</sup>-1
     * @return this writer
     */
    public BsatnWriter writeU128(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(U128_LIMIT) >= 0) {
            throw new IllegalArgumentException("a u128 is from 0 to 2^128-1, got a number of " + value.bitLength()
                    + " bits, sign " + value.signum());
        }
        return write128(value);
    }

    /**
     * @param value an {@code i128}, from -2<sup>127</sup> to 2<sup>127</sup>-1
     * @return this writer
     */
    public BsatnWriter writeI128(BigInteger value) {
        if (value.bitLength() > 127) {
            throw new IllegalArgumentException("an i128 is from -2^127 to 2^127-1, got a number of "
                    + value.bitLength() + " bits");
        }
        return write128(value);
    }

    private BsatnWriter write128(BigInteger value) {
        byte[] be = value.toByteArray(); // two's complement, big-endian, possibly with one extra sign byte
        byte fill = value.signum() < 0 ? (byte) 0xff : 0;
        int at = reserve(16);
        for (int i = 0; i < 16; i++) {
            int j = be.length - 1 - i;
            buffer[at + i] = j >= 0 ? be[j] : fill;
        }
        return this;
    }

    /**
     * @param value an {@code f32} (its IEEE 754 bits, NaNs as they are)
     * @return this writer
     */
    public BsatnWriter writeFloat(float value) {
        return writeInt(Float.floatToRawIntBits(value));
    }

    /**
     * @param value an {@code f64} (its IEEE 754 bits, NaNs as they are)
     * @return this writer
     */
    public BsatnWriter writeDouble(double value) {
        return writeLong(Double.doubleToRawLongBits(value));
    }

    /**
     * @param value a string, written as a {@code u32} length then its UTF-8
     * @return this writer
     * @throws IllegalArgumentException if it holds an unpaired surrogate, which has no UTF-8
     */
    public BsatnWriter writeString(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a string holds an unpaired surrogate at index " + i
                        + ": it has no UTF-8 encoding");
            }
        }
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param value a byte array, written as a {@code u32} length then the bytes
     * @return this writer
     */
    public BsatnWriter writeBytes(byte[] value) {
        writeInt(value.length);
        return writeRaw(value);
    }

    /**
     * @param bsatn bytes that already are BSATN (a row, a message's payload), written as they are, without length
     * @return this writer
     */
    public BsatnWriter writeRaw(byte[] bsatn) {
        int at = reserve(bsatn.length);
        System.arraycopy(bsatn, 0, buffer, at, bsatn.length);
        return this;
    }

    /**
     * @param count an array's element count, written as a {@code u32}
     * @return this writer
     */
    public BsatnWriter writeCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("an element count must not be negative, got " + count);
        }
        return writeInt(count);
    }

    /**
     * @param tag a sum's variant, 0 to 255
     * @return this writer
     */
    public BsatnWriter writeTag(int tag) {
        if (tag < 0 || tag > 255) {
            throw new IllegalArgumentException("a sum's tag is a u8, got " + tag);
        }
        return writeByte((byte) tag);
    }

    /**
     * @param identity written as 32 bytes, a little-endian {@code u256}: its hex rendering's bytes reversed
     * @return this writer
     */
    public BsatnWriter writeIdentity(Identity identity) {
        byte[] be = identity.toByteArray();
        int at = reserve(Identity.BYTES);
        for (int i = 0; i < Identity.BYTES; i++) {
            buffer[at + i] = be[Identity.BYTES - 1 - i];
        }
        return this;
    }

    /**
     * @param id written as 16 bytes, a little-endian {@code u128}
     * @return this writer
     */
    public BsatnWriter writeConnectionId(ConnectionId id) {
        return writeLong(id.low()).writeLong(id.high());
    }

    /**
     * @param instant written as SpacetimeDB's {@code Timestamp}: {@code i64} microseconds since the Unix epoch,
     *     rounded down to the microsecond
     * @return this writer
     * @throws IllegalArgumentException beyond what {@code i64} microseconds hold (about 292,000 years)
     */
    public BsatnWriter writeTimestamp(Instant instant) {
        return writeLong(micros(instant.getEpochSecond(), instant.getNano(), instant));
    }

    /**
     * @param duration written as SpacetimeDB's {@code TimeDuration}: {@code i64} microseconds, rounded down
     * @return this writer
     * @throws IllegalArgumentException beyond what {@code i64} microseconds hold
     */
    public BsatnWriter writeTimeDuration(Duration duration) {
        return writeLong(micros(duration.getSeconds(), duration.getNano(), duration));
    }

    private static long micros(long seconds, int nanos, Object value) {
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(Objects.toString(value) + " does not fit in i64 microseconds", e);
        }
    }
}
