package dev.warden.core.internal;

/**
 * Exact base64url (RFC 7515 section 2): the URL-safe alphabet only, no padding, no whitespace, and zero
 * unused trailing bits, so each byte string has exactly one accepted encoding.
 */
public final class Base64Url {

    /** Each byte value's 6-bit value in the alphabet, -1 outside it: one lookup, no sign test. */
    private static final int[] BYTE_VALUES = new int[256];

    static {
        java.util.Arrays.fill(BYTE_VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            BYTE_VALUES[alphabet.charAt(i)] = i;
        }
    }

    private Base64Url() {}

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

}
