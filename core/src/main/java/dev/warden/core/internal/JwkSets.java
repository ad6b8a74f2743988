package dev.warden.core.internal;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Key-set rules, for fetched JWKS documents and configured keys alike: strict JSON, a key-count cap, no
 * private key material, no symmetric keys mixed with asymmetric ones (and none at all in a published JWKS),
 * and no two keys sharing a {@code kid}. Configured keys come as a JWKS document or as JCA public keys. A set breaking a rule is refused whole: such a set is a
 * misconfiguration or an attack, and choosing among its keys would be guessing.
 */
public final class JwkSets {

    private JwkSets() {}

    /**
     * Parses a published JWKS.
     *
     * @param json the document
     * @param maxKeys the cap on keys
     * @return the keys
     * @throws IllegalArgumentException if the document or its keys break a rule, with a message naming it
     */
    public static JWKSet parsePublished(byte[] json, int maxKeys) {
        Map<String, Object> doc;
        try {
            doc = StrictJson.mapper().convertValue(StrictJson.parseObject(json), StrictJson.MAP_TYPE);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("JWKS is not a strict JSON object");
        }
        Object keys = doc.get("keys");
        if (!(keys instanceof List)) {
            throw new IllegalArgumentException("JWKS has no keys array");
        }
        int count = ((List<?>) keys).size();
        if (count > maxKeys) {
            throw new IllegalArgumentException("JWKS has " + count + " keys, the limit is " + maxKeys);
        }
        JWKSet set;
        try {
            set = JWKSet.parse(doc);
        } catch (ParseException e) {
            throw new IllegalArgumentException("JWKS could not be parsed: " + e.getMessage(), e);
        }
        check(set, false);
        return set;
    }

    /**
     * Parses configured keys.
     *
     * @param json a JWKS document
     * @return the keys, at least one
     * @throws IllegalArgumentException if the document does not parse, is empty, or breaks a rule
     */
    public static JWKSet parseConfigured(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("staticKeys is not a JWKS document: " + e.getMessage(), e);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("staticKeys needs at least one key");
        }
        check(set, false);
        return set;
    }

    /**
     * @param set configured keys, or null for none
     * @param kid the new key's {@code kid}
     * @param key an RSA, EC or Ed25519 public key, as a JWK without {@code alg}, {@code use} or {@code key_ops}
     * @return a new set of the old keys and this one
     * @throws IllegalArgumentException if the key type is not supported or the set then breaks a rule
     */
    public static JWKSet plus(JWKSet set, String kid, PublicKey key) {
        List<JWK> keys = new ArrayList<>(set == null ? List.of() : set.getKeys());
        keys.add(toJwk(kid, key));
        JWKSet out = new JWKSet(keys);
        check(out, false);
        return out;
    }

    private static JWK toJwk(String kid, PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return new RSAKey.Builder((RSAPublicKey) key).keyID(kid).build();
        }
        if (key instanceof ECPublicKey) {
            Curve curve = Curve.forECParameterSpec(((ECPublicKey) key).getParams());
            if (curve == null) {
                throw new IllegalArgumentException("EC key (kid " + Text.quote(kid) + ") is not on a named curve");
            }
            try {
                return new ECKey.Builder(curve, (ECPublicKey) key).keyID(kid).build();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("EC key (kid " + Text.quote(kid) + ") is invalid: " + e.getMessage(), e);
            }
        }
        String type = key.getAlgorithm();
        if (key instanceof EdECPublicKey) {
            byte[] spki = key.getEncoded();
            if (spki != null && KeyVerifiers.isEd25519Spki(spki)) {
                byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
                return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build();
            }
            type = ((EdECPublicKey) key).getParams().getName();
        }
        throw new IllegalArgumentException("key " + Text.quote(kid) + " is " + type
                + ": only RSA, EC and Ed25519 public keys are supported");
    }

    /**
     * @param set a key set
     * @param symmetricAllowed whether it may hold symmetric ({@code oct}) keys, which then must be all it holds
     * @throws IllegalArgumentException naming the broken rule
     */
    public static void check(JWKSet set, boolean symmetricAllowed) {
        Set<String> kids = new HashSet<>();
        boolean symmetric = false;
        boolean asymmetric = false;
        for (JWK k : set.getKeys()) {
            if (KeyType.OCT.equals(k.getKeyType())) {
                symmetric = true;
            } else {
                asymmetric = true;
                if (k.isPrivate()) {
                    throw new IllegalArgumentException("key set holds private key material (kid "
                            + Text.quote(k.getKeyID()) + "): publish and configure public keys only");
                }
            }
            if (k.getKeyID() != null && !kids.add(k.getKeyID())) {
                throw new IllegalArgumentException("key set has two keys with kid " + Text.quote(k.getKeyID()));
            }
        }
        if (symmetric && !symmetricAllowed) {
            throw new IllegalArgumentException("key set holds a symmetric (oct) key: a published secret is no secret");
        }
        if (symmetric && asymmetric) {
            throw new IllegalArgumentException("key set mixes symmetric and asymmetric keys");
        }
    }
}
