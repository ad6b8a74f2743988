package dev.warden.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/** Public JWKs of test key pairs (made by {@code TestKeys}), as nimbus builders for core's key-set tests. */
final class Keys {
    private Keys() {}

    static RSAKey.Builder rsaJwk(KeyPair kp, String kid) {
        return new RSAKey.Builder((RSAPublicKey) kp.getPublic()).keyID(kid);
    }

    static ECKey.Builder ecJwk(KeyPair kp, String kid) {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) kp.getPublic()).keyID(kid);
    }

    static JWK edJwk(KeyPair kp, String kid) {
        byte[] spki = kp.getPublic().getEncoded();
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.EdDSA).build();
    }
}
