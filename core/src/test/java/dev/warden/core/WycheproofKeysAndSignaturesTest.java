package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.core.internal.CompactJws;
import dev.warden.core.internal.JwkSets;
import dev.warden.core.internal.KeyVerifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's {@code json_web_key_test.json} through Warden's key-loading layer (key-set rules, key
 * usability, verification), and the ES256, ES384, RS256, PS256 and Ed25519 signature vectors through its
 * verification layer, with each key loaded from the vector's JWK. Zero disagreements; each
 * {@code acceptable} vector's decision is recorded in {@link #ACCEPTABLE}.
 */
class WycheproofKeysAndSignaturesTest {

    static final Path DIR = Path.of("..", "..", "shared", "testdata", "wycheproof");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HexFormat HEX = HexFormat.of();

    /**
     * Decisions on vectors marked acceptable, by file and tcId: true if Warden accepts the signature.
     * RS256 tcId 8 omits the NULL parameter of the DigestInfo's AlgorithmIdentifier; the JDK's verifier
     * accepts that encoding and so does Warden (the digest is still bound, so this is not a forgery).
     */
    static final Map<String, Boolean> ACCEPTABLE = Map.of("rsa_signature_2048_sha256_test.json#8", true);

    /**
     * Valid ECDSA signatures whose {@code r} needs the x-coordinate reduction ({@code x >= n}). The SunEC
     * provider of JDK 17 rejects them (JDK 25 accepts them): on such a runtime Warden, which verifies through
     * the JCA, rejects them too. That is a false rejection of signatures a real signer produces with
     * probability about 2^-128, failing closed; the test checks the runtime really is the cause.
     */
    static final java.util.Set<String> JDK_REDUCTION_CASES = java.util.Set.of(
            "ecdsa_secp256r1_sha256_p1363_test.json#115", "ecdsa_secp256r1_sha256_p1363_test.json#257",
            "ecdsa_secp384r1_sha384_p1363_test.json#147", "ecdsa_secp384r1_sha384_p1363_test.json#275");

    @TestFactory
    Stream<DynamicTest> jsonWebKeyVectors() throws Exception {
        JsonNode root = JSON.readTree(Files.readAllBytes(DIR.resolve("json_web_key_test.json")));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode g : root.get("testGroups")) {
            JsonNode keySet = g.has("public") ? g.get("public") : g.get("private");
            for (JsonNode t : g.get("tests")) {
                String name = "tcId " + t.get("tcId").asInt() + " " + g.get("comment").asText() + " " + t.get("comment")
                        .asText() + " (" + t.get("result").asText() + ")";
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    String outcome = loadAndVerify(keySet.toString(), t.get("jws").asText());
                    if (t.get("result").asText().equals("valid")) {
                        assertThat(outcome).as(name).isNull();
                    } else {
                        assertThat(outcome).as(name + " must be rejected").isNotNull();
                    }
                }));
            }
        }
        assertThat(tests).hasSize(root.get("numberOfTests").asInt());
        return tests.stream();
    }

    /** @return null if accepted, else why not */
    static String loadAndVerify(String keySetJson, String jws) {
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
        return KeyVerifiers.prepare(key).verify(parsed.algorithm(), parsed.signingInput(), parsed.signature()) ? null
                : "bad signature";
    }

    @TestFactory
    Stream<DynamicTest> signatureVectors() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        tests.addAll(signatures("ecdsa_secp256r1_sha256_p1363_test.json", SignatureAlgorithm.ES256));
        tests.addAll(signatures("ecdsa_secp384r1_sha384_p1363_test.json", SignatureAlgorithm.ES384));
        tests.addAll(signatures("rsa_signature_2048_sha256_test.json", SignatureAlgorithm.RS256));
        tests.addAll(signatures("rsa_pss_2048_sha256_mgf1_32_test.json", SignatureAlgorithm.PS256));
        tests.addAll(signatures("ed25519_test.json", SignatureAlgorithm.EdDSA));
        assertThat(tests).hasSize(262 + 280 + 259 + 108 + 151);
        return tests.stream();
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

    static List<DynamicTest> signatures(String file, SignatureAlgorithm alg) throws Exception {
        JsonNode root = JSON.readTree(Files.readAllBytes(DIR.resolve(file)));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode g : root.get("testGroups")) {
            JsonNode jwkJson = g.has("publicKeyJwk") ? g.get("publicKeyJwk") : g.get("keyJwk");
            JWK key = jwkJson != null ? JWK.parse(jwkJson.toString()) : fromDer(g.get("publicKeyDer").asText(), alg);
            String unusable = KeyVerifiers.unusableReason(key, alg);
            for (JsonNode t : g.get("tests")) {
                int id = t.get("tcId").asInt();
                String result = t.get("result").asText();
                String name = file + " tcId " + id + " " + t.get("comment").asText() + " (" + result + ")";
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    assertThat(unusable).as("the vector's key is usable for " + alg).isNull();
                    byte[] msg = HEX.parseHex(t.get("msg").asText());
                    byte[] sig = HEX.parseHex(t.get("sig").asText());
                    boolean accepted = KeyVerifiers.prepare(key).verify(alg, msg, sig);
                    boolean expected = result.equals("acceptable")
                            ? ACCEPTABLE.getOrDefault(file + "#" + id, Boolean.FALSE) : result.equals("valid");
                    if (result.equals("acceptable")) {
                        assertThat(ACCEPTABLE).as("an acceptable vector needs a documented decision: " + name)
                                .containsKey(file + "#" + id);
                    }
                    if (JDK_REDUCTION_CASES.contains(file + "#" + id) && !accepted) {
                        assertThat(jcaAcceptsP1363(key, alg, msg, sig)).as(name + ": rejected although the runtime's "
                                + "own ECDSA verifier accepts it").isFalse();
                        return;
                    }
                    assertThat(accepted).as(name).isEqualTo(expected);
                }));
            }
        }
        return tests;
    }
}
