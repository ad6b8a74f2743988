package dev.warden.interop.spring;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The authorization server's {@link JWKSource}, rotated by the tests the way an operator rotates keys: publish a
 * new key and sign with it ({@link #rotate()}), later stop publishing the old one ({@link #retire(String)}).
 * Spring's JWK Set endpoint publishes every key here; its token encoder signs with the key whose {@code kid} the
 * token customizer puts in the header ({@link #signingKeyId()}).
 */
final class RotatingKeys implements JWKSource<SecurityContext> {

    private volatile JWKSet keys;
    private volatile String signingKeyId;
    private int generated;

    RotatingKeys() {
        RSAKey first = newKey();
        keys = new JWKSet(first);
        signingKeyId = first.getKeyID();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(keys);
    }

    /** @return the {@code kid} new tokens are signed with */
    String signingKeyId() {
        return signingKeyId;
    }

    /** @return the {@code kid}s the JWK Set endpoint publishes, in order */
    List<String> publishedKeyIds() {
        return keys.getKeys().stream().map(JWK::getKeyID).toList();
    }

    /**
     * Publishes a new key and signs every later token with it; the old keys stay published.
     *
     * @return the new key's {@code kid}
     */
    synchronized String rotate() {
        RSAKey next = newKey();
        List<JWK> all = new ArrayList<>(keys.getKeys());
        all.add(next);
        keys = new JWKSet(all);
        signingKeyId = next.getKeyID();
        return next.getKeyID();
    }

    /**
     * Stops publishing a key that no longer signs.
     *
     * @param keyId the key to drop
     */
    synchronized void retire(String keyId) {
        if (keyId.equals(signingKeyId)) {
            throw new IllegalStateException("cannot retire the signing key " + keyId);
        }
        List<JWK> rest = new ArrayList<>(keys.getKeys());
        if (!rest.removeIf(k -> keyId.equals(k.getKeyID()))) {
            throw new IllegalArgumentException("no published key " + keyId);
        }
        keys = new JWKSet(rest);
    }

    private synchronized RSAKey newKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            generated++;
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID("sas-key-" + generated)
                    .build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
