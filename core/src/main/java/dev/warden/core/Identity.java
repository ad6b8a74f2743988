package dev.warden.core;

import dev.warden.core.internal.Blake3Chunk;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.commons.codec.digest.Blake3;

/**
 * A SpacetimeDB-compatible caller identity: 32 bytes derived from an issuer and a subject.
 *
 * <p>The derivation is byte-exact with SpacetimeDB: {@code id = BLAKE3(utf8(iss + "|" + sub))[0..26]},
 * {@code checksum = BLAKE3([0xc2, 0x00] ++ id)[0..4]}, identity {@code = [0xc2, 0x00] ++ checksum ++ id}.
 * It renders as 64 lowercase hex characters (always starting {@code c200}).
 *
 * <p>Instances are immutable, thread-safe values; they order by their big-endian bytes.
 */
public final class Identity implements Comparable<Identity> {

    /** Length of an identity in bytes. */
    public static final int BYTES = 32;

    private static final int ID_BYTES = 26;
    private static final int CHECKSUM_BYTES = 4;
    private static final byte PREFIX_0 = (byte) 0xc2;
    private static final byte PREFIX_1 = (byte) 0x00;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Identity(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Derives the identity SpacetimeDB assigns to the token holder {@code subject} at {@code issuer}.
     *
     * @param issuer the token's {@code iss}, as in the token (no normalization)
     * @param subject the token's {@code sub}
     * @return the identity
     * @throws NullPointerException if either argument is null
     * @throws IllegalArgumentException if either holds an unpaired UTF-16 surrogate: such a string has no
     *     UTF-8 encoding (Java would hash it as {@code ?}, colliding with another string), and SpacetimeDB
     *     cannot receive it
     */
    public static Identity fromClaims(String issuer, String subject) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        requireWellFormed(issuer, "issuer");
        requireWellFormed(subject, "subject");
        byte[] input = (issuer + "|" + subject).getBytes(StandardCharsets.UTF_8);
        // out = prefix (2) | checksum (4) | id (26); id = BLAKE3(input)[0..26), checksum = BLAKE3(prefix | id)[0..4).
        // A BLAKE3 output of n bytes is the first n of any longer one, so each is written straight into place.
        byte[] out = new byte[BYTES];
        out[0] = PREFIX_0;
        out[1] = PREFIX_1;
        if (input.length <= Blake3Chunk.MAX_INPUT) {
            Blake3Chunk.hash(input, 0, input.length, out, 2 + CHECKSUM_BYTES, ID_BYTES);
        } else {
            Blake3.initHash().update(input).doFinalize(out, 2 + CHECKSUM_BYTES, ID_BYTES);
        }
        byte[] checksumInput = new byte[2 + ID_BYTES];
        checksumInput[0] = PREFIX_0;
        checksumInput[1] = PREFIX_1;
        System.arraycopy(out, 2 + CHECKSUM_BYTES, checksumInput, 2, ID_BYTES);
        Blake3Chunk.hash(checksumInput, 0, checksumInput.length, out, 2, CHECKSUM_BYTES);
        return new Identity(out);
    }

    private static void requireWellFormed(String s, String what) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " holds an unpaired surrogate at index " + i);
            }
        }
    }

    /**
     * Parses 64 hex characters (either case), optionally prefixed by {@code 0x}.
     *
     * @param hex the rendered identity
     * @return the identity
     * @throws IllegalArgumentException if {@code hex} is not exactly 32 bytes of hex
     * @throws NullPointerException if {@code hex} is null
     */
    public static Identity fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != BYTES * 2) {
            throw new IllegalArgumentException(
                    "an identity is " + (BYTES * 2) + " hex characters (optionally prefixed by 0x), got "
                            + digits.length() + " characters");
        }
        try {
            return new Identity(HEX.parseHex(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an identity must contain only hex digits 0-9, a-f", e);
        }
    }

    /**
     * Wraps 32 raw big-endian bytes.
     *
     * @param bytes the identity's bytes; copied
     * @return the identity
     * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
     */
    public static Identity fromByteArray(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("an identity is " + BYTES + " bytes, got " + bytes.length);
        }
        return new Identity(bytes.clone());
    }

    /** @return 64 lowercase hex characters, no prefix */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /** @return a copy of the 32 big-endian bytes */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public int compareTo(Identity other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** @return the hex rendering, as {@link #toHex()} */
    @Override
    public String toString() {
        return toHex();
    }
}
