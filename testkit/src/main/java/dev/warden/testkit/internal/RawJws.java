package dev.warden.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Assembles compact JWS from raw JSON with the JDK's crypto: the hostile shapes no JWT library will produce
 * (alg none, embedded jwk, crit, duplicate members, HMAC keyed with a public key).
 */
public final class RawJws {
    private RawJws() {}

    /**
     * @param bytes bytes
     * @return base64url without padding
     */
    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param s text
     * @return base64url of its UTF-8 bytes
     */
    public static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param headerJson header
     * @param payloadJson payload
     * @param key RSA or EC private key
     * @param jcaAlgorithm for example {@code SHA256withRSA} or {@code SHA256withECDSAinP1363Format}
     * @return the signed compact JWS
     */
    public static String sign(String headerJson, String payloadJson, PrivateKey key, String jcaAlgorithm) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            Signature s = Signature.getInstance(jcaAlgorithm);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /**
     * @param headerJson header
     * @param payloadJson payload
     * @param secret HMAC key bytes
     * @return the HS256 compact JWS
     */
    public static String hmac(String headerJson, String payloadJson, byte[] secret) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("MAC failed", e);
        }
    }
}
