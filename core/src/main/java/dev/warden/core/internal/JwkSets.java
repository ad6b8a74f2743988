package dev.warden.core.internal;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import java.io.IOException;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Key-set rules, for fetched JWKS documents and configured keys alike: strict JSON, a key-count cap, no
 * private key material, no symmetric keys mixed with asymmetric ones (and none at all in a published JWKS),
 * and no two keys sharing a {@code kid}. A set breaking a rule is refused whole: such a set is a
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
