package dev.warden.core.internal;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.warden.core.SignatureAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Key-set rules, for fetched JWKS documents and configured keys alike: strict JSON, a key-count cap, no
 * private key material, no symmetric keys mixed with asymmetric ones (and none at all in a published JWKS),
 * and no two keys sharing a {@code kid}. Configured keys come as a JWKS document, read by the same strict
 * parser and the same member rules as a fetched one (one document, one verdict), or as JCA public keys. A set
 * breaking a rule is refused whole: such a set is a misconfiguration or an attack, and choosing among its keys
 * would be guessing. A member of a kind Warden cannot use is ignored instead (RFC 7517 section 5).
 */
public final class JwkSets {

    private JwkSets() {}

    /**
     * Parses a published JWKS, refusing the set whole if it breaks a rule.
     *
     * @param json the document
     * @param maxKeys the cap on keys
     * @return the keys Warden can use
     * @throws IllegalArgumentException if the document or its keys break a rule, with a message naming it
     */
    public static JWKSet parsePublished(byte[] json, int maxKeys) {
        return parsePublished(json, maxKeys, (kid, why) -> { });
    }

    /**
     * Parses a published JWKS. Members of a kind Warden cannot use (an unknown {@code kty}, a curve other than
     * P-256, P-384, P-521 and Ed25519, an {@code alg} that is not a signature algorithm Warden implements,
     * parameters nimbus cannot parse, or a {@code key_ops} repeating a value) are ignored, as RFC 7517 section 5
     * asks, and reported to {@code ignored}: one new kind of key must not lock every user out. Sets of hostile shape are refused
     * whole: a member that is not a JSON object, private key material in any member (whatever its type),
     * symmetric keys, two usable keys with one {@code kid}.
     *
     * @param json the document
     * @param maxKeys the cap on members
     * @param ignored told the {@code kid} (or null) and the reason of each ignored member
     * @return the keys Warden can use; {@link #ignoredReason} tells why another {@code kid} was ignored
     * @throws IllegalArgumentException if the document or its keys break a rule, with a message naming it
     */
    public static JWKSet parsePublished(byte[] json, int maxKeys, BiConsumer<String, String> ignored) {
        return parse(json, maxKeys, ignored, problem -> "JWKS " + problem);
    }

    /**
     * @param document names a problem of the document as a whole (the argument says what it is or has)
     */
    private static JWKSet parse(byte[] json, int maxKeys, BiConsumer<String, String> ignored,
                                UnaryOperator<String> document) {
        Map<String, Object> doc;
        try {
            doc = StrictJson.mapper().convertValue(StrictJson.parseObject(json), StrictJson.MAP_TYPE);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(document.apply("is not a strict JSON object"));
        }
        Object keys = doc.get("keys");
        if (!(keys instanceof List)) {
            throw new IllegalArgumentException(document.apply("has no keys array"));
        }
        int count = ((List<?>) keys).size();
        if (count > maxKeys) {
            throw new IllegalArgumentException(document.apply("has " + count + " keys, the limit is " + maxKeys));
        }
        List<JWK> usable = new ArrayList<>(count);
        List<Map.Entry<String, String>> skipped = new ArrayList<>();
        int position = 0;
        for (Object member : (List<?>) keys) {
            JWK key = member(member, position++, skipped);
            if (key != null) {
                usable.add(key);
            }
        }
        Map<String, String> byKid = new HashMap<>();
        for (Map.Entry<String, String> s : skipped) {
            if (s.getKey() != null) {
                byKid.putIfAbsent(s.getKey(), s.getValue());
            }
        }
        JWKSet set = new JWKSet(usable, byKid.isEmpty() ? Map.of() : Map.of(IGNORED, Map.copyOf(byKid)));
        check(set, false);
        for (Map.Entry<String, String> s : skipped) {
            ignored.accept(s.getKey(), s.getValue());
        }
        return set;
    }

    /**
     * @param set a set from {@link #parsePublished(byte[], int, BiConsumer)}
     * @param kid a {@code kid}
     * @return why the member with this {@code kid} was ignored, or null if none was
     */
    public static String ignoredReason(JWKSet set, String kid) {
        Object ignored = set.getAdditionalMembers().get(IGNORED);
        return ignored instanceof Map && kid != null ? (String) ((Map<?, ?>) ignored).get(kid) : null;
    }

    /** The additional member of a parsed set that maps ignored members' {@code kid}s to the reason. */
    private static final String IGNORED = "dev.warden.ignored";

    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv");

