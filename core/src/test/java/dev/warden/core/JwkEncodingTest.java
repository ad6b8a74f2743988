package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.TestKeys;
import io.jsonwebtoken.Jwts;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a JWK is written (third security review): EC coordinates and OKP keys in exactly their full length,
 * {@code key_ops} without duplicates, and the same verdict for a key set fetched from the issuer and the same
 * document given to {@code staticKeys}: both go through the one strict parser.
 */
class JwkEncodingTest extends FakeIssuerTest {

    static final Instant NOW = TokenValidatorTest.NOW;

    /** Where the issuer's keys come from: its published JWKS, or the same document given to {@code staticKeys}. */
    enum Source {
        FETCHED, STATIC
    }

    /** Builds the validator over a JWKS document holding the issuer's RSA key and {@code member}. */
    TokenValidator validatorWith(Source source, String member) {
        String doc = "{\"keys\":[" + Keys.rsaJwk(idp.rsa, "rsa-1").build().toJSONString() + "," + member + "]}";
        TrustedIssuer.Builder issuer = idp.trust().algorithms(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256,
                SignatureAlgorithm.ES384, SignatureAlgorithm.ES512, SignatureAlgorithm.EdDSA);
        if (source == Source.FETCHED) {
            idp.jwksResponds(WireMock.okJson(doc));
        } else {
            issuer.staticKeys(doc);
        }
        validator = TokenValidator.builder().trust(issuer.build()).clock(clock).noVerifiedTokenCache().build();
        return validator;
    }

    // ---- EC coordinates: exactly the curve's field size (RFC 7518 sections 6.2.1.2 and 6.2.1.3) ----

    /** A supported curve: its JOSE name, JCA name, coordinate length and algorithm. */
    enum EcCurve {
        P256("P-256", "secp256r1", 32, Jwts.SIG.ES256),
        P384("P-384", "secp384r1", 48, Jwts.SIG.ES384),
        P521("P-521", "secp521r1", 66, Jwts.SIG.ES512);

        final String jose;
        final String jca;
        final int octets;
        final io.jsonwebtoken.security.SignatureAlgorithm alg;

        EcCurve(String jose, String jca, int octets, io.jsonwebtoken.security.SignatureAlgorithm alg) {
            this.jose = jose;
            this.jca = jca;
            this.octets = octets;
            this.alg = alg;
        }
    }

    /** Key pairs whose x (index 0) or y (index 1) fits in one octet less than the curve's, made once. */
    static final Map<String, KeyPair> SHORT = new ConcurrentHashMap<>();

    static KeyPair withShort(EcCurve curve, int coordinate) {
        return SHORT.computeIfAbsent(curve + "/" + coordinate, k -> {
            for (int i = 0; i < 100_000; i++) {
                KeyPair kp = TestKeys.ec(curve.jca);
                if (coordinate(kp, coordinate).bitLength() <= 8 * (curve.octets - 1)) {
                    return kp;
                }
            }
            throw new AssertionError("no " + curve + " key with a short coordinate in 100000 tries");
        });
    }

    static BigInteger coordinate(KeyPair kp, int index) {
        java.security.spec.ECPoint w = ((ECPublicKey) kp.getPublic()).getW();
        return index == 0 ? w.getAffineX() : w.getAffineY();
    }

    /** @return the value big-endian in exactly {@code length} octets (it must fit) */
    static byte[] octets(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        int start = raw[0] == 0 ? 1 : 0;
        assertThat(raw.length - start).isLessThanOrEqualTo(length);
        byte[] out = new byte[length];
        System.arraycopy(raw, start, out, length - (raw.length - start), raw.length - start);
        return out;
    }

    static String ecMember(EcCurve curve, String kid, byte[] x, byte[] y) {
        return "{\"kty\":\"EC\",\"crv\":\"" + curve.jose + "\",\"kid\":\"" + kid + "\",\"x\":\"" + Jws.b64(x)
                + "\",\"y\":\"" + Jws.b64(y) + "\"}";
    }

