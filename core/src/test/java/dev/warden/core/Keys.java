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
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/** Key pairs for tests, made with the JDK, and their public JWKs. */
final class Keys {
    private Keys() {}

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

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