    /** @return the key, or null if ignored (then its kid, or null, and why are added to {@code skipped}) */
    private static JWK member(Object member, int position, List<Map.Entry<String, String>> skipped) {
        if (!(member instanceof Map)) {
            throw new IllegalArgumentException("JWKS member " + position + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) member;
        Object kidValue = json.get("kid");
        String kid = kidValue instanceof String ? (String) kidValue : null;
        if ("oct".equals(json.get("kty"))) {
            throw new IllegalArgumentException("key set holds a symmetric (oct) key: a published secret is no secret");
        }
        for (String name : PRIVATE_MEMBERS) {
            if (json.containsKey(name)) {
                throw new IllegalArgumentException("key set holds private key material (kid " + Text.quote(kid)
                        + "): publish and configure public keys only");
            }
        }
        String why = duplicateKeyOperation(json.get("key_ops"));
        JWK key = null;
        try {
            if (why == null) {
                key = JWK.parse(json);
                why = notForWarden(key);
            }
        } catch (ParseException | RuntimeException e) {
            // nimbus refuses a type, curve or parameter it does not know; that member alone is unusable
            why = "not understood: " + Text.quote(e.getMessage());
        }
        if (why == null) {
            return key;
        }
        skipped.add(new AbstractMap.SimpleImmutableEntry<>(kid, why));
        return null;
    }

    /**
     * nimbus reads {@code key_ops} into a set, so a repeated value would vanish unnoticed.
     *
     * @return null unless {@code key_ops} is an array that repeats a value (RFC 7517 section 4.3: duplicate key
     *     operation values MUST NOT be present), else which
     */
    private static String duplicateKeyOperation(Object keyOps) {
        if (keyOps instanceof List) {
            Set<Object> seen = new HashSet<>();
            for (Object op : (List<?>) keyOps) {
                if (op instanceof String && !seen.add(op)) {   // other values: nimbus refuses them as not understood
                    return "key_ops lists " + Text.quote((String) op) + " twice (RFC 7517 section 4.3)";
                }
            }
        }
        return null;
    }

    /** @return null if Warden may use keys of this kind, else what it does not implement */
    private static String notForWarden(JWK key) {
        if (key.getAlgorithm() != null && SignatureAlgorithm.fromJoseName(key.getAlgorithm().getName()).isEmpty()) {
            return "alg " + Text.quote(key.getAlgorithm().getName()) + " is not a signature algorithm Warden implements";
        }
        if (key instanceof OctetKeyPair && !Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) {
            return "OKP curve " + Text.quote(((OctetKeyPair) key).getCurve().getName()) + " is not supported";
        }
        if (key instanceof ECKey && !SUPPORTED_EC.contains(((ECKey) key).getCurve())) {
            return "EC curve " + Text.quote(((ECKey) key).getCurve().getName()) + " is not supported";
        }
        return null;
    }

    private static final Set<Curve> SUPPORTED_EC = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    /**
     * Parses configured keys exactly as {@link #parsePublished(byte[], int, BiConsumer)} parses a fetched JWKS
     * (without its key-count cap): the same strict JSON, the same members refused or ignored, so one document
     * gets one verdict whichever way it reaches Warden. A token naming an ignored member's {@code kid} is
     * rejected as for a fetched set; {@code ignored} is told each one.
     *
     * @param json a JWKS document
     * @param ignored told the {@code kid} (or null) and the reason of each ignored member
     * @return the keys Warden can use, at least one
     * @throws IllegalArgumentException if the document is not strict JSON (an unpaired surrogate in the string
     *     included), holds no key Warden can use, or breaks a rule
     */
    public static JWKSet parseConfigured(String json, BiConsumer<String, String> ignored) {
        byte[] utf8;
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(json));
            utf8 = Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("staticKeys is not a JWKS document: it holds an unpaired surrogate");
        }
        List<Map.Entry<String, String>> skipped = new ArrayList<>();
        JWKSet set = parse(utf8, Integer.MAX_VALUE, (kid, why) -> skipped.add(new AbstractMap.SimpleImmutableEntry<>(kid,
                why)), problem -> "staticKeys is not a JWKS document: it " + problem);
        if (set.isEmpty()) {
            List<String> why = new ArrayList<>();
            skipped.forEach(s -> why.add("kid " + Text.quote(s.getKey()) + ": " + s.getValue()));
            throw new IllegalArgumentException(skipped.isEmpty() ? "staticKeys needs at least one key"
                    : "staticKeys holds no key Warden can use: " + String.join("; ", why));
        }
        skipped.forEach(s -> ignored.accept(s.getKey(), s.getValue()));
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
        // the set's additional members keep why members of the document were ignored
        JWKSet out = new JWKSet(keys, set == null ? Map.of() : set.getAdditionalMembers());
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
