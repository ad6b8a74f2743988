package dev.warden.core;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every attack of the design brief's section 3, each a named case asserting the exact rejection reason
 * (and, through {@link Rejections}, that the message never contains the token).
 */
class AttackSuiteTest {

    static final FakeIssuer IDP = new FakeIssuer();
    static final SettableClock CLOCK = new SettableClock(TokenValidatorTest.NOW);
    static final String RS = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}";
    static final String ES = "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}";
    static final BigInteger P256_N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    @AfterAll
    static void stop() {
        IDP.close();
        ProviderAgreement.reportTally("attack suite");
    }

    /** One attack: a token, the reason it must get, and optionally a key set the issuer publishes for it. */
    record Attack(String name, Supplier<String> token, RejectionReason reason, Runnable publish, int maxTokenSize) {}

    static final List<Attack> ATTACKS = new ArrayList<>();
    static final KeyPair WEAK = TestKeys.rsa(1024);

    static void add(String name, RejectionReason reason, Supplier<String> token) {
        ATTACKS.add(new Attack(name, token, reason, null, 16 * 1024));
    }

    static void addWithKeys(String name, RejectionReason reason, Runnable publish, Supplier<String> token) {
        ATTACKS.add(new Attack(name, token, reason, publish, 16 * 1024));
    }

    static String payload() {
        return IDP.payload(CLOCK.instant(), "");
    }

    static String withPayload(String json) {
        return Jws.sign(RS, json, IDP.rsa.getPrivate(), "RS256");
    }

    static String replaceClaim(String name, String rawValue) {
        String p = payload().replaceFirst(",?\"" + name + "\":(\"[^\"]*\"|[0-9]+)", "");
        if (p.startsWith("{,")) {
            p = "{" + p.substring(2);
        }
        return withPayload(rawValue == null ? p : p.substring(0, p.length() - 1) + ",\"" + name + "\":" + rawValue + "}");
    }

    static String header(String extra) {
        return Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"," + extra + "}", payload(), IDP.rsa.getPrivate(), "RS256");
    }

    static String unsigned(String alg) {
        return Jws.b64("{\"alg\":\"" + alg + "\"}") + "." + Jws.b64(payload()) + ".";
    }

    static String ecdsa(byte[] sig) {
        return Jws.withSignature(Jws.sign(ES, payload(), IDP.ec.getPrivate(), "ES256"), sig);
    }

    static {
        // alg none, every casing, and empty signatures
        for (String alg : List.of("none", "None", "NONE", "nOnE", "NoNe", "")) {
            add("alg '" + alg + "' unsigned", RejectionReason.UNSUPPORTED_ALGORITHM, () -> unsigned(alg));
        }
        add("alg none with a signature", RejectionReason.UNSUPPORTED_ALGORITHM, () -> unsigned("none") + "c2lnbmF0dXJl");
        add("alg unknown (HS999)", RejectionReason.UNSUPPORTED_ALGORITHM, () -> unsigned("HS999") + "c2ln");
        add("empty signature on RS256", RejectionReason.BAD_SIGNATURE, () -> {
            String t = withPayload(payload());
            return t.substring(0, t.lastIndexOf('.') + 1);
        });
        // algorithm confusion
        add("HS256 keyed with the RSA public key (SPKI DER)", RejectionReason.UNSUPPORTED_ALGORITHM,
                () -> Jws.hmac("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", payload(), IDP.rsa.getPublic().getEncoded()));
        add("HS256 keyed with the RSA public key (JWK JSON)", RejectionReason.UNSUPPORTED_ALGORITHM,
                () -> Jws.hmac("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", payload(), Keys.rsaJwk(IDP.rsa, "rsa-1").build()
                        .toJSONString().getBytes(StandardCharsets.UTF_8)));
        add("HS256 keyed with the EC public key", RejectionReason.UNSUPPORTED_ALGORITHM,
                () -> Jws.hmac("{\"alg\":\"HS256\",\"kid\":\"ec-1\"}", payload(), IDP.ec.getPublic().getEncoded()));
        add("ES256 header on an RSA key", RejectionReason.KEY_NOT_USABLE,
                () -> Jws.sign("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}", payload(), IDP.ec.getPrivate(), "ES256"));
        addWithKeys("header alg differs from the key's alg", RejectionReason.KEY_NOT_USABLE,
                () -> IDP.publish(Keys.rsaJwk(IDP.rsa, "rsa-1").algorithm(JWSAlgorithm.RS256).build()),
                () -> Jws.sign("{\"alg\":\"PS256\",\"kid\":\"rsa-1\"}", payload(), IDP.rsa.getPrivate(), "PS256"));
        addWithKeys("key with use=enc", RejectionReason.KEY_NOT_USABLE,
                () -> IDP.publish(Keys.rsaJwk(IDP.rsa, "rsa-1").keyUse(KeyUse.ENCRYPTION).build()),
                () -> withPayload(payload()));
        addWithKeys("key with key_ops=[encrypt]", RejectionReason.KEY_NOT_USABLE,
                () -> IDP.publish(Keys.rsaJwk(IDP.rsa, "rsa-1").keyOperations(Set.of(KeyOperation.ENCRYPT)).build()),
                () -> withPayload(payload()));
        addWithKeys("key with key_ops=[verify, verify] (RFC 7517: no duplicates)", RejectionReason.UNKNOWN_KEY,
                () -> IDP.jwksResponds(WireMock.okJson("{\"keys\":[" + Keys.rsaJwk(IDP.rsa, "rsa-1").build().toJSONString()
                        .replace("{", "{\"key_ops\":[\"verify\",\"verify\"],") + "]}")),
                () -> withPayload(payload()));
        // key hints are never trusted or fetched
        add("embedded jwk header", RejectionReason.UNSUPPORTED_HEADER,
                () -> header("\"jwk\":" + Keys.rsaJwk(IDP.rsa, "x").build().toJSONString()));
        add("jku header", RejectionReason.UNSUPPORTED_HEADER, () -> header("\"jku\":\"https://attacker.example/jwks\""));
        add("x5u header", RejectionReason.UNSUPPORTED_HEADER, () -> header("\"x5u\":\"https://attacker.example/cert\""));
        add("x5c header", RejectionReason.UNSUPPORTED_HEADER, () -> header("\"x5c\":[\"MIIBIjANBg\"]"));
        // kid is an opaque exact match
        for (String kid : List.of("../../etc/passwd", "' OR '1'='1' --", "*", "%", "rsa-*", "RSA-1", "rsa-1 ",
                "rsa-1\\u0000", "${jndi:ldap://x}", "rsa-1/../rsa-1")) {
            add("kid injection " + kid, RejectionReason.UNKNOWN_KEY,
                    () -> Jws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", payload(), IDP.rsa.getPrivate(), "RS256"));
        }
        add("kid of the wrong JSON type", RejectionReason.MALFORMED,
                () -> Jws.sign("{\"alg\":\"RS256\",\"kid\":[\"rsa-1\"]}", payload(), IDP.rsa.getPrivate(), "RS256"));
        // ECDSA signature form (CVE-2022-21449 and over-long signatures)
        add("psychic signature r = s = 0", RejectionReason.BAD_SIGNATURE, () -> ecdsa(new byte[64]));
        add("r = s = n", RejectionReason.BAD_SIGNATURE, () -> ecdsa(Jws.p1363(P256_N, P256_N)));
        add("r = 0, s = 1", RejectionReason.BAD_SIGNATURE, () -> ecdsa(Jws.p1363(BigInteger.ZERO, BigInteger.ONE)));
        add("r = n + 1", RejectionReason.BAD_SIGNATURE,
                () -> ecdsa(Jws.p1363(P256_N.add(BigInteger.ONE), BigInteger.ONE)));
        add("ES256 signature of 65 bytes", RejectionReason.BAD_SIGNATURE, () -> {
            String t = Jws.sign(ES, payload(), IDP.ec.getPrivate(), "ES256");
            return Jws.withSignature(t, Arrays.copyOf(sig(t), 65));
        });
        add("ES256 signature of 63 bytes", RejectionReason.BAD_SIGNATURE, () -> {
            String t = Jws.sign(ES, payload(), IDP.ec.getPrivate(), "ES256");
            return Jws.withSignature(t, Arrays.copyOf(sig(t), 63));
        });
        add("ES256 signature DER-encoded", RejectionReason.BAD_SIGNATURE, () -> {
            String input = Jws.b64(ES) + "." + Jws.b64(payload());
            try {
                java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
                s.initSign(IDP.ec.getPrivate());
                s.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + Jws.b64(s.sign());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        // header extensions
        add("crit naming exp", RejectionReason.UNSUPPORTED_HEADER, () -> header("\"crit\":[\"exp\"]"));
        add("crit empty", RejectionReason.UNSUPPORTED_HEADER, () -> header("\"crit\":[]"));
        add("b64 false", RejectionReason.UNSUPPORTED_HEADER, () -> header("\"b64\":false,\"crit\":[\"b64\"]"));
        add("b64 false without crit", RejectionReason.UNSUPPORTED_HEADER, () -> header("\"b64\":false"));
        add("zip DEF", RejectionReason.UNSUPPORTED_HEADER, () -> header("\"zip\":\"DEF\""));
        // serialization and encoding
        add("JSON serialization (general)", RejectionReason.MALFORMED, () -> {
            String[] p = withPayload(payload()).split("\\.");
            return "{\"payload\":\"" + p[1] + "\",\"signatures\":[{\"protected\":\"" + p[0] + "\",\"signature\":\""
                    + p[2] + "\"}]}";
        });
        add("JSON serialization (flattened)", RejectionReason.MALFORMED, () -> {
            String[] p = withPayload(payload()).split("\\.");
            return "{\"payload\":\"" + p[1] + "\",\"protected\":\"" + p[0] + "\",\"signature\":\"" + p[2] + "\"}";
        });
        add("base64 padding", RejectionReason.MALFORMED, () -> withPayload(payload()).replaceFirst("\\.", "==."));
        add("standard base64 alphabet", RejectionReason.MALFORMED, () -> {
            String t = withPayload(payload());
            String sig = Base64.getEncoder().withoutPadding().encodeToString(sig(t));
            return t.substring(0, t.lastIndexOf('.') + 1) + (sig.matches(".*[+/].*") ? sig : sig + "+");
        });
        add("non-zero unused bits", RejectionReason.MALFORMED, () -> {
            String t = withPayload(payload());
            String s = t.substring(t.lastIndexOf('.') + 1);
            // a 256-byte RSA signature encodes to 342 chars: its last char carries 4 unused bits
            char last = s.charAt(s.length() - 1);
            char tweaked = "AQgw".indexOf(last) >= 0 ? (char) (last + 1) : last;
            return t.substring(0, t.length() - 1) + tweaked;
        });
        add("whitespace inside", RejectionReason.MALFORMED, () -> withPayload(payload()).replaceFirst("\\.", ". "));
        add("line break inside", RejectionReason.MALFORMED, () -> {
            String t = withPayload(payload());
            return t.substring(0, 10) + "\n" + t.substring(10);
        });
        add("extra dots (4 parts)", RejectionReason.MALFORMED, () -> withPayload(payload()) + ".e30");
        add("JWE (5 parts)", RejectionReason.MALFORMED,
                () -> Jws.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d");
        add("only dots", RejectionReason.MALFORMED, () -> "..");
        // characters outside ASCII: the parts are decoded from the token's ASCII bytes, where each becomes '?'
        add("a Latin-1 letter ending the signature", RejectionReason.MALFORMED, () -> withPayload(payload()) + "\u00e9");
        add("a non-ASCII letter inside the payload", RejectionReason.MALFORMED, () -> {
            String t = withPayload(payload());
            int dot = t.indexOf('.');
            return t.substring(0, dot + 5) + "\u0141" + t.substring(dot + 5);
        });
        add("a surrogate pair before the first dot", RejectionReason.MALFORMED,
                () -> "\ud83d\ude00" + withPayload(payload()));
        add("a surrogate pair in place of the last dot", RejectionReason.MALFORMED, () -> {
            String t = withPayload(payload());
            int last = t.lastIndexOf('.');
            return t.substring(0, last) + "\ud83d\ude00" + t.substring(last + 1);
        });
        add("a fullwidth full stop for a dot", RejectionReason.MALFORMED, () -> {
            String t = withPayload(payload());
            int last = t.lastIndexOf('.');
            return t.substring(0, last) + "\uff0e" + t.substring(last + 1);
        });
        // JSON parser differentials and resource use
        add("duplicate sub in payload", RejectionReason.MALFORMED, () -> {
            String p = payload();
            return withPayload(p.substring(0, p.length() - 1) + ",\"sub\":\"admin\"}");
        });
        add("duplicate alg in header", RejectionReason.MALFORMED,
                () -> Jws.sign("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"rsa-1\"}", payload(), IDP.rsa.getPrivate(),
                        "RS256"));
        add("deep nesting in payload", RejectionReason.MALFORMED, () -> {
            String p = payload();
            return withPayload(p.substring(0, p.length() - 1) + ",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}");
        });
        add("deep nesting in header", RejectionReason.MALFORMED,
                () -> header("\"x\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40)));
        add("payload is JSON null", RejectionReason.MALFORMED, () -> withPayload("null"));
        add("payload is an array", RejectionReason.MALFORMED, () -> withPayload("[]"));
        add("payload with trailing garbage", RejectionReason.MALFORMED, () -> withPayload(payload() + "x"));
        add("payload with a comment", RejectionReason.MALFORMED, () -> withPayload("/*x*/" + payload()));
        // numbers beyond a double's range (I-JSON): an infinity in a claim would reach whatever writes claims back
        add("claim of 1e400 (an infinity)", RejectionReason.MALFORMED, () -> {
            String p = payload();
            return withPayload(p.substring(0, p.length() - 1) + ",\"x\":1e400}");
        });
        add("claim of -1e400", RejectionReason.MALFORMED, () -> {
            String p = payload();
            return withPayload(p.substring(0, p.length() - 1) + ",\"x\":-1e400}");
        });
        add("huge exponent nested in a claim's array", RejectionReason.MALFORMED, () -> {
            String p = payload();
            return withPayload(p.substring(0, p.length() - 1) + ",\"x\":{\"y\":[0,1E+999999999]}}");
        });
        add("huge exponent in the header", RejectionReason.MALFORMED, () -> header("\"x\":[1e400]"));
        add("header is not JSON", RejectionReason.MALFORMED,
                () -> Jws.sign("alg=RS256", payload(), IDP.rsa.getPrivate(), "RS256"));
        add("invalid UTF-8 in payload", RejectionReason.MALFORMED, () -> {
            byte[] p = payload().replace("user-42", "user-\u00ff").getBytes(StandardCharsets.ISO_8859_1);
            String input = Jws.b64(RS) + "." + Jws.b64(p);
            return input + "." + Jws.b64(Jws.signature(input, IDP.rsa.getPrivate(), "RS256"));
        });
        // times
        add("exp huge", RejectionReason.INVALID_CLAIM, () -> replaceClaim("exp", "100000000000000000000000000000"));
        add("exp fractional", RejectionReason.INVALID_CLAIM, () -> replaceClaim("exp", "1900000000.5"));
        add("exp as a string", RejectionReason.INVALID_CLAIM, () -> replaceClaim("exp", "\"1900000000\""));
        add("exp negative", RejectionReason.INVALID_CLAIM, () -> replaceClaim("exp", "-1"));
        add("exp in exponent notation", RejectionReason.INVALID_CLAIM, () -> replaceClaim("exp", "1.9e9"));
        add("iat fractional", RejectionReason.INVALID_CLAIM, () -> replaceClaim("iat", "1.5"));
        add("iat as a string", RejectionReason.INVALID_CLAIM, () -> replaceClaim("iat", "\"now\""));
        add("nbf as an object", RejectionReason.INVALID_CLAIM, () -> replaceClaim("nbf", "{}"));
        add("expired", RejectionReason.EXPIRED, () -> replaceClaim("exp", String.valueOf(CLOCK.instant()
                .getEpochSecond() - 61)));
        add("not yet valid", RejectionReason.NOT_YET_VALID, () -> replaceClaim("nbf", String.valueOf(CLOCK.instant()
                .getEpochSecond() + 61)));
        add("issued in the future", RejectionReason.ISSUED_IN_FUTURE, () -> replaceClaim("iat",
                String.valueOf(CLOCK.instant().getEpochSecond() + 61)));
        // missing and wrong-typed claims
        add("missing iat", RejectionReason.MISSING_CLAIM, () -> replaceClaim("iat", null));
        add("missing exp", RejectionReason.MISSING_CLAIM, () -> replaceClaim("exp", null));
        add("missing sub", RejectionReason.MISSING_CLAIM, () -> replaceClaim("sub", null));
        add("missing iss", RejectionReason.MISSING_CLAIM, () -> replaceClaim("iss", null));
        add("sub as a number", RejectionReason.INVALID_CLAIM, () -> replaceClaim("sub", "42"));
        add("sub empty", RejectionReason.INVALID_CLAIM, () -> replaceClaim("sub", "\"\""));
        add("sub of 129 bytes", RejectionReason.INVALID_CLAIM, () -> replaceClaim("sub", "\"" + "x".repeat(129) + "\""));
        add("iss as an array", RejectionReason.INVALID_CLAIM,
                () -> replaceClaim("iss", "[\"" + IDP.issuer() + "\"]"));
        add("aud as a number", RejectionReason.INVALID_CLAIM, () -> replaceClaim("aud", "7"));
        add("aud as an object", RejectionReason.INVALID_CLAIM, () -> replaceClaim("aud", "{\"client-1\":true}"));
        add("aud array with a number", RejectionReason.INVALID_CLAIM, () -> replaceClaim("aud", "[\"client-1\",1]"));
        add("aud not containing the client", RejectionReason.AUDIENCE_MISMATCH, () -> replaceClaim("aud",
                "[\"client-2\",\"client-1 \"]"));
        add("aud missing", RejectionReason.AUDIENCE_MISMATCH, () -> replaceClaim("aud", null));
        add("hex_identity of another subject", RejectionReason.IDENTITY_MISMATCH, () -> replaceClaim("hex_identity",
                "\"" + Identity.fromClaims(IDP.issuer(), "admin").toHex() + "\""));
        // issuers
        add("issuer with a trailing slash", RejectionReason.UNTRUSTED_ISSUER, () -> replaceClaim("iss",
                "\"" + IDP.issuer() + "/\""));
        add("issuer one character off", RejectionReason.UNTRUSTED_ISSUER, () -> replaceClaim("iss",
                "\"" + IDP.issuer().replace("127.0.0.1", "127.0.0.2") + "\""));
        add("issuer in another case", RejectionReason.UNTRUSTED_ISSUER, () -> replaceClaim("iss",
                "\"" + IDP.issuer().toUpperCase() + "\""));
        add("issuer with a unicode look-alike", RejectionReason.UNTRUSTED_ISSUER, () -> replaceClaim("iss",
                "\"" + IDP.issuer().replace("http", "htt\u0440") + "\""));
        add("issuer of an attacker", RejectionReason.UNTRUSTED_ISSUER, () -> replaceClaim("iss",
                "\"https://attacker.example\""));
        // size
        add("token of 2 MiB", RejectionReason.TOO_LARGE, () -> "e".repeat(2 << 20));
        add("payload just over the cap", RejectionReason.TOO_LARGE,
                () -> replaceClaim("pad", "\"" + "x".repeat(16 * 1024) + "\""));
        add("20000 dots", RejectionReason.TOO_LARGE, () -> ".".repeat(20_000));
        // key sets
        addWithKeys("signing key of 1024 bits", RejectionReason.KEY_NOT_USABLE,
                () -> IDP.publish(Keys.rsaJwk(WEAK, "weak").build()),
                () -> Jws.sign("{\"alg\":\"RS256\",\"kid\":\"weak\"}", payload(), WEAK.getPrivate(), "RS256"));
        // EC coordinates in exactly the curve's length (RFC 7518 section 6.2.1.2 and 6.2.1.3), as n and e have no
        // leading zero: one key, two encodings, must not be two verdicts
        addWithKeys("P-256 JWK x in 33 bytes (a leading zero)", RejectionReason.KEY_NOT_USABLE,
                () -> IDP.jwksResponds(WireMock.okJson("{\"keys\":[" + JwkEncodingTest.ecMember(
                        JwkEncodingTest.EcCurve.P256, "ec-1", JwkEncodingTest.octets(JwkEncodingTest.coordinate(IDP.ec, 0),
                                33), JwkEncodingTest.octets(JwkEncodingTest.coordinate(IDP.ec, 1), 32)) + "]}")),
                () -> Jws.sign(ES, payload(), IDP.ec.getPrivate(), "ES256"));
        addWithKeys("P-256 JWK y in 31 bytes", RejectionReason.KEY_NOT_USABLE, () -> {
            KeyPair shortY = JwkEncodingTest.withShort(JwkEncodingTest.EcCurve.P256, 1);
            IDP.jwksResponds(WireMock.okJson("{\"keys\":[" + JwkEncodingTest.ecMember(JwkEncodingTest.EcCurve.P256,
                    "ec-1", JwkEncodingTest.octets(JwkEncodingTest.coordinate(shortY, 0), 32),
                    JwkEncodingTest.octets(JwkEncodingTest.coordinate(shortY, 1), 31)) + "]}"));
        }, () -> Jws.sign(ES, payload(), JwkEncodingTest.withShort(JwkEncodingTest.EcCurve.P256, 1).getPrivate(), "ES256"));
        addWithKeys("JWKS of 5000 keys", RejectionReason.JWKS_UNAVAILABLE, () -> {
            StringBuilder b = new StringBuilder("{\"keys\":[");
            String one = Keys.rsaJwk(IDP.rsa, "k").build().toJSONString();
            for (int i = 0; i < 5000; i++) {
                b.append(i == 0 ? "" : ",").append(one.replace("\"kid\":\"k\"", "\"kid\":\"k" + i + "\""));
            }
            IDP.jwksResponds(WireMock.okJson(b.append("]}").toString()));
        }, () -> withPayload(payload()));
        addWithKeys("JWKS holding a private key", RejectionReason.JWKS_UNAVAILABLE,
                () -> IDP.jwksResponds(WireMock.okJson("{\"keys\":[" + new com.nimbusds.jose.jwk.RSAKey.Builder(
                        (java.security.interfaces.RSAPublicKey) IDP.rsa.getPublic()).privateKey(IDP.rsa.getPrivate())
                        .keyID("rsa-1").build().toJSONString() + "]}")),
                () -> withPayload(payload()));
        addWithKeys("JWKS holding a symmetric key", RejectionReason.JWKS_UNAVAILABLE,
                () -> IDP.jwksResponds(WireMock.okJson("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\""
                        + Jws.b64(new byte[32]) + "\"}]}")),
                () -> withPayload(payload()));
        addWithKeys("JWKS with a duplicate kid", RejectionReason.JWKS_UNAVAILABLE,
                () -> IDP.publish(Keys.rsaJwk(IDP.rsa, "rsa-1").build(), Keys.rsaJwk(TestKeys.rsa(2048), "rsa-1").build()),
                () -> withPayload(payload()));
    }

    static byte[] sig(String token) {
        return Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    }

    /** Every attack on every signature provider: the same exact reason on each. */
    @TestFactory
    Stream<DynamicTest> attacks() {
        return NativeProviders.ALL.stream().flatMap(p -> ATTACKS.stream().map(a -> DynamicTest.dynamicTest(
                "[" + p + "] " + a.name() + " -> " + a.reason(), () -> {
            IDP.reset();
            if (a.publish() != null) {
                a.publish().run();
            }
            try (TokenValidator v = p.configure(TokenValidator.builder()).trust(IDP.trust().build()).clock(CLOCK)
                    .maxTokenSize(a.maxTokenSize()).noVerifiedTokenCache().build()) {
                String token = a.token().get();
                TokenRejectedException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                        TokenRejectedException.class, () -> v.validate(token));
                ProviderAgreement.count("attack suite", p, e != null && e.reason() == a.reason());
                assertThat(e).as("token should be rejected with " + a.reason()).isNotNull();
                assertThat(e.reason()).as(e.getMessage()).isEqualTo(a.reason());
                Rejections.assertNoLeak(e, token);
            }
        })));
    }

    @Test
    void theSuiteHasAtLeastFiftyDistinctAttacks() {
        assertThat(ATTACKS).hasSizeGreaterThanOrEqualTo(50);
        assertThat(ATTACKS.stream().map(Attack::name).distinct().count()).isEqualTo(ATTACKS.size());
    }

    @Test
    void randomKidRefetchStormCostsOneFetchPerWindow() {
        IDP.reset();
        try (TokenValidator v = TokenValidator.builder().trust(IDP.trust().build()).clock(CLOCK).build()) {
            v.validate(withPayload(payload()));
            for (int i = 0; i < 1000; i++) {
                String kid = UUID.randomUUID().toString();
                assertRejected(v, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", payload(),
                        IDP.rsa.getPrivate(), "RS256"), RejectionReason.UNKNOWN_KEY);
            }
            assertThat(IDP.jwksFetches()).isEqualTo(2);
            assertThat(v.validate(withPayload(payload())).subject()).isEqualTo("user-42");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(NativeProviders.class)
    void aValidTokenPassesTheSameHarness(NativeProviders p) {
        IDP.reset();
        try (TokenValidator v = p.configure(TokenValidator.builder()).trust(IDP.trust().build()).clock(CLOCK).build()) {
            assertThat(v.validate(withPayload(payload())).subject()).isEqualTo("user-42");
            assertThat(v.validate(Jws.sign(ES, payload(), IDP.ec.getPrivate(), "ES256")).subject()).isEqualTo("user-42");
        }
    }
}
