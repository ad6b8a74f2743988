package dev.warden.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crafts compact JWS from raw header and payload JSON with the JDK's own crypto, so tests can build the
 * hostile tokens no JWT library will (duplicate keys, crit, jku, psychic signatures) without using the code
 * under test.
 */
final class Jws {
    private Jws() {}

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sign(String headerJson, String payloadJson, PrivateKey key, String alg) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + b64(signature(input, key, alg));
    }

    static String hmac(String headerJson, String payloadJson, byte[] secret) {
        try {
            String input = b64(headerJson) + "." + b64(payloadJson);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] signature(String input, PrivateKey key, String alg) {
        try {
            Signature s;
            switch (alg) {
                case "RS256": s = Signature.getInstance("SHA256withRSA"); break;
                case "PS256":
                    s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    break;
                case "ES256": s = Signature.getInstance("SHA256withECDSAinP1363Format"); break;
                case "EdDSA": s = Signature.getInstance("Ed25519"); break;
                default: throw new IllegalArgumentException(alg);
            }
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Replaces the signature part. */
    static String withSignature(String token, byte[] sig) {
        return token.substring(0, token.lastIndexOf('.') + 1) + b64(sig);
    }

    /** A P1363 signature of two 32-byte big-endian halves. */
    static byte[] p1363(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        int rl = Math.min(rb.length, 32);
        int sl = Math.min(sb.length, 32);
        System.arraycopy(rb, rb.length - rl, out, 32 - rl, rl);
        System.arraycopy(sb, sb.length - sl, out, 64 - sl, sl);
        return out;
    }
}
