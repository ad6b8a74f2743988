package dev.warden.core.internal;

/**
 * ECDSA signature forms: JWS's fixed-size P1363 form ({@code r || s}) checked exactly, and transcoded to the DER
 * form ({@code SEQUENCE { INTEGER r, INTEGER s }}) for providers that only take DER. Neither allocates.
 */
final class EcdsaDer {

    /** The longest DER form of a P-521 signature: 3 header octets and two 67-octet integers with theirs. */
    static final int MAX_LENGTH = 3 + 2 * (2 + 67);

    private EcdsaDer() {}

    /**
     * @param sig a P1363 signature
     * @param order the curve order, big-endian, exactly as many octets as each half of a signature
     * @return whether {@code sig} is exactly twice the order's size with {@code 0 < r < n} and {@code 0 < s < n}
     */
    static boolean isLegal(byte[] sig, byte[] order) {
        return sig.length == 2 * order.length && inRange(sig, 0, order) && inRange(sig, order.length, order);
    }

    private static boolean inRange(byte[] sig, int offset, byte[] order) {
        boolean nonZero = false;
        int cmp = 0;
        for (int i = 0; i < order.length; i++) {
            int a = sig[offset + i] & 0xff;
            int b = order[i] & 0xff;
            nonZero |= a != 0;
            if (cmp == 0 && a != b) {
                cmp = a < b ? -1 : 1;
            }
        }
        return nonZero && cmp < 0;
    }

    /**
     * Writes the DER form of a P1363 signature already found {@link #isLegal legal}.
     *
     * @param sig the P1363 signature, at most 132 octets
     * @param out at least {@link #MAX_LENGTH} octets
     * @return how many octets of {@code out} were written
     */
    static int fromP1363(byte[] sig, byte[] out) {
        int half = sig.length / 2;
        int r = firstNonZero(sig, 0, half);
        int s = firstNonZero(sig, half, sig.length);
        int rLen = half - r + ((sig[r] & 0x80) != 0 ? 1 : 0);
        int sLen = sig.length - s + ((sig[s] & 0x80) != 0 ? 1 : 0);
        int content = 2 + rLen + 2 + sLen;
        int p = 0;
        out[p++] = 0x30;
        if (content > 127) {
            out[p++] = (byte) 0x81;
        }
        out[p++] = (byte) content;
        p = integer(sig, r, half, rLen, out, p);
        return integer(sig, s, sig.length, sLen, out, p);
    }

    private static int integer(byte[] sig, int from, int to, int len, byte[] out, int p) {
        out[p++] = 0x02;
        out[p++] = (byte) len;
        if (len > to - from) {
            out[p++] = 0;
        }
        System.arraycopy(sig, from, out, p, to - from);
        return p + to - from;
    }

    /** @return the index of the first non-zero octet in {@code [from, to)}, or {@code to - 1} if all are zero */
    private static int firstNonZero(byte[] sig, int from, int to) {
        int i = from;
        while (i < to - 1 && sig[i] == 0) {
            i++;
        }
        return i;
    }
}
