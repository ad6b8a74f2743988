package dev.warden.testkit.internal;

import dev.warden.testsupport.Jws;
import dev.warden.testsupport.TestKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** An RSA signing key of a mock issuer, with its {@code kid} and public JWK. */
public final class SigningKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String kid;
    private final KeyPair keyPair;

    private SigningKey(String kid, KeyPair keyPair) {
        this.kid = kid;
        this.keyPair = keyPair;
    }

    /** @return a fresh 2048-bit RSA key with a random {@code kid} */
    public static SigningKey generate() {
        return new SigningKey("k-" + UUID.randomUUID().toString().substring(0, 8), TestKeys.rsa(2048));
    }

    /** @return the key id */
    public String kid() {
        return kid;
    }

    /** @return the key pair */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** @return the public JWK as a map ({@code kty}, {@code kid}, {@code use}, {@code alg}, {@code n}, {@code e}) */
    public Map<String, Object> publicJwk() {
        RSAPublicKey pub = (RSAPublicKey) keyPair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("n", unsigned(pub.getModulus()));
        jwk.put("e", unsigned(pub.getPublicExponent()));
        return jwk;
    }

    /** @return the public JWK as JSON */
    public String publicJwkJson() {
        try {
            return JSON.writeValueAsString(publicJwk());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return Jws.b64(b);
    }
}
