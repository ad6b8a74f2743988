package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.core.internal.CompactJws;
import dev.warden.core.internal.JwkSets;
import dev.warden.core.internal.KeyVerifiers;
import dev.warden.core.internal.SignatureCheck;
import dev.warden.core.internal.SignatureEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's {@code json_web_key_test.json} through Warden's key-loading layer (key-set rules, key
 * usability, verification), and the ES256, ES384, RS256, PS256 and Ed25519 signature vectors through its
 * verification layer, with each key loaded from the vector's JWK. Every vector runs on every provider of
 * {@link NativeProviders}. Zero disagreements with Wycheproof; each {@code acceptable} vector's decision is
 * recorded in {@link #ACCEPTABLE}; the providers differ from each other only on {@link #JDK_REDUCTION_CASES}.
 */
class WycheproofKeysAndSignaturesTest {

    static final Path DIR = Path.of("src", "test", "resources", "testdata", "wycheproof");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HexFormat HEX = HexFormat.of();

    /**
     * Decisions on vectors marked acceptable, by file and tcId: true if Warden accepts the signature.
     * RS256 tcId 8 omits the NULL parameter of the DigestInfo's AlgorithmIdentifier. The JDK's
     * {@code SHA256withRSA} accepts that encoding, AWS-LC (ACCP) and BoringSSL (Conscrypt) refuse it; Warden
     * refuses it on every provider (on the JDK by comparing the exact DigestInfo itself), so that no verdict
     * depends on the provider. Refusing is the strict reading of RFC 8017 (encode, then compare).
     */
    static final Map<String, Boolean> ACCEPTABLE = Map.of("rsa_signature_2048_sha256_test.json#8", false);

    /**
     * Valid ECDSA signatures whose {@code r} needs the x-coordinate reduction ({@code x >= n}). The SunEC
     * provider of JDK 17 rejects them (JDK 25 accepts them): on such a runtime Warden, which verifies through
     * the JCA, rejects them too. That is a false rejection of signatures a real signer produces with
     * probability about 2^-128, failing closed; the test checks the runtime really is the cause.
     */
    static final java.util.Set<String> JDK_REDUCTION_CASES = java.util.Set.of(
            "ecdsa_secp256r1_sha256_p1363_test.json#115", "ecdsa_secp256r1_sha256_p1363_test.json#257",
            "ecdsa_secp384r1_sha384_p1363_test.json#147", "ecdsa_secp384r1_sha384_p1363_test.json#275");

    /** One vector of {@code json_web_key_test.json}. */
    record KeyVector(String name, String keySet, String jws, boolean valid) {}

    static List<KeyVector> keyVectors() throws Exception {
        JsonNode root = JSON.readTree(Files.readAllBytes(DIR.resolve("json_web_key_test.json")));
        List<KeyVector> out = new ArrayList<>();
        for (JsonNode g : root.get("testGroups")) {
            JsonNode keySet = g.has("public") ? g.get("public") : g.get("private");
            for (JsonNode t : g.get("tests")) {
                String name = "tcId " + t.get("tcId").asInt() + " " + g.get("comment").asText() + " " + t.get("comment")
                        .asText() + " (" + t.get("result").asText() + ")";
                out.add(new KeyVector(name, keySet.toString(), t.get("jws").asText(),
                        t.get("result").asText().equals("valid")));
            }
        }
        assertThat(out).hasSize(root.get("numberOfTests").asInt());
        return out;
    }

    @TestFactory
    Stream<DynamicTest> jsonWebKeyVectors() throws Exception {
        List<KeyVector> vectors = keyVectors();
        return NativeProviders.ALL.stream().flatMap(p -> vectors.stream().map(v ->
                DynamicTest.dynamicTest("[" + p + "] " + v.name(), () -> {
                    String outcome = loadAndVerify(v.keySet(), v.jws(), p.engines());
                    if (v.valid()) {
                        assertThat(outcome).as(v.name()).isNull();
                    } else {
                        assertThat(outcome).as(v.name() + " must be rejected").isNotNull();
                    }
                })));
    }

    @Test
    void jsonWebKeyVectorsGetTheSameVerdictOnEveryProvider() throws Exception {
        ProviderAgreement.check("json_web_key_test.json", keyVectors(), KeyVector::name,
                (p, v) -> String.valueOf(loadAndVerify(v.keySet(), v.jws(), p.engines())), Map.of());
    }

    /** @return null if accepted, else why not */
    static String loadAndVerify(String keySetJson, String jws, SignatureEngines engines) {
        JWKSet set;
        try {
            set = JWKSet.parse(keySetJson);
            JwkSets.check(set, true);
        } catch (java.text.ParseException | IllegalArgumentException e) {
            return "key set refused: " + e.getMessage();
        }
        CompactJws parsed;
        try {
            parsed = CompactJws.parse(jws, 1 << 20);
        } catch (TokenRejectedException e) {
            return e.getMessage();
        }
        JWK key = set.getKeyByKeyId(parsed.keyId());
        if (key == null) {
            return "no key";
        }
        String unusable = KeyVerifiers.unusableReason(key, parsed.algorithm());
        if (unusable != null) {
            return unusable;
        }
        return KeyVerifiers.prepare(key, engines).verify(parsed.algorithm(), parsed.signingInput(), parsed.signature())
                ? null : "bad signature";
    }

    static final Map<String, SignatureAlgorithm> SIGNATURE_FILES = new java.util.LinkedHashMap<>();

    static {
        SIGNATURE_FILES.put("ecdsa_secp256r1_sha256_p1363_test.json", SignatureAlgorithm.ES256);
        SIGNATURE_FILES.put("ecdsa_secp384r1_sha384_p1363_test.json", SignatureAlgorithm.ES384);
        SIGNATURE_FILES.put("rsa_signature_2048_sha256_test.json", SignatureAlgorithm.RS256);
        SIGNATURE_FILES.put("rsa_pss_2048_sha256_mgf1_32_test.json", SignatureAlgorithm.PS256);
        SIGNATURE_FILES.put("ed25519_test.json", SignatureAlgorithm.EdDSA);
    }

    @TestFactory
    Stream<DynamicTest> signatureVectors() throws Exception {
        List<SigVector> vectors = signatureVectorList();
        return NativeProviders.ALL.stream().flatMap(p -> vectors.stream().map(v ->
                DynamicTest.dynamicTest("[" + p + "] " + v.name(), () -> check(p, v))));
    }

    @Test
    void signatureVectorsGetTheSameVerdictOnEveryProvider() throws Exception {
        Set<String> reduction = new java.util.HashSet<>();
        for (SigVector v : signatureVectorList()) {
            if (JDK_REDUCTION_CASES.contains(v.id())) {
                reduction.add(v.name());
            }
        }
        assertThat(reduction).hasSize(JDK_REDUCTION_CASES.size());
        ProviderAgreement.check("signature vectors", signatureVectorList(), SigVector::name, (p, v) -> v.accepts(p),
                Map.of(NativeProviders.ACCP, reduction, NativeProviders.CONSCRYPT, reduction));
    }

    static void check(NativeProviders p, SigVector v) throws Exception {
        assertThat(v.group().unusable).as("the vector's key is usable for " + v.group().alg).isNull();
        boolean accepted = v.accepts(p);
        boolean expected = v.result().equals("acceptable") ? ACCEPTABLE.getOrDefault(v.id(), Boolean.FALSE)
                : v.result().equals("valid");
        if (v.result().equals("acceptable")) {
            assertThat(ACCEPTABLE).as("an acceptable vector needs a documented decision: " + v.name())
                    .containsKey(v.id());
        }
        if (p == NativeProviders.JDK && JDK_REDUCTION_CASES.contains(v.id()) && !accepted) {
            assertThat(jcaAcceptsP1363(v.group().key, v.group().alg, v.msg(), v.sig())).as(v.name()
                    + ": rejected although the runtime's own ECDSA verifier accepts it").isFalse();
            return;
        }
        assertThat(accepted).as(v.name()).isEqualTo(expected);
    }

    /** A test group's key, prepared once per provider (as a validator prepares a key once, not per token). */
    static final class Group {
        final JWK key;
        final SignatureAlgorithm alg;
        final String unusable;
        private final Map<NativeProviders, SignatureCheck> checks = new java.util.EnumMap<>(NativeProviders.class);

        Group(JWK key, SignatureAlgorithm alg) {
            this.key = key;
            this.alg = alg;
            this.unusable = KeyVerifiers.unusableReason(key, alg);
        }

        synchronized SignatureCheck check(NativeProviders p) {
            return checks.computeIfAbsent(p, q -> KeyVerifiers.prepare(key, q.engines()));
        }
    }

    /** One signature vector. */
    record SigVector(String file, int tcId, String result, String name, Group group, byte[] msg, byte[] sig) {
        String id() {
            return file + "#" + tcId;
        }

        boolean accepts(NativeProviders p) {
            return group.check(p).verify(group.alg, msg, sig);
        }
    }

    static List<SigVector> signatureVectorList() throws Exception {
        List<SigVector> out = new ArrayList<>();
        for (Map.Entry<String, SignatureAlgorithm> f : SIGNATURE_FILES.entrySet()) {
            out.addAll(signatures(f.getKey(), f.getValue()));
        }
        assertThat(out).hasSize(262 + 280 + 259 + 108 + 151);
        return out;
    }

    static boolean jcaAcceptsP1363(JWK key, SignatureAlgorithm alg, byte[] msg, byte[] sig) throws Exception {
        java.security.Signature s = java.security.Signature.getInstance(alg == SignatureAlgorithm.ES256
                ? "SHA256withECDSAinP1363Format" : "SHA384withECDSAinP1363Format");
        s.initVerify(key.toECKey().toECPublicKey());
        s.update(msg);
        return s.verify(sig);
    }

    /** Groups without a JWK (a few ECDSA keys with special coordinates) give the key as DER SubjectPublicKeyInfo. */
    static JWK fromDer(String hex, SignatureAlgorithm alg) throws Exception {
        java.security.interfaces.ECPublicKey pk = (java.security.interfaces.ECPublicKey) java.security.KeyFactory
                .getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(HEX.parseHex(hex)));
        com.nimbusds.jose.jwk.Curve curve = alg == SignatureAlgorithm.ES256 ? com.nimbusds.jose.jwk.Curve.P_256
                : com.nimbusds.jose.jwk.Curve.P_384;
        return new com.nimbusds.jose.jwk.ECKey.Builder(curve, pk).build();
    }

    static List<SigVector> signatures(String file, SignatureAlgorithm alg) throws Exception {
        JsonNode root = JSON.readTree(Files.readAllBytes(DIR.resolve(file)));
        List<SigVector> out = new ArrayList<>();
        for (JsonNode g : root.get("testGroups")) {
            JsonNode jwkJson = g.has("publicKeyJwk") ? g.get("publicKeyJwk") : g.get("keyJwk");
            JWK key = jwkJson != null ? JWK.parse(jwkJson.toString()) : fromDer(g.get("publicKeyDer").asText(), alg);
            Group group = new Group(key, alg);
            for (JsonNode t : g.get("tests")) {
                int id = t.get("tcId").asInt();
                String result = t.get("result").asText();
                String name = file + " tcId " + id + " " + t.get("comment").asText() + " (" + result + ")";
                out.add(new SigVector(file, id, result, name, group, HEX.parseHex(t.get("msg").asText()),
                        HEX.parseHex(t.get("sig").asText())));
            }
        }
        return out;
    }
}
