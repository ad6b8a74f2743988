package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import dev.warden.core.internal.CompactJws;
import dev.warden.core.internal.KeyVerifiers;
import dev.warden.core.internal.SignatureCheck;
import dev.warden.core.internal.SignatureEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Project Wycheproof's {@code json_web_signature_test.json}, read from the repository's copy in {@code src/test/resources/testdata}, through
 * the validator's JOSE layer: strict compact parsing, key usability and signature verification, on every
 * provider of {@link NativeProviders}. Payloads there are not JWT claims, so the claim checks are not part of
 * this layer.
 */
class WycheproofJwsTest {

    static final Path FILE = Path.of("src", "test", "resources", "testdata", "wycheproof", "json_web_signature_test.json");

    /**
     * Vectors marked valid that Warden rejects on purpose. 372 and 373 carry characters outside base64url
     * (their MAC does not match the signing input as transmitted); 347 and 351 use a key whose {@code alg}
     * is "ES521" for an ES512 token, and 346 and 350 a key declaring PS256 for a PS384 token: a key
     * verifies only the {@code alg} it declares.
     */
    static final Map<Integer, String> DELIBERATE_REJECTIONS = Map.of(
            372, "non-base64url character in the header",
            373, "non-base64url character in the payload",
            346, "key alg PS256 differs from token alg PS384",
            350, "key alg PS256 differs from token alg PS384",
            347, "key alg ES521 differs from token alg ES512",
            351, "key alg ES521 differs from token alg ES512");

    /**
     * Vectors marked invalid whose stored {@code jws} is byte-identical to a valid vector (the padding
     * their comment names is not in the file): no validator can reject them without rejecting the valid
     * one, so they are accepted, and {@link #corruptVectorsEqualTheirValidTwin()} proves the identity.
     */
    static final Map<Integer, Integer> IDENTICAL_TO_VALID = Map.of(367, 357, 370, 357);

    static JsonNode load() throws IOException {
        return new ObjectMapper().readTree(Files.readAllBytes(FILE));
    }

    /** @return null if accepted, else why not */
    static String joseLayer(JsonNode jws, JWK key, SignatureEngines engines) {
        try {
            CompactJws parsed = CompactJws.parse(jws.isTextual() ? jws.textValue() : jws.toString(), 1 << 20);
            String unusable = KeyVerifiers.unusableReason(key, parsed.algorithm());
            if (unusable != null) {
                return "KEY_NOT_USABLE: " + unusable;
            }
            SignatureCheck check = KeyVerifiers.prepare(key, engines);
            return check.verify(parsed.algorithm(), parsed.signingInput(), parsed.signature()) ? null : "BAD_SIGNATURE";
        } catch (TokenRejectedException e) {
            return e.getMessage();
        }
    }

    /** One vector: its id, name, expected outcome, the JWS and the group's key. */
    record Vector(int id, String name, boolean expectAccept, JsonNode jws, JWK key) {}

    static List<Vector> vectors() throws Exception {
        List<Vector> out = new ArrayList<>();
        for (JsonNode group : load().get("testGroups")) {
            JsonNode keyJson = group.has("public") ? group.get("public") : group.get("private");
            JWK key = JWK.parse(keyJson.toString());
            for (JsonNode t : group.get("tests")) {
                int id = t.get("tcId").asInt();
                String result = t.get("result").asText();
                String name = "tcId " + id + " " + t.get("comment").asText() + " (" + result + ")";
                boolean expectAccept = (result.equals("valid") && !DELIBERATE_REJECTIONS.containsKey(id))
                        || IDENTICAL_TO_VALID.containsKey(id);
                out.add(new Vector(id, name, expectAccept, t.get("jws"), key));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyVector() throws Exception {
        List<Vector> vectors = vectors();
        return NativeProviders.ALL.stream().flatMap(p -> vectors.stream().map(v ->
                DynamicTest.dynamicTest("[" + p + "] " + v.name(), () -> {
                    String outcome = joseLayer(v.jws(), v.key(), p.engines());
                    if (v.expectAccept()) {
                        assertThat(outcome).as(v.name()).isNull();
                    } else {
                        assertThat(outcome).as(v.name() + " must be rejected").isNotNull();
                    }
                })));
    }

    @Test
    void everyProviderGivesTheSameVerdict() throws Exception {
        ProviderAgreement.check("json_web_signature_test.json", vectors(), Vector::name,
                (p, v) -> String.valueOf(joseLayer(v.jws(), v.key(), p.engines())), Map.of());
    }

    @Test
    void corruptVectorsEqualTheirValidTwin() throws Exception {
        Map<Integer, JsonNode> byId = new java.util.HashMap<>();
        for (JsonNode group : load().get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                byId.put(t.get("tcId").asInt(), t);
            }
        }
        IDENTICAL_TO_VALID.forEach((invalid, valid) -> {
            assertThat(byId.get(invalid).get("result").asText()).isEqualTo("invalid");
            assertThat(byId.get(valid).get("result").asText()).isEqualTo("valid");
            assertThat(byId.get(invalid).get("jws")).isEqualTo(byId.get(valid).get("jws"));
        });
    }

    @Test
    void theFileIsTheOneWeExpectAndHasNoAcceptableVectors() throws Exception {
        JsonNode root = load();
        int count = 0;
        int acceptable = 0;
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                count++;
                acceptable += t.get("result").asText().equals("acceptable") ? 1 : 0;
            }
        }
        assertThat(count).isEqualTo(root.get("numberOfTests").asInt()).isEqualTo(401);
        assertThat(acceptable).isZero();
        assertThat(DELIBERATE_REJECTIONS.keySet()).allSatisfy(id -> assertThat(id).isBetween(1, 401));
    }
}
