package dev.warden.core.internal;

import java.util.Base64;

/**
 * Exact base64url (RFC 7515 section 2): the URL-safe alphabet only, no padding, no whitespace, and zero
 * unused trailing bits, so each byte string has exactly one accepted encoding.
 */
public final class Base64Url {

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
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
        if (!isCanonical(s, from, to)) {
            throw new IllegalArgumentException("not canonical base64url");
        }
        return DECODER.decode(s.substring(from, to));
    }

    /**
     * @param bytes the bytes
     * @return their base64url encoding without padding
     */
    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
