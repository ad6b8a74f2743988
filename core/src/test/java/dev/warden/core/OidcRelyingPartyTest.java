package dev.warden.core;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.Jws;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenID Foundation relying-party tests (legacy list in {@code src/test/resources/testdata/oidc-rp}) that apply
 * to an ID-token validator. Each scenario is checked against the test's own {@code expected_result}.
 */
class OidcRelyingPartyTest extends FakeIssuerTest {

    static final Path FILE = Path.of("src", "test", "resources", "testdata", "oidc-rp", "legacy_rp_tests.json");
    static final Instant NOW = TokenValidatorTest.NOW;
    static final byte[] SECRET = "an-hs256-client-secret-of-32-bytes!".getBytes(StandardCharsets.US_ASCII);

    /** Tests about the authorization flow, not the token: at_hash, c_hash and nonce need the flow's state. */
    static final Set<String> FLOW_LEVEL = Set.of("rp-id_token-bad-at_hash", "rp-id_token-bad-c_hash",
            "rp-id_token-missing-at_hash", "rp-id_token-missing-c_hash", "rp-id_token-sig+enc",
            "rp-id_token-sig+enc-a128kw");

    TokenValidator validator(Consumer<TrustedIssuer.Builder> config) {
        TrustedIssuer.Builder b = idp.trust();
        config.accept(b);
        validator = TokenValidator.builder().trust(b.build()).clock(clock).noVerifiedTokenCache().build();
        return validator;
    }

    /** Scenario per applicable test: null means the token must be accepted. */
    Map<String, Runnable> scenarios() {
        Map<String, Runnable> s = new LinkedHashMap<>();
        s.put("rp-id_token-sig-rs256", () -> accept(validator(b -> { }), idp.rs256(NOW)));
        s.put("rp-id_token-sig-es256", () -> accept(validator(b -> { }), idp.es256(NOW)));
        s.put("rp-id_token-sig-hs256", () -> accept(validator(b -> b.hmacSecret(SECRET)),
                Jws.hmac("{\"alg\":\"HS256\"}", idp.payload(NOW, ""), SECRET)));
        s.put("rp-id_token-sig-none", () -> assertRejected(validator(b -> { }),
                Jws.b64("{\"alg\":\"none\"}") + "." + Jws.b64(idp.payload(NOW, "")) + ".",
                RejectionReason.UNSUPPORTED_ALGORITHM));
        s.put("rp-id_token-bad-sig-rs256", () -> assertRejected(validator(b -> { }),
                Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", idp.payload(NOW, ""), TestKeys.rsa(2048).getPrivate(),
                        "RS256"), RejectionReason.BAD_SIGNATURE));
        s.put("rp-id_token-bad-sig-es256", () -> assertRejected(validator(b -> { }),
                Jws.sign("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", idp.payload(NOW, ""), TestKeys.ec().getPrivate(), "ES256"),
                RejectionReason.BAD_SIGNATURE));
        s.put("rp-id_token-bad-sig-hs256", () -> assertRejected(validator(b -> b.hmacSecret(SECRET)),
                Jws.hmac("{\"alg\":\"HS256\"}", idp.payload(NOW, ""), "another-secret-also-at-least-32-bytes"
                        .getBytes(StandardCharsets.US_ASCII)), RejectionReason.BAD_SIGNATURE));
        s.put("rp-id_token-aud", () -> assertRejected(validator(b -> { }),
                idp.rawRs256(idp.payload(NOW, "").replace("\"client-1\"", "\"someone-else\"")),
                RejectionReason.AUDIENCE_MISMATCH));
        s.put("rp-id_token-iat", () -> assertRejected(validator(b -> { }),
                idp.rs256(NOW, b -> b.issuedAt(null)), RejectionReason.MISSING_CLAIM));
        s.put("rp-id_token-sub", () -> assertRejected(validator(b -> { }),
                idp.rs256(NOW, b -> b.subject(null)), RejectionReason.MISSING_CLAIM));
        s.put("rp-id_token-issuer-mismatch", () -> assertRejected(validator(b -> { }),
                idp.rs256(NOW, b -> b.issuer("https://example.com/")), RejectionReason.UNTRUSTED_ISSUER));
        s.put("rp-id_token-kid-absent-single-jwks", () -> {
            idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build());
            accept(validator(b -> { }), idp.base(NOW).signWith(idp.rsa.getPrivate(), Jwts.SIG.RS256).compact());
        });
        s.put("rp-id_token-kid-absent-multiple-jwks", () -> {
            KeyPair other = TestKeys.rsa(2048);
            idp.publish(Keys.rsaJwk(other, "a").build(), Keys.rsaJwk(idp.rsa, "b").build());
            accept(validator(b -> { }), idp.base(NOW).signWith(idp.rsa.getPrivate(), Jwts.SIG.RS256).compact());
        });
        s.put("rp-key-rotation-op-sign-key", () -> {
            TokenValidator v = validator(b -> { });
            accept(v, idp.rs256(NOW));
            KeyPair next = TestKeys.rsa(2048);
            idp.publish(Keys.rsaJwk(next, "rsa-2").build());
            accept(v, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-2\"}", idp.payload(NOW, ""), next.getPrivate(),
                    "RS256"));
        });
        s.put("rp-discovery-issuer-not-matching-config", () -> {
            idp.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(FakeIssuer.DISCOVERY_PATH)
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                            "{\"issuer\":\"https://example.com\",\"jwks_uri\":\"" + idp.issuer() + "/jwks.json\"}")));
            assertRejected(validator(b -> { }), idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE);
        });
        return s;
    }

    static void accept(TokenValidator v, String token) {
        assertThat(v.validate(token).subject()).isEqualTo("user-42");
    }

    @TestFactory
    Stream<DynamicTest> applicableTests() throws Exception {
        JsonNode tests = new ObjectMapper().readTree(Files.readAllBytes(FILE)).get("tests");
        return scenarios().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode spec = tests.get(e.getKey());
            assertThat(spec).as(e.getKey() + " is in the test list").isNotNull();
            idp.reset();
            try {
                e.getValue().run();
            } finally {
                if (validator != null) {
                    validator.close();
                }
            }
        }));
    }

    @Test
    void rejectionsMatchWhatEachTestExpects() throws Exception {
        JsonNode tests = new ObjectMapper().readTree(Files.readAllBytes(FILE)).get("tests");
        // sig-none lets the RP choose; kid-absent-multiple lets it reject or try every key (we try a bounded few)
        Set<String> rpChoice = Set.of("rp-id_token-sig-none", "rp-id_token-kid-absent-multiple-jwks");
        Set<String> weReject = Set.of("rp-id_token-bad-sig-rs256", "rp-id_token-bad-sig-es256",
                "rp-id_token-bad-sig-hs256", "rp-id_token-aud", "rp-id_token-iat", "rp-id_token-sub",
                "rp-id_token-issuer-mismatch", "rp-discovery-issuer-not-matching-config");
        for (String name : scenarios().keySet()) {
            if (rpChoice.contains(name)) {
                continue;
            }
            String expected = tests.get(name).get("expected_result").asText().toLowerCase(Locale.ROOT);
            assertThat(expected.contains("reject")).as(name + ": " + expected).isEqualTo(weReject.contains(name));
        }
        for (String name : FLOW_LEVEL) {
            assertThat(tests.has(name)).as(name).isTrue();
        }
    }
}