    String signed(KeyPair kp, String kid, io.jsonwebtoken.security.SignatureAlgorithm alg) {
        return idp.base(NOW).header().keyId(kid).and().signWith(kp.getPrivate(), alg).compact();
    }

    static Stream<Arguments> coordinatesOfTheWrongLength() {
        List<Arguments> out = new ArrayList<>();
        for (Source source : Source.values()) {
            for (EcCurve curve : EcCurve.values()) {
                for (int coordinate = 0; coordinate < 2; coordinate++) {
                    for (int delta : new int[] {1, -1}) {
                        out.add(Arguments.of(source, curve, coordinate == 0 ? "x" : "y", delta));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} in {3} octet(s) more")
    @MethodSource("coordinatesOfTheWrongLength")
    void anEcCoordinateNotInTheCurvesFullLengthIsNotUsable(Source source, EcCurve curve, String name, int delta) {
        int index = name.equals("x") ? 0 : 1;
        KeyPair kp = delta < 0 ? withShort(curve, index) : TestKeys.ec(curve.jca);
        byte[] x = octets(coordinate(kp, 0), curve.octets + (index == 0 ? delta : 0));
        byte[] y = octets(coordinate(kp, 1), curve.octets + (index == 1 ? delta : 0));
        validatorWith(source, ecMember(curve, "odd", x, y));
        TokenRejectedException e = assertRejected(validator, signed(kp, "odd", curve.alg),
                RejectionReason.KEY_NOT_USABLE);
        assertThat(e.getMessage()).isEqualTo("KEY_NOT_USABLE: EC coordinate " + name + " has "
                + (curve.octets + delta) + " octets, " + curve.jose + " needs exactly " + curve.octets
                + " (RFC 7518 section 6.2.1." + (index + 2) + ")");
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sourcesAndCurves")
    void anEcKeyInTheFullLengthWorksEvenWhenItsCoordinatesStartWithZero(Source source, EcCurve curve) {
        for (int index = 0; index < 2; index++) {
            KeyPair kp = withShort(curve, index);
            validatorWith(source, ecMember(curve, "full", octets(coordinate(kp, 0), curve.octets),
                    octets(coordinate(kp, 1), curve.octets)));
            assertThat(validator.validate(signed(kp, "full", curve.alg)).keyId()).contains("full");
            validator.close();
            idp.reset();
        }
    }

    static Stream<Arguments> sourcesAndCurves() {
        return Arrays.stream(Source.values()).flatMap(s -> Arrays.stream(EcCurve.values()).map(c -> Arguments.of(s, c)));
    }

    // ---- OKP x: exactly 32 octets for Ed25519 (RFC 8037 section 2, RFC 8032 section 5.1.5) ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(Source.class)
    void anEd25519KeyNotIn32OctetsIsNotUsable(Source source) {
        byte[] spki = idp.ed.getPublic().getEncoded();
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        for (byte[] odd : List.of(Arrays.copyOf(x, 33), Arrays.copyOf(x, 31), concat(new byte[1], x))) {
            validatorWith(source, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"odd\",\"x\":\"" + Jws.b64(odd) + "\"}");
            TokenRejectedException e = assertRejected(validator, signed(idp.ed, "odd", Jwts.SIG.EdDSA),
                    RejectionReason.KEY_NOT_USABLE);
            assertThat(e.getMessage()).isEqualTo("KEY_NOT_USABLE: Ed25519 public key has " + odd.length
                    + " bytes, it must have 32");
            validator.close();
            idp.reset();
        }
    }

    /** X25519 and X448 are not signature curves, Ed448 is not implemented: ignored whatever the length of x. */
    static Stream<Arguments> okpKeysOfOtherCurves() {
        List<Arguments> out = new ArrayList<>();
        for (Source source : Source.values()) {
            for (Object[] curve : new Object[][] {{"X25519", 32}, {"Ed448", 57}, {"X448", 56}}) {
                for (int delta : new int[] {-1, 0, 1}) {
                    out.add(Arguments.of(source, curve[0], (Integer) curve[1] + delta));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} x of {2} octets")
    @MethodSource("okpKeysOfOtherCurves")
    void anOkpKeyOfAnotherCurveIsIgnoredWhateverItsLength(Source source, String curve, int octets) {
        byte[] x = new byte[octets];
        x[0] = 9;
        validatorWith(source, "{\"kty\":\"OKP\",\"crv\":\"" + curve + "\",\"kid\":\"other\",\"x\":\"" + Jws.b64(x)
                + "\"}");
        TokenRejectedException e = assertRejected(validator, signed(idp.ed, "other", Jwts.SIG.EdDSA),
                RejectionReason.UNKNOWN_KEY);
        assertThat(e.getMessage()).isEqualTo("UNKNOWN_KEY: issuer's key with kid 'other' is ignored: OKP curve '"
                + curve + "' is not supported");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- key_ops: duplicate values MUST NOT be present (RFC 7517 section 4.3) ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(Source.class)
    void keyOpsWithADuplicateValueMakeTheKeyIgnored(Source source) {
        String rsa = Keys.rsaJwk(idp.rsa, "dup").build().toJSONString();
        for (String ops : List.of("[\"verify\",\"verify\"]", "[\"sign\",\"verify\",\"sign\"]")) {
            validatorWith(source, rsa.replace("{", "{\"key_ops\":" + ops + ","));
            String token = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"dup\"}", idp.payload(NOW, ""), idp.rsa.getPrivate(),
                    "RS256");
            TokenRejectedException e = assertRejected(validator, token, RejectionReason.UNKNOWN_KEY);
            assertThat(e.getMessage()).isEqualTo("UNKNOWN_KEY: issuer's key with kid 'dup' is ignored: key_ops lists '"
                    + (ops.contains("sign") ? "sign" : "verify") + "' twice (RFC 7517 section 4.3)");
            assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");
            validator.close();
            idp.reset();
        }
        validatorWith(source, rsa.replace("{", "{\"key_ops\":[\"verify\"],"));
        assertThat(validator.validate(Jws.sign("{\"alg\":\"RS256\",\"kid\":\"dup\"}", idp.payload(NOW, ""),
                idp.rsa.getPrivate(), "RS256")).keyId()).contains("dup");
    }

    // ---- staticKeys through the same strict parser as a fetched JWKS ----

    /** Documents the strict parser refuses whole: each named, with the RSA key and a second member. */
    static Stream<Arguments> documentsRefusedWhole() {
        String rsa = Keys.rsaJwk(TestKeys.rsa(2048), "other").build().toJSONString();
        return Stream.of(
                Arguments.of("a member with two kids", rsa.replace("{", "{\"kid\":\"rsa-1\",")),
                Arguments.of("a member with two moduli", rsa.replace("{", "{\"n\":\"AQAB\",")),
                Arguments.of("a kid with an unpaired surrogate", rsa.replace("\"other\"", "\"other\\ud800\"")),
                Arguments.of("a number beyond a double", rsa.replace("{", "{\"exp\":1e400,")),
                Arguments.of("a comment", "/* x */" + rsa),
                Arguments.of("a trailing comma", rsa + ","));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sourcesAndDocumentsRefusedWhole")
    void aDocumentTheStrictParserRefusesIsRefusedWholeFromEitherSource(Source source, String name, String member) {
        if (source == Source.FETCHED) {
            validatorWith(source, member);
            TokenRejectedException e = assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE);
            assertThat(e.getMessage()).contains("JWKS is not a strict JSON object");
        } else {
            assertThatThrownBy(() -> validatorWith(source, member)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("staticKeys is not a JWKS document: it is not a strict JSON object");
        }
    }

    static Stream<Arguments> sourcesAndDocumentsRefusedWhole() {
        return Arrays.stream(Source.values()).flatMap(s -> documentsRefusedWhole().map(a -> Arguments.of(s, a.get()[0],
                a.get()[1])));
    }

    @Test
    void aStaticKeysStringWithAnUnpairedSurrogateIsRefused() {
        String doc = "{\"keys\":[" + Keys.rsaJwk(idp.rsa, "rsa-1").build().toJSONString()
                .replace("\"rsa-1\"", "\"rsa-\ud800\"") + "]}";   // the character itself, not an escape
        assertThatThrownBy(() -> idp.trust().staticKeys(doc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("staticKeys is not a JWKS document: it holds an unpaired surrogate");
    }

    static Stream<Arguments> sourcesAndMembersWardenCannotUse() {
        return Arrays.stream(Source.values()).flatMap(s -> KeyFindingsTest.membersWardenCannotUse()
                .map(a -> Arguments.of(s, a.get()[0], a.get()[1])));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sourcesAndMembersWardenCannotUse")
    void aMemberWardenCannotUseIsIgnoredFromEitherSource(Source source, String name, String member) {
        validatorWith(source, member);
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");
        String naming = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"other\"}", idp.payload(NOW, ""), idp.rsa.getPrivate(),
                "RS256");
        TokenRejectedException e = assertRejected(validator, naming, RejectionReason.UNKNOWN_KEY);
        assertThat(e.getMessage()).startsWith("UNKNOWN_KEY: issuer's key with kid 'other' is ignored: ");
    }

    static Stream<Arguments> sourcesAndHostileMembers() {
        return Arrays.stream(Source.values()).flatMap(s -> KeyFindingsTest.hostileMembers()
                .map(a -> Arguments.of(s, a.get()[0], a.get()[1], a.get()[2])));
    }

    @Test
    void aJcaKeyAddedToStaticKeysKeepsWhyAMemberWasIgnored() {
        validator = TokenValidator.builder().trust(idp.trust().staticKeys("{\"keys\":[{\"kty\":\"OKP\",\"crv\":"
                + "\"X25519\",\"kid\":\"other\",\"x\":\"" + Jws.b64(new byte[32]) + "\"}," + Keys.ecJwk(idp.ec, "ec-1")
                .build().toJSONString() + "]}").staticKey("rsa-1", idp.rsa.getPublic()).build()).clock(clock).build();
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");
        assertThat(validator.validate(idp.es256(NOW)).keyId()).contains("ec-1");
        TokenRejectedException e = assertRejected(validator, Jws.sign("{\"alg\":\"RS256\",\"kid\":\"other\"}",
                idp.payload(NOW, ""), idp.rsa.getPrivate(), "RS256"), RejectionReason.UNKNOWN_KEY);
        assertThat(e.getMessage()).isEqualTo("UNKNOWN_KEY: issuer's key with kid 'other' is ignored: "
                + "OKP curve 'X25519' is not supported");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sourcesAndHostileMembers")
    void aKeySetOfHostileShapeIsRefusedWholeFromEitherSourceForTheSameReason(Source source, String name, String member,
                                                                           String message) {
        if (source == Source.FETCHED) {
            validatorWith(source, member);
            TokenRejectedException e = assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE);
            assertThat(e.getMessage()).contains(message);
        } else {
            assertThatThrownBy(() -> validatorWith(source, member)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message);
        }
    }

    @Test
    void staticKeysOfWhichWardenCanUseNoneAreRefused() {
        assertThatThrownBy(() -> idp.trust().staticKeys("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"X25519\",\"kid\":\"x\","
                + "\"x\":\"" + Jws.b64(new byte[32]) + "\"}]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("staticKeys holds no key Warden can use: kid 'x': OKP curve 'X25519' is not supported");
    }
}
