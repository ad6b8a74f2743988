package dev.warden.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 128-bit connection id, as SpacetimeDB assigns to each client connection.
 *
 * <p>Immutable value; renders as 32 lowercase hex characters; ordered as an unsigned 128-bit number.
 */
public final class ConnectionId implements Comparable<ConnectionId> {

    /** Length of a connection id in bytes. */
    public static final int BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final long high;
    private final long low;

    private ConnectionId(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /**
     * @param high the most significant 64 bits
     * @param low the least significant 64 bits
     * @return the connection id
     */
    public static ConnectionId of(long high, long low) {
        return new ConnectionId(high, low);
    }

    /** @return a fresh connection id from a cryptographically strong random source */
    public static ConnectionId random() {
        return new ConnectionId(RANDOM.nextLong(), RANDOM.nextLong());
    }

    /**
     * Parses 32 hex characters, optionally prefixed by {@code 0x}.
     *
     * @param hex the rendered id
     * @return the connection id
     * @throws IllegalArgumentException if the text is not 16 bytes of hex
     */
    public static ConnectionId fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != BYTES * 2) {
            throw new IllegalArgumentException("a connection id is " + (BYTES * 2)
                    + " hex characters (optionally prefixed by 0x), got " + digits.length() + " characters");
        }
        try {
            return new ConnectionId(HexFormat.fromHexDigitsToLong(digits, 0, 16),
                    HexFormat.fromHexDigitsToLong(digits, 16, 32));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a connection id must contain only hex digits 0-9, a-f", e);
        }
    }

    /** @return the most significant 64 bits */
    public long high() {
        return high;
    }

    /** @return the least significant 64 bits */
    public long low() {
        return low;
    }

    /** @return 32 lowercase hex characters */
    public String toHex() {
        return HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }

    /** @return the 16 big-endian bytes */
    public byte[] toByteArray() {
        byte[] out = new byte[BYTES];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (high >>> (56 - 8 * i));
            out[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return out;
    }

    @Override
    public int compareTo(ConnectionId o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionId other && high == other.high && low == other.low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
