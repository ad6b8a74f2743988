package dev.warden.testsupport;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crafts compact JWS from raw header and payload JSON with the JDK's own crypto, so tests can build the hostile
 * tokens no JWT library will (alg none, duplicate members, crit, jku, embedded jwk, psychic signatures) without
 * using the code under test.
 */
public final class Jws {

    private Jws() {}

    /**
     * @param bytes bytes
     * @return base64url without padding
     */
    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param text text
     * @return base64url of its UTF-8 bytes
     */
    public static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param headerJson the header, as written
     * @param payloadJson the payload, as written
     * @param key the private key
     * @param alg the JOSE algorithm: RS256, PS256, ES256, ES384 or EdDSA
     * @return the signed compact JWS
     */
    public static String sign(String headerJson, String payloadJson, PrivateKey key, String alg) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + b64(signature(input, key, alg));
    }

    /**
     * @param headerJson the header, as written
     * @param payloadJson the payload, as written
     * @param secret the HMAC key
     * @return the HS256 compact JWS
     */
    public static String hmac(String headerJson, String payloadJson, byte[] secret) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MAC failed", e);
        }
    }

    /**
     * @param signingInput {@code header.payload}
     * @param key the private key
     * @param alg the JOSE algorithm: RS256, PS256, ES256, ES384 or EdDSA
     * @return the raw signature (P1363 for ECDSA, as JOSE wants)
     */
    public static byte[] signature(String signingInput, PrivateKey key, String alg) {
        try {
            Signature s;
            switch (alg) {
                case "RS256": s = Signature.getInstance("SHA256withRSA"); break;
                case "PS256":
                    s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    break;
                case "ES256": s = Signature.getInstance("SHA256withECDSAinP1363Format"); break;
                case "ES384": s = Signature.getInstance("SHA384withECDSAinP1363Format"); break;
                case "EdDSA": s = Signature.getInstance("Ed25519"); break;
                default: throw new IllegalArgumentException("no such algorithm in the test crafter: " + alg);
            }
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /**
     * @param token a compact JWS
     * @param signature the new signature
     * @return the token with its signature part replaced
     */
    public static String withSignature(String token, byte[] signature) {
        return token.substring(0, token.lastIndexOf('.') + 1) + b64(signature);
    }

    /**
     * @param r the signature's r
     * @param s the signature's s
     * @return a P-256 P1363 signature: two 32-byte big-endian halves
     */
    public static byte[] p1363(BigInteger r, BigInteger s) {
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
