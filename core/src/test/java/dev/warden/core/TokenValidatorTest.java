package dev.warden.core;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import io.jsonwebtoken.Jwts;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One accept or reject case per rule of the validator, each asserting the exact reason. */
class TokenValidatorTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    final FakeIssuer idp = new FakeIssuer();
    final SettableClock clock = new SettableClock(NOW);
    TokenValidator validator = validator(idp.trust());

    TokenValidator validator(TrustedIssuer.Builder issuer) {
        return TokenValidator.builder().trust(issuer.build()).clock(clock).noVerifiedTokenCache().build();
    }

    @AfterEach
    void stop() {
        validator.close();
        idp.close();
    }

    @Nested
    class Accepts {
        @Test
        void rs256FromDiscovery() {
            String token = idp.rs256(NOW);
            VerifiedToken t = validator.validate(token);
            assertThat(t.issuer()).isEqualTo(idp.issuer());
            assertThat(t.subject()).isEqualTo("user-42");
            assertThat(t.audience()).containsExactly(FakeIssuer.AUDIENCE);
            assertThat(t.identity()).isEqualTo(Identity.fromClaims(idp.issuer(), "user-42"));
            assertThat(t.algorithm()).isEqualTo(SignatureAlgorithm.RS256);
            assertThat(t.keyId()).contains("rsa-1");
            assertThat(t.expiresAt()).contains(NOW.plusSeconds(600));
            assertThat(t.issuedAt()).contains(NOW);
            assertThat(t.claims()).containsEntry("sub", "user-42");
            assertThat(t.rawPayload()).contains("\"sub\":\"user-42\"");
            assertThat(t.toString()).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .doesNotContain(token.substring(0, token.indexOf('.')));
        }

        @Test
        void es256Ps256AndEdDsa() {
            assertThat(validator.validate(idp.es256(NOW)).algorithm()).isEqualTo(SignatureAlgorithm.ES256);
            assertThat(validator.validate(idp.ps256(NOW)).algorithm()).isEqualTo(SignatureAlgorithm.PS256);
            assertThat(validator.validate(idp.eddsa(NOW)).algorithm()).isEqualTo(SignatureAlgorithm.EdDSA);
        }

        @Test
        void explicitJwksUriWithoutDiscovery() {
            validator = validator(idp.trust().jwksUri(URI.create(idp.issuer() + FakeIssuer.JWKS_PATH)));
            assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
            assertThat(idp.server.getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl()
                    .equals(FakeIssuer.DISCOVERY_PATH));
        }

        @Test
        void staticKeysWithoutAnyFetch() {
            validator = validator(TrustedIssuer.builder(idp.issuer()).audiences(FakeIssuer.AUDIENCE)
                    .staticKey("rsa-1", idp.rsa.getPublic()));
            assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
            assertThat(idp.jwksFetches()).isZero();
        }

        @Test
        void audienceArrayContainingTheClientAndAnyAudienceWhenExplicit() {
            String token = idp.rs256(NOW, b -> b.audience().add("other").and());
            assertThat(validator.validate(token).audience()).containsExactlyInAnyOrder(FakeIssuer.AUDIENCE, "other");
            validator = validator(TrustedIssuer.builder(idp.issuer()).anyAudience());
            assertThat(validator.validate(idp.rawRs256(idp.payload(NOW, "").replace("\"client-1\"", "\"someone-else\""))).audience())
                    .containsExactly("someone-else");
        }

        @Test
        void timesWithinTheClockSkew() {
            clock.advance(Duration.ofSeconds(600 + 60));
            assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
            String future = idp.rs256(NOW.plusSeconds(60), b -> b.notBefore(Date.from(NOW.plusSeconds(60))));
            clock.advance(Duration.ofSeconds(-660));
            assertThat(validator.validate(future).notBefore()).contains(NOW.plusSeconds(60));
        }

        /**
         * RFC 7519 section 2: a NumericDate may be a non-integer. {@code nbf} (which SpacetimeDB does not read)
         * is accepted so (to a double's precision, a quarter of a microsecond today); {@code exp} and
         * {@code iat} stay whole seconds, as SpacetimeDB reads them.
         */
        @ParameterizedTest
        @ValueSource(strings = {"%d.0:0", "%d.25:250000000", "%d.125:125000000", "%de0:0", "%d.5e0:500000000",
            "%d0e-1:0", "%d.75E+0:750000000"})
        void notBeforeMayHaveAFraction(String formatAndNanos) {
            long t = NOW.getEpochSecond();
            String[] parts = formatAndNanos.split(":");
            String nbf = String.format(java.util.Locale.ROOT, parts[0], t - 1);
            VerifiedToken v = validator.validate(idp.rawRs256(idp.payload(NOW, "\"nbf\":" + nbf)));
            assertThat(v.notBefore()).contains(Instant.ofEpochSecond(t - 1, Long.parseLong(parts[1])));
        }

        @Test
        void aFractionalNotBeforeIsCheckedToTheNanosecond() {
            long t = NOW.getEpochSecond();
            assertThat(validator.validate(idp.rawRs256(idp.payload(NOW, "\"nbf\":" + (t + 60) + ".0"))).notBefore())
                    .contains(NOW.plusSeconds(60));
            assertRejected(validator, idp.rawRs256(idp.payload(NOW, "\"nbf\":" + (t + 60) + ".5")),
                    RejectionReason.NOT_YET_VALID);
            clock.advance(Duration.ofMillis(500));
            assertThat(validator.validate(idp.rawRs256(idp.payload(NOW, "\"nbf\":" + (t + 60) + ".5"))).notBefore())
                    .contains(NOW.plusMillis(60_500));
        }

        @Test
        void matchingHexIdentityAndAzp() {
            validator = validator(idp.trust().authorizedParty("client-1"));
            String hex = Identity.fromClaims(idp.issuer(), "user-42").toHex();
            VerifiedToken t = validator.validate(idp.rs256(NOW, b -> b.claim("hex_identity", hex).claim("azp", "client-1")));
            assertThat(t.authorizedParty()).contains("client-1");
        }

        @Test
        void hs256OnlyWithAnExplicitSecret() {
            byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            validator = validator(TrustedIssuer.builder(idp.issuer()).audiences(FakeIssuer.AUDIENCE).hmacSecret(secret));
            String token = Jws.hmac("{\"alg\":\"HS256\"}", idp.payload(NOW, ""), secret);
            assertThat(validator.validate(token).algorithm()).isEqualTo(SignatureAlgorithm.HS256);
            // a secret alone makes an HS256-only issuer: an RS256 token is refused without any fetch
            assertRejected(validator, idp.rs256(NOW), RejectionReason.UNSUPPORTED_ALGORITHM);
            assertThat(idp.server.getAllServeEvents()).isEmpty();
        }

        @Test
        void tokenWithoutKidIsTriedAgainstMatchingKeys() {
            String token = idp.base(NOW).signWith(idp.ec.getPrivate(), Jwts.SIG.ES256).compact();
            assertThat(validator.validate(token).keyId()).isEmpty();
        }
    }

    @Nested
    class Malformed {
        @ParameterizedTest
        @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "a.b.c.d.e", "{\"payload\":\"x\"}", "...", "e30.e30."})
        void notACompactJws(String token) {
            assertRejected(validator, token, RejectionReason.MALFORMED);
        }

        @Test
        void nullToken() {
            assertRejected(validator, null, RejectionReason.MALFORMED);
        }

        @Test
        void nonCanonicalBase64() {
            String token = idp.rs256(NOW);
            assertRejected(validator, token.replaceFirst("\\.", "=."), RejectionReason.MALFORMED);
            assertRejected(validator, " " + token, RejectionReason.MALFORMED);
            assertRejected(validator, token.replace('-', '+'), token.contains("-") ? RejectionReason.MALFORMED
                    : RejectionReason.BAD_SIGNATURE);
            // last character with non-zero unused bits: "eyJ" header stays the same bytes under lenient decoders
            String header = Jws.b64("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}");
            String rest = token.substring(token.indexOf('.'));
            char last = header.charAt(header.length() - 1);
            if (header.length() % 4 != 0) {
                String tweaked = header.substring(0, header.length() - 1) + (char) (last + 1);
                assertRejected(validator, tweaked + rest, RejectionReason.MALFORMED);
            }
        }

        @Test
        void duplicateKeysInPayloadOrHeader() {
            String payload = idp.payload(NOW, "\"sub\":\"admin\"");
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", payload, idp.rsa.getPrivate(),
                    "RS256"), RejectionReason.MALFORMED);
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"rsa-1\"}",
                    idp.payload(NOW, ""), idp.rsa.getPrivate(), "RS256"), RejectionReason.MALFORMED);
        }

        /**
         * A number beyond a double's range (I-JSON, RFC 7493 section 2.2) would be read as an infinity that
         * nothing downstream can write back as JSON: refused where the payload or header is parsed, at any depth.
         */
        @ParameterizedTest
        @ValueSource(strings = {"\"x\":1e400", "\"x\":-1e400", "\"x\":1.8e308", "\"exp\":1e400",
            "\"x\":{\"y\":[1,2E+999999999]}", "\"x\":[[-0.5e400]]"})
        void numbersBeyondADoubleAreMalformed(String member) {
            String name = member.substring(1, member.indexOf('"', 1));
            String payload = idp.payload(NOW, "").replaceFirst(",\"" + name + "\":[0-9]+", "");
            payload = payload.substring(0, payload.length() - 1) + "," + member + "}";
            TokenRejectedException e = assertRejected(validator, idp.rawRs256(payload), RejectionReason.MALFORMED);
            assertThat(e.getMessage()).isEqualTo("MALFORMED: payload is not a strict JSON object");
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"," + member + "}",
                    idp.payload(NOW, ""), idp.rsa.getPrivate(), "RS256"), RejectionReason.MALFORMED);
        }

        @Test
        void numbersAtTheEdgesOfADoubleAreFinite() {
            VerifiedToken t = validator.validate(idp.rawRs256(idp.payload(NOW,
                    "\"max\":1.7976931348623157e308,\"min\":-1.7976931348623157E+308,\"tiny\":1e-400")));
            assertThat(t.claims()).containsEntry("max", Double.MAX_VALUE).containsEntry("min", -Double.MAX_VALUE)
                    .containsEntry("tiny", 0.0);
        }

        @Test
        void deepNestingIsATypedRejection() {
            String deep = "\"x\":" + "[".repeat(100_000) + "]".repeat(100_000);
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", idp.payload(NOW, deep),
                    idp.rsa.getPrivate(), "RS256"), RejectionReason.TOO_LARGE);
            validator = TokenValidator.builder().trust(idp.trust().build()).clock(clock).maxTokenSize(1 << 20).build();
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", idp.payload(NOW, deep),
                    idp.rsa.getPrivate(), "RS256"), RejectionReason.MALFORMED);
        }

        @Test
        void payloadNotAnObject() {
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "[1,2]", idp.rsa.getPrivate(),
                    "RS256"), RejectionReason.MALFORMED);
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", "hello", idp.rsa.getPrivate(),
                    "RS256"), RejectionReason.MALFORMED);
        }

        @Test
        void headerWithoutAlgOrWithNonStringKid() {
            assertRejected(validator, Jws.sign("{\"kid\":\"rsa-1\"}", idp.payload(NOW, ""), idp.rsa.getPrivate(),
                    "RS256"), RejectionReason.MALFORMED);
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":7}", idp.payload(NOW, ""),
                    idp.rsa.getPrivate(), "RS256"), RejectionReason.MALFORMED);
        }

        @Test
        void tooLargeIsCheckedBeforeParsing() {
            String huge = "x".repeat(16 * 1024 + 1);
            TokenRejectedException e = assertRejected(validator, huge, RejectionReason.TOO_LARGE);
            assertThat(e.getMessage()).contains("16385");
            String manyDots = ".".repeat(20_000);
            assertRejected(validator, manyDots, RejectionReason.TOO_LARGE);
        }
    }

    @Nested
    class Algorithms {
        @ParameterizedTest
        @ValueSource(strings = {"none", "None", "NONE", "nOnE", "", "RS256 ", "HS999", "ES256K"})
        void algNoneInAnyCaseAndUnknownAlgorithms(String alg) {
            String token = Jws.b64("{\"alg\":\"" + alg + "\"}") + "." + Jws.b64(idp.payload(NOW, "")) + ".";
            assertRejected(validator, token, RejectionReason.UNSUPPORTED_ALGORITHM);
            assertRejected(validator, token + "c2ln", RejectionReason.UNSUPPORTED_ALGORITHM);
        }

        @Test
        void emptySignatureOfARealAlgorithm() {
            String token = idp.rs256(NOW);
            assertRejected(validator, token.substring(0, token.lastIndexOf('.') + 1), RejectionReason.BAD_SIGNATURE);
        }

        @Test
        void hs256KeyedWithThePublicKeyIsRefused() {
            byte[] publicKeyBytes = idp.rsa.getPublic().getEncoded();
            String token = Jws.hmac("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", idp.payload(NOW, ""), publicKeyBytes);
            assertRejected(validator, token, RejectionReason.UNSUPPORTED_ALGORITHM);
        }

        @Test
        void algorithmNotAllowedForTheIssuer() {
            validator = validator(idp.trust().algorithms(SignatureAlgorithm.ES256));
            assertRejected(validator, idp.rs256(NOW), RejectionReason.UNSUPPORTED_ALGORITHM);
        }

        @ParameterizedTest
        @ValueSource(strings = {"crit", "b64", "zip", "jwk", "jku", "x5u", "x5c"})
        void refusedHeaders(String header) {
            String value = header.equals("crit") ? "[\"exp\"]" : header.equals("b64") ? "false"
                    : header.equals("x5c") ? "[\"MIIB\"]" : header.equals("jwk") ? "{\"kty\":\"oct\",\"k\":\"AAAA\"}"
                    : "\"https://attacker.example/x\"";
            String token = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"" + header + "\":" + value + "}",
                    idp.payload(NOW, ""), idp.rsa.getPrivate(), "RS256");
            assertRejected(validator, token, RejectionReason.UNSUPPORTED_HEADER);
            assertThat(idp.server.getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().contains("attacker"));
        }

        @Test
        void encryptedTokens() {
            String jwe = Jws.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d";
            assertRejected(validator, jwe, RejectionReason.MALFORMED);
        }
    }

    @Nested
    class Signatures {
        @Test
        void tamperedPayload() {
            String token = idp.rs256(NOW);
            String[] p = token.split("\\.");
            String forged = p[0] + "." + Jws.b64(idp.payload(NOW, "\"role\":\"admin\"")) + "." + p[2];
            assertRejected(validator, forged, RejectionReason.BAD_SIGNATURE);
        }

        @Test
        void signedByAnotherKeyUnderAKnownKid() {
            KeyPair other = TestKeys.rsa(2048);
            String token = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", idp.payload(NOW, ""), other.getPrivate(),
                    "RS256");
            assertRejected(validator, token, RejectionReason.BAD_SIGNATURE);
        }

        @Test
        void psychicEcdsaSignatures() {
            String token = idp.es256(NOW);
            BigInteger n = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
            assertRejected(validator, Jws.withSignature(token, new byte[64]), RejectionReason.BAD_SIGNATURE);
            assertRejected(validator, Jws.withSignature(token, Jws.p1363(n, n)), RejectionReason.BAD_SIGNATURE);
            assertRejected(validator, Jws.withSignature(token, Jws.p1363(BigInteger.ONE, BigInteger.ZERO)),
                    RejectionReason.BAD_SIGNATURE);
        }

        @Test
        void ecdsaSignatureNotExactly64Bytes() {
            String token = idp.es256(NOW);
            byte[] sig = java.util.Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
            byte[] longer = java.util.Arrays.copyOf(sig, 65);
            assertRejected(validator, Jws.withSignature(token, longer), RejectionReason.BAD_SIGNATURE);
            byte[] padded = new byte[66];
            System.arraycopy(sig, 0, padded, 1, 32);
            System.arraycopy(sig, 32, padded, 34, 32);
            assertRejected(validator, Jws.withSignature(token, padded), RejectionReason.BAD_SIGNATURE);
            assertRejected(validator, Jws.withSignature(token, java.util.Arrays.copyOf(sig, 63)),
                    RejectionReason.BAD_SIGNATURE);
        }
    }

    @Nested
    class KeyRules {
        @Test
        void keyDeclaringAnotherAlgOnlyVerifiesThatAlg() {
            idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").algorithm(JWSAlgorithm.RS256).build());
            assertThat(validator.validate(idp.rs256(NOW)).algorithm()).isEqualTo(SignatureAlgorithm.RS256);
            assertRejected(validator, idp.ps256(NOW), RejectionReason.KEY_NOT_USABLE);
        }

        @Test
        void encryptionKeysAreNeverUsed() {
            idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").keyUse(KeyUse.ENCRYPTION).build());
            assertRejected(validator, idp.rs256(NOW), RejectionReason.KEY_NOT_USABLE);
        }

        @Test
        void keyOpsWithoutVerify() {
            idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").keyOperations(Set.of(KeyOperation.ENCRYPT)).build());
            assertRejected(validator, idp.rs256(NOW), RejectionReason.KEY_NOT_USABLE);
        }

        @Test
        void rsaKeysUnder2048Bits() {
            KeyPair weak = TestKeys.rsa(1024);
            idp.publish(Keys.rsaJwk(weak, "weak").build());
            String token = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"weak\"}", idp.payload(NOW, ""), weak.getPrivate(),
                    "RS256");
            TokenRejectedException e = assertRejected(validator, token, RejectionReason.KEY_NOT_USABLE);
            assertThat(e.getMessage()).contains("1024 bits");
        }

        @Test
        void keyOfTheWrongTypeForTheAlgorithm() {
            String token = Jws.sign("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}", idp.payload(NOW, ""),
                    idp.ec.getPrivate(), "ES256");
            assertRejected(validator, token, RejectionReason.KEY_NOT_USABLE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"../../etc/passwd", "' OR '1'='1", "*", "rsa-*", "RSA-1", "rsa-1 ", "rsa-1\u0000"})
        void kidIsAnOpaqueExactMatch(String kid) {
            String quoted = "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                    .quoteAsString(kid)) + "\"";
            String real = Jws.sign("{\"alg\":\"RS256\",\"kid\":" + quoted + "}", idp.payload(NOW, ""),
                    idp.rsa.getPrivate(), "RS256");
            assertRejected(validator, real, RejectionReason.UNKNOWN_KEY);
        }

        @Test
        void unknownKidAfterTheRefetch() {
            String token = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"nope\"}", idp.payload(NOW, ""),
                    idp.rsa.getPrivate(), "RS256");
            TokenRejectedException e = assertRejected(validator, token, RejectionReason.UNKNOWN_KEY);
            assertThat(e.getMessage()).contains("'nope'");
            assertThat(e.issuer()).contains(idp.issuer());
        }
    }

    @Nested
    class Claims {
        @Test
        void untrustedIssuerEvenOneCharacterOff() {
            assertRejected(validator, idp.rs256(NOW, b -> b.issuer(idp.issuer() + "/")), RejectionReason.UNTRUSTED_ISSUER);
            assertRejected(validator, idp.rs256(NOW, b -> b.issuer(idp.issuer().replace("127", "128"))),
                    RejectionReason.UNTRUSTED_ISSUER);
            assertThat(idp.jwksFetches()).isZero();
        }

        @Test
        void audienceMismatchAndMissing() {
            assertRejected(validator, idp.rawRs256(idp.payload(NOW, "").replace("\"client-1\"", "\"other\"")), RejectionReason.AUDIENCE_MISMATCH);
            String noAud = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    idp.payload(NOW, "").replace(",\"aud\":\"client-1\"", ""), idp.rsa.getPrivate(), "RS256");
            assertRejected(validator, noAud, RejectionReason.AUDIENCE_MISMATCH);
        }

        @Test
        void rejectionsNameWhatWasFoundButNeverTheConfiguration() {
            String other = Identity.fromClaims(idp.issuer(), "someone-else").toHex();
            String own = Identity.fromClaims(idp.issuer(), "user-42").toHex();
            String noAud = idp.rawRs256(idp.payload(NOW, "").replace(",\"aud\":\"client-1\"", ""));
            assertThat(assertRejected(validator, idp.rawRs256(idp.payload(NOW, "").replace("\"client-1\"",
                    "[\"other\",\"x\\ny\"]")), RejectionReason.AUDIENCE_MISMATCH).getMessage())
                    .endsWith("aud ['other', 'x\\u000ay'] names none of the accepted audiences")
                    .doesNotContain("client-1");
            assertThat(assertRejected(validator, noAud, RejectionReason.AUDIENCE_MISMATCH).getMessage())
                    .endsWith("token has no aud").doesNotContain("client-1");
            assertThat(assertRejected(validator, idp.rs256(NOW, b -> b.issuer("https://evil.example")),
                    RejectionReason.UNTRUSTED_ISSUER).getMessage())
                    .endsWith("issuer 'https://evil.example' is not trusted").doesNotContain(idp.issuer());
            assertThat(assertRejected(validator, idp.rs256(NOW, b -> b.claim("hex_identity", other)),
                    RejectionReason.IDENTITY_MISMATCH).getMessage())
                    .endsWith("hex_identity '" + other + "' is not '" + own + "', the identity of iss and sub");
            assertThat(assertRejected(validator, idp.rs256(NOW, b -> b.claim("hex_identity", "c200")),
                    RejectionReason.INVALID_CLAIM).getMessage())
                    .endsWith("hex_identity 'c200' is not 32 bytes of hex");
            assertThat(assertRejected(validator, idp.rs256(NOW, b -> b.claim("azp", 7)),
                    RejectionReason.INVALID_CLAIM).getMessage()).endsWith("azp is an integer, expected a string");
            validator = validator(idp.trust().authorizedParty("client-1"));
            assertThat(assertRejected(validator, idp.rs256(NOW, b -> b.claim("azp", "client-2")),
                    RejectionReason.INVALID_CLAIM).getMessage())
                    .endsWith("azp 'client-2' is not the authorized party").doesNotContain("client-1");
        }

        @Test
        void aLongAudienceListIsNamedOnlyInPart() {
            StringBuilder aud = new StringBuilder("[");
            for (int i = 0; i < 1000; i++) {
                aud.append(i == 0 ? "" : ",").append("\"aud-").append(i).append('"');
            }
            String token = idp.rawRs256(idp.payload(NOW, "").replace("\"client-1\"", aud.append("]").toString()));
            String message = assertRejected(validator, token, RejectionReason.AUDIENCE_MISMATCH).getMessage();
            assertThat(message).contains("aud ['aud-0', 'aud-1', 'aud-2', 'aud-3', 'aud-4', ... (1000 in all)]")
                    .doesNotContain("aud-5").hasSizeLessThan(200);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"aud\":5", "\"aud\":{\"a\":1}", "\"aud\":[\"client-1\",5]", "\"aud\":null"})
        void audienceOfTheWrongType(String aud) {
            String payload = idp.payload(NOW, "").replace("\"aud\":\"client-1\"", aud);
            assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", payload, idp.rsa.getPrivate(),
                    "RS256"), RejectionReason.INVALID_CLAIM);
        }

        @Test
        void expiredNotYetValidAndIssuedInTheFuture() {
            clock.advance(Duration.ofSeconds(600 + 61));
            assertRejected(validator, idp.rs256(NOW), RejectionReason.EXPIRED);
            clock.advance(Duration.ofSeconds(-661));
            assertRejected(validator, idp.rs256(NOW, b -> b.notBefore(Date.from(NOW.plusSeconds(61)))),
                    RejectionReason.NOT_YET_VALID);
            assertRejected(validator, idp.rs256(NOW.plusSeconds(61)), RejectionReason.ISSUED_IN_FUTURE);
        }

        @Test
        void missingClaims() {
            assertRejected(validator, idp.rs256(NOW, b -> b.subject(null)), RejectionReason.MISSING_CLAIM);
            assertRejected(validator, idp.rs256(NOW, b -> b.expiration(null)), RejectionReason.MISSING_CLAIM);
            assertRejected(validator, idp.rs256(NOW, b -> b.issuedAt(null)), RejectionReason.MISSING_CLAIM);
            String noIss = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    idp.payload(NOW, "").replace("\"iss\":\"" + idp.issuer() + "\",", ""), idp.rsa.getPrivate(), "RS256");
            assertRejected(validator, noIss, RejectionReason.MISSING_CLAIM);
            validator = validator(idp.trust().requiredClaims("tenant_id"));
            TokenRejectedException e = assertRejected(validator, idp.rs256(NOW), RejectionReason.MISSING_CLAIM);
            assertThat(e.getMessage()).contains("tenant_id");
            assertThat(validator.validate(idp.rs256(NOW, b -> b.claim("tenant_id", "t1"))).claims())
                    .containsEntry("tenant_id", "t1");
        }

        @Test
        void expirationOptionalOnlyWhenConfigured() {
            validator = validator(idp.trust().requireExpiration(false));
            assertThat(validator.validate(idp.rs256(NOW, b -> b.expiration(null))).expiresAt()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"exp\":1.5e9", "\"exp\":\"1900000000\"",
            "\"exp\":123456789012345678901234567890", "\"exp\":-1", "\"exp\":true", "\"iat\":1.5",
            "\"nbf\":\"now\"", "\"exp\":253402300800", "\"iat\":1795348800.0", "\"exp\":1795349400.0",
            "\"nbf\":-0.5", "\"nbf\":253402300799.5", "\"nbf\":1e20", "\"nbf\":123456789012345678901234567890"})
        void timesThatAreNotWholeSecondsInRange(String member) {
            String name = member.substring(1, member.indexOf('"', 1));
            String payload = idp.payload(NOW, "").replaceFirst(",\"" + name + "\":[0-9]+", "");
            payload = payload.substring(0, payload.length() - 1) + "," + member + "}";
            String token = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", payload, idp.rsa.getPrivate(), "RS256");
            assertRejected(validator, token, RejectionReason.INVALID_CLAIM);
        }

        @Test
        void identifiersMustBeNonEmptyStringsOfAtMost128Bytes() {
            assertRejected(validator, idp.rs256(NOW, b -> b.subject("x".repeat(129))), RejectionReason.INVALID_CLAIM);
            assertRejected(validator, idp.rs256(NOW, b -> b.subject("é".repeat(65))), RejectionReason.INVALID_CLAIM);
            assertThat(validator.validate(idp.rs256(NOW, b -> b.subject("é".repeat(64)))).subject()).hasSize(64);
            String emptySub = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    idp.payload(NOW, "").replace("\"sub\":\"user-42\"", "\"sub\":\"\""), idp.rsa.getPrivate(), "RS256");
            assertRejected(validator, emptySub, RejectionReason.INVALID_CLAIM);
            String numericSub = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    idp.payload(NOW, "").replace("\"sub\":\"user-42\"", "\"sub\":42"), idp.rsa.getPrivate(), "RS256");
            assertRejected(validator, numericSub, RejectionReason.INVALID_CLAIM);
            String numericIss = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                    idp.payload(NOW, "").replace("\"iss\":\"" + idp.issuer() + "\"", "\"iss\":1"), idp.rsa.getPrivate(),
                    "RS256");
            assertRejected(validator, numericIss, RejectionReason.INVALID_CLAIM);
        }

        @Test
        void hexIdentityMustMatch() {
            String other = Identity.fromClaims(idp.issuer(), "someone-else").toHex();
            assertRejected(validator, idp.rs256(NOW, b -> b.claim("hex_identity", other)),
                    RejectionReason.IDENTITY_MISMATCH);
            assertRejected(validator, idp.rs256(NOW, b -> b.claim("hex_identity", "c200")), RejectionReason.INVALID_CLAIM);
            assertRejected(validator, idp.rs256(NOW, b -> b.claim("hex_identity", 5)), RejectionReason.INVALID_CLAIM);
        }

        @Test
        void aJsonNullClaimIsPresentAndOfTheWrongType() {
            for (String name : new String[] {"sub", "exp", "nbf", "iat", "azp", "hex_identity"}) {
                String payload = idp.payload(NOW, "").replaceFirst(",\"" + name + "\":(\"[^\"]*\"|[0-9]+)", "");
                payload = payload.substring(0, payload.length() - 1) + ",\"" + name + "\":null}";
                assertRejected(validator, idp.rawRs256(payload), RejectionReason.INVALID_CLAIM);
            }
            String nullIss = idp.payload(NOW, "").replace("\"iss\":\"" + idp.issuer() + "\"", "\"iss\":null");
            assertRejected(validator, idp.rawRs256(nullIss), RejectionReason.INVALID_CLAIM);
            validator = validator(idp.trust().requiredClaims("tenant_id"));
            assertRejected(validator, idp.rawRs256(idp.payload(NOW, "\"tenant_id\":null")), RejectionReason.MISSING_CLAIM);
        }

        @Test
        void claimsArePlainImmutableJavaValuesInTokenOrder() {
            VerifiedToken t = validator.validate(idp.rawRs256(idp.payload(NOW, "\"n\":null,\"b\":true,\"i\":7,"
                    + "\"big\":123456789012345678901234567890,\"d\":1.5,\"e\":1e3,\"o\":{\"l\":[\"x\",{\"y\":false}]}")));
            assertThat(t.claims()).containsKeys("n").containsEntry("b", true).containsEntry("i", 7L)
                    .containsEntry("big", new BigInteger("123456789012345678901234567890"))
                    .containsEntry("d", 1.5).containsEntry("e", 1000.0)
                    .containsEntry("o", Map.of("l", List.of("x", Map.of("y", false))));
            assertThat(t.claims().get("n")).isNull();
            assertThat(t.claims().keySet()).containsExactly("iss", "sub", "aud", "iat", "exp", "n", "b", "i", "big",
                    "d", "e", "o");
            assertThatThrownBy(() -> t.claims().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            Map<?, ?> o = (Map<?, ?>) t.claims().get("o");
            assertThatThrownBy(() -> ((List<?>) o.get("l")).clear())
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void aCachedTokenKeepsTheClaimsParsedAtVerification() {
            validator.close();
            validator = TokenValidator.builder().trust(idp.trust().build()).clock(clock).build();
            String token = idp.rs256(NOW, b -> b.claim("tenant_id", "t1"));
            VerifiedToken first = validator.validate(token);
            VerifiedToken again = validator.validate(token);
            assertThat(again).isSameAs(first);
            assertThat(again.claims()).isSameAs(first.claims()).containsEntry("tenant_id", "t1");
        }

        @Test
        void authorizedPartyWhenConfigured() {
            validator = validator(idp.trust().authorizedParty("client-1"));
            assertRejected(validator, idp.rs256(NOW), RejectionReason.INVALID_CLAIM);
            assertRejected(validator, idp.rs256(NOW, b -> b.claim("azp", "client-2")), RejectionReason.INVALID_CLAIM);
        }
    }

    @Nested
    class Configuration {
        @Test
        void audiencesAreRequiredUnlessTurnedOffExplicitly() {
            assertThatThrownBy(() -> TrustedIssuer.builder("https://idp.example").build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("anyAudience()");
            assertThatThrownBy(() -> TrustedIssuer.builder("https://idp.example").audiences("a").anyAudience().build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("contradict");
        }

        @Test
        void urlsMustBeHttpsExceptOnLoopback() {
            assertThatThrownBy(() -> TrustedIssuer.builder("http://idp.example").audiences("a").build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("https");
            assertThatThrownBy(() -> TrustedIssuer.builder("https://idp.example").audiences("a")
                    .jwksUri(URI.create("http://10.0.0.1/jwks")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
            assertThatThrownBy(() -> TrustedIssuer.builder("https://idp.example").audiences("a")
                    .jwksUri(URI.create("http://localhost.evil.example/jwks")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> TrustedIssuer.builder("localhost").audiences("a").build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("staticKeys");
            assertThat(TrustedIssuer.builder("http://localhost:3000").audiences("a").build().discoveryUri())
                    .hasToString("http://localhost:3000/.well-known/openid-configuration");
            assertThat(TrustedIssuer.builder("https://idp.example/").audiences("a").build().discoveryUri())
                    .hasToString("https://idp.example/.well-known/openid-configuration");
            assertThat(TrustedIssuer.builder("http://[::1]:8080").audiences("a").build().issuer())
                    .isEqualTo("http://[::1]:8080");
        }

        @Test
        void hmacNeedsASecretAndTheSecretNeedsLength() {
            assertThatThrownBy(() -> TrustedIssuer.builder("https://idp.example").audiences("a")
                    .algorithms(SignatureAlgorithm.HS256).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("hmacSecret");
            assertThatThrownBy(() -> TrustedIssuer.builder("https://idp.example").hmacSecret(new byte[16]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        }

        @Test
        void validatorSettingsAreChecked() {
            assertThatThrownBy(() -> TokenValidator.builder().build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("trust at least one issuer");
            TrustedIssuer ti = idp.trust().build();
            assertThatThrownBy(() -> TokenValidator.builder().trust(ti).trust(ti))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already trusted");
            assertThatThrownBy(() -> TokenValidator.builder().clockSkew(Duration.ofMinutes(6)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clockSkew");
            assertThatThrownBy(() -> TokenValidator.builder().maxTokenSize(10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokenSize");
            assertThatThrownBy(() -> idp.trust().refreshAhead(Duration.ofMinutes(10)).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("refreshAhead");
        }

        @Test
        void trustedIssuerExposesItsSettings() {
            TrustedIssuer ti = idp.trust().build();
            assertThat(ti.algorithms()).containsExactlyInAnyOrder(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256,
                    SignatureAlgorithm.PS256, SignatureAlgorithm.EdDSA);
            assertThat(ti.keySource()).isEqualTo(TrustedIssuer.KeySource.DISCOVERY);
            assertThat(ti.audiences()).containsExactly(FakeIssuer.AUDIENCE);
            assertThat(ti.requiresExpiration()).isTrue();
            assertThat(ti.toString()).contains(idp.issuer());
            assertThat(validator.trustedIssuers()).containsExactly(idp.issuer());
            assertThat(List.copyOf(ti.requiredClaims())).isEmpty();
        }
    }
}
