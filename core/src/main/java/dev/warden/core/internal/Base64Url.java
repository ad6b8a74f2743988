package dev.warden.core.internal;

import java.util.Base64;

/**
 * Exact base64url (RFC 7515 section 2): the URL-safe alphabet only, no padding, no whitespace, and zero
 * unused trailing bits, so each byte string has exactly one accepted encoding.
 */
public final class Base64Url {

    private static final byte[] VALUES = new byte[128];
    /** {@link #VALUES} for every byte value, -1 outside the alphabet: one lookup, no sign test. */
    private static final int[] BYTE_VALUES = new int[256];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
        for (int b = 0; b < 256; b++) {
            BYTE_VALUES[b] = b < 128 ? VALUES[b] : -1;
        }
    }

    private Base64Url() {}

    /**
     * @param s the text
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return whether {@code s[from, to)} is the canonical base64url encoding of some byte string
     */
    public static boolean isCanonical(String s, int from, int to) {
        int len = to - from;
        if (len % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || VALUES[c] < 0) {
                return false;
            }
            last = VALUES[c];
        }
        switch (len % 4) {
            case 2:
                return (last & 0x0f) == 0;
            case 3:
                return (last & 0x03) == 0;
            default:
                return true;
        }
    }

    /**
     * Decodes canonical base64url.
     *
     * @param s the text
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return the bytes
     * @throws IllegalArgumentException if the range is not canonical base64url
     */
    public static byte[] decode(String s, int from, int to) {
        byte[] out = decodeOrNull(s, from, to);
        if (out == null) {
            throw new IllegalArgumentException("not canonical base64url");
        }
        return out;
    }

    /**
     * Decodes canonical base64url in one pass over the text, checking as it goes (no substring, no second scan).
     *
     * @param s the text
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return the bytes, or null if the range is not canonical base64url
     */
    public static byte[] decodeOrNull(String s, int from, int to) {
        byte[] text = new byte[to - from];
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            text[i - from] = c < 128 ? (byte) c : (byte) '?';   // never in the alphabet
        }
        return decodeOrNull(text, 0, text.length);
    }

    /**
     * Decodes canonical base64url held as bytes (one per character; anything that is not a base64url character,
     * including every byte of 0x80 and above, is refused), in one pass.
     *
     * @param text the text's bytes
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return the bytes, or null if the range is not canonical base64url
     */
    public static byte[] decodeOrNull(byte[] text, int from, int to) {
        int len = to - from;
        int tail = len & 3;
        if (tail == 1) {
            return null;
        }
        byte[] out = new byte[(len >>> 2) * 3 + (tail == 0 ? 0 : tail - 1)];
        int o = 0;
        int i = from;
        for (int end = to - tail; i < end; i += 4) {
            int a = value(text[i]);
            int b = value(text[i + 1]);
            int c = value(text[i + 2]);
            int d = value(text[i + 3]);
            if ((a | b | c | d) < 0) {
                return null;
            }
            int bits = a << 18 | b << 12 | c << 6 | d;
            out[o++] = (byte) (bits >>> 16);
            out[o++] = (byte) (bits >>> 8);
            out[o++] = (byte) bits;
        }
        if (tail == 2) {
            int a = value(text[i]);
            int b = value(text[i + 1]);
            if ((a | b) < 0 || (b & 0x0f) != 0) {   // the unused low bits must be zero: one encoding per value
                return null;
            }
            out[o] = (byte) (a << 2 | b >>> 4);
        } else if (tail == 3) {
            int a = value(text[i]);
            int b = value(text[i + 1]);
            int c = value(text[i + 2]);
            if ((a | b | c) < 0 || (c & 0x03) != 0) {
                return null;
            }
            int bits = a << 12 | b << 6 | c;
            out[o++] = (byte) (bits >>> 10);
            out[o] = (byte) (bits >>> 2);
        }
        return out;
    }

    /** @return the byte's 6-bit value, or -1 if it is not a base64url character */
    private static int value(byte b) {
        return BYTE_VALUES[b & 0xff];
    }

    /**
     * @param bytes the bytes
     * @return their base64url encoding without padding
     */
    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
