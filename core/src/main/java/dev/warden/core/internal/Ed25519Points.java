package dev.warden.core.internal;

import java.math.BigInteger;
import java.util.Set;

/**
 * Refuses the Ed25519 public keys under which signatures can be forged or which are not canonically
 * encoded. A key of small order (one of the eight torsion points) lets anyone forge: under the identity
 * point, {@code R} = identity and {@code S} = 0 verifies for every message, and under the other seven such a
 * signature verifies for a fixed fraction of messages (the JDK, like RFC 8032's cofactorless check, does not
 * refuse them). An encoding with {@code y >= p} is not canonical (RFC 8032 §5.1.3).
 *
 * <p>The torsion points are recognised by their {@code y} alone, whatever the sign bit: {@code y = 1} (the
 * identity), {@code y = p - 1} (order 2), {@code y = 0} (the two points of order 4) and {@code y = ±Y8}
 * (the four points of order 8, where {@code y^2 = (-1 - sqrt(1 + d)) / d}). Their encodings with
 * {@code y + p} are refused as non-canonical. The list is libsodium's {@code ge25519_has_small_order}.
 */
final class Ed25519Points {

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger Y8 = new BigInteger(
            "2707385501144840649318225287225658788936804267575313519463743609750303402022");
    private static final Set<BigInteger> SMALL_ORDER_Y =
            Set.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), Y8, P.subtract(Y8));

    private Ed25519Points() {}

    /**
     * @param x the JWK's {@code x}: the RFC 8032 encoding of the public point
     * @return null if the key may be used, else why not
     */
    static String problem(byte[] x) {
        if (x.length != 32) {
            return "Ed25519 public key has " + x.length + " bytes, it must have 32";
        }
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = x[31 - i];
        }
        bigEndian[0] &= 0x7f; // the sign bit of x
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(P) >= 0) {
            return "Ed25519 public key is not canonically encoded (y >= p)";
        }
        if (SMALL_ORDER_Y.contains(y)) {
            return "Ed25519 public key is a point of small order: signatures under it can be forged";
        }
        return null;
    }
}
