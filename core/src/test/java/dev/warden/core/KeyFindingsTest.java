package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.TestKeys;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Security review findings on keys: weak Ed25519 and RSA keys, and key sets with members Warden cannot use. */
class KeyFindingsTest extends FakeIssuerTest {

    static final Instant NOW = TokenValidatorTest.NOW;
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));


    TokenValidator validator(TrustedIssuer.Builder issuer) {
        validator = TokenValidator.builder().trust(issuer.build()).clock(clock)
                .noVerifiedTokenCache().build();
        return validator;
    }

    // ---- Finding 1: small-order and non-canonical Ed25519 public keys ----

    /**
     * The eight torsion points' encodings as libsodium's {@code ge25519_has_small_order} blocklist lists them
     * (sign bit clear), and the non-canonical encodings of y = 0 and y = 1 (y + p) it also lists.
     */
    static final List<String> SMALL_ORDER_HEX = List.of(
            "0000000000000000000000000000000000000000000000000000000000000000", // y = 0, order 4
            "0100000000000000000000000000000000000000000000000000000000000000", // identity
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p - 1, order 2
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p (= 0), non-canonical
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"); // y = p + 1 (= 1), non-canonical

    /** The R = identity, S = 0 signature: verifies for any message under the identity key (cofactorless). */
    static final byte[] IDENTITY_SIGNATURE = new byte[64];

    static {
        IDENTITY_SIGNATURE[0] = 1;
    }

    static Stream<Arguments> weakEd25519Keys() {
        List<Arguments> out = new ArrayList<>();
        for (String hex : SMALL_ORDER_HEX) {
            byte[] x = HexFormat.of().parseHex(hex);
            out.add(Arguments.of(hex, Jws.b64(x)));
            byte[] negative = x.clone();
            negative[31] |= (byte) 0x80; // the same y with the sign bit of x set: the other point, or a "-0"
            out.add(Arguments.of(hex + " sign bit set", Jws.b64(negative)));
        }
        // more non-canonical encodings: y = p + 2 and y = 2^255 - 1 (every y >= p is refused)
        for (BigInteger y : List.of(P.add(BigInteger.TWO), BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE))) {
            out.add(Arguments.of("y = " + y.subtract(P) + " + p", Jws.b64(littleEndian(y))));
        }
        return out.stream();
    }

    static byte[] littleEndian(BigInteger y) {
        byte[] be = y.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    String forgedEdDsa(String kid) {
        String input = Jws.b64("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}") + "." + Jws.b64(idp.payload(NOW, ""));
        return input + "." + Jws.b64(IDENTITY_SIGNATURE);
    }

    static String okpJwks(String kid, String x) {
        return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + kid + "\",\"x\":\"" + x + "\"}]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weakEd25519Keys")
    void smallOrderOrNonCanonicalEd25519StaticKeyIsNotUsable(String name, String x) {
        validator(idp.trust().staticKeys(okpJwks("weak", x)));
        TokenRejectedException e = assertRejected(validator, forgedEdDsa("weak"), RejectionReason.KEY_NOT_USABLE);
        assertThat(e.getMessage()).containsAnyOf("small order", "not canonically encoded");
    }

    @Test
    void smallOrderEd25519KeyInAPublishedJwksIsNotUsableAndTheOtherKeysStillWork() {
        byte[] identity = HexFormat.of().parseHex(SMALL_ORDER_HEX.get(1));
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.edJwk(idp.ed, "ed-1"),
                new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(identity)).keyID("weak").build());
        validator(idp.trust());
        TokenRejectedException e = assertRejected(validator, forgedEdDsa("weak"), RejectionReason.KEY_NOT_USABLE);
        assertThat(e.getMessage()).contains("small order");
        assertThat(validator.validate(idp.eddsa(NOW)).algorithm()).isEqualTo(SignatureAlgorithm.EdDSA);
        assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
    }

    @Test
    void smallOrderEd25519JcaStaticKeyIsNotUsableAndANormalOneWorks() throws Exception {
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + SMALL_ORDER_HEX.get(1));
        PublicKey identity = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        validator(idp.trust().staticKey("weak", identity).staticKey("ed-1", idp.ed.getPublic()));
        TokenRejectedException e = assertRejected(validator, forgedEdDsa("weak"), RejectionReason.KEY_NOT_USABLE);
        assertThat(e.getMessage()).contains("small order");
        assertThat(validator.validate(idp.eddsa(NOW)).keyId()).contains("ed-1");
    }

    // ---- Finding 2: RSA key size by the modulus' bit length; no leading zero octets in n or e ----

    static byte[] padded(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        int start = raw[0] == 0 ? 1 : 0;
        byte[] out = new byte[length];
        System.arraycopy(raw, start, out, length - (raw.length - start), raw.length - start);
        return out;
    }

    static String rsaJwks(String kid, byte[] n, byte[] e) {
        return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"n\":\"" + Jws.b64(n) + "\",\"e\":\""
                + Jws.b64(e) + "\"}]}";
    }

    String rs256(KeyPair kp, String kid) {
        return Jws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", idp.payload(NOW, ""), kp.getPrivate(), "RS256");
    }

    @ParameterizedTest(name = "{0}-bit modulus zero-padded to 256 bytes")
    @ValueSource(ints = {512, 1024, 2040})
    void weakRsaModulusZeroPaddedTo2048BitsIsNotUsable(int bits) {
        KeyPair weak = TestKeys.rsa(bits);
        RSAPublicKey pub = (RSAPublicKey) weak.getPublic();
        validator(idp.trust().staticKeys(rsaJwks("weak", padded(pub.getModulus(), 256), padded(pub.getPublicExponent(), 3))));
        TokenRejectedException e = assertRejected(validator, rs256(weak, "weak"), RejectionReason.KEY_NOT_USABLE);
        assertThat(e.getMessage()).isEqualTo("KEY_NOT_USABLE: RSA key has " + pub.getModulus().bitLength() + " bits, at least 2048 are required");
    }

    @Test
    void weakRsaModulusZeroPaddedInAPublishedJwksIsNotUsableAndTheOtherKeysStillWork() {
        KeyPair weak = TestKeys.rsa(1024);
        RSAPublicKey pub = (RSAPublicKey) weak.getPublic();
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), new RSAKey.Builder(
                Base64URL.encode(padded(pub.getModulus(), 256)), Base64URL.encode(pub.getPublicExponent())).keyID("weak").build());
        validator(idp.trust());
        TokenRejectedException e = assertRejected(validator, rs256(weak, "weak"), RejectionReason.KEY_NOT_USABLE);
        assertThat(e.getMessage()).isEqualTo("KEY_NOT_USABLE: RSA key has 1024 bits, at least 2048 are required");
        assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
    }

    @Test
    void rsaModulusWithALeadingZeroOctetIsNotUsable() {
        RSAPublicKey pub = (RSAPublicKey) idp.rsa.getPublic();
        validator(idp.trust().staticKeys(rsaJwks("rsa-1", padded(pub.getModulus(), 257), padded(pub.getPublicExponent(), 3))));
        TokenRejectedException e = assertRejected(validator, idp.rs256(NOW), RejectionReason.KEY_NOT_USABLE);
        assertThat(e.getMessage()).isEqualTo("KEY_NOT_USABLE: RSA modulus n has a leading zero octet (RFC 7518 section 6.3.1.1)");
    }

    @Test
    void rsaExponentWithALeadingZeroOctetIsNotUsable() {
        RSAPublicKey pub = (RSAPublicKey) idp.rsa.getPublic();
        validator(idp.trust().staticKeys(rsaJwks("rsa-1", padded(pub.getModulus(), 256), padded(pub.getPublicExponent(), 4))));
        TokenRejectedException e = assertRejected(validator, idp.rs256(NOW), RejectionReason.KEY_NOT_USABLE);
        assertThat(e.getMessage()).isEqualTo("KEY_NOT_USABLE: RSA exponent e has a leading zero octet (RFC 7518 section 6.3.1.1)");
    }

    @Test
    void minimalRsaEncodingStillWorks() {
        RSAPublicKey pub = (RSAPublicKey) idp.rsa.getPublic();
        validator(idp.trust().staticKeys(rsaJwks("rsa-1", padded(pub.getModulus(), 256), padded(pub.getPublicExponent(), 3))));
        assertThat(validator.validate(idp.rs256(NOW)).subject()).isEqualTo("user-42");
    }

    // ---- Finding 3: members Warden cannot use are ignored, not a reason to refuse the whole key set ----

    static final String SECP256K1_G = "\"x\":\"" + Jws.b64(HexFormat.of().parseHex(
            "79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798")) + "\",\"y\":\"" + Jws.b64(HexFormat.of()
            .parseHex("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8")) + "\"";

    /** Members of a kind Warden does not know, each with kid "other". */
    static Stream<Arguments> membersWardenCannotUse() {
        String rsa = Keys.rsaJwk(TestKeys.rsa(2048), "other").build().toJSONString();
        return Stream.of(
                Arguments.of("OKP X448", "{\"kty\":\"OKP\",\"crv\":\"X448\",\"kid\":\"other\",\"x\":\""
                        + Jws.b64(new byte[56]) + "\"}"),
                Arguments.of("OKP Ed448", "{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"kid\":\"other\",\"alg\":\"EdDSA\",\"x\":\""
                        + Jws.b64(new byte[57]) + "\"}"),
                Arguments.of("OKP of an unknown curve", "{\"kty\":\"OKP\",\"crv\":\"Ed9999\",\"kid\":\"other\",\"x\":\""
                        + Jws.b64(new byte[32]) + "\"}"),
                Arguments.of("EC secp256k1", "{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"kid\":\"other\",\"alg\":\"ES256K\","
                        + SECP256K1_G + "}"),
                Arguments.of("EC of an unknown curve", "{\"kty\":\"EC\",\"crv\":\"P-999\",\"kid\":\"other\"," + SECP256K1_G
                        + "}"),
                Arguments.of("kty AKP, alg ML-DSA-65", "{\"kty\":\"AKP\",\"alg\":\"ML-DSA-65\",\"kid\":\"other\",\"pub\":\""
                        + Jws.b64(new byte[1952]) + "\"}"),
                Arguments.of("kty PQC", "{\"kty\":\"PQC\",\"kid\":\"other\",\"pub\":\"AAAA\"}"),
                Arguments.of("RSA declaring alg ML-DSA-65", rsa.replace("{", "{\"alg\":\"ML-DSA-65\",")));
    }

    final List<String> ignored = new java.util.concurrent.CopyOnWriteArrayList<>();

    TokenValidator validatorReportingIgnoredKeys() {
        validator = TokenValidator.builder().trust(idp.trust().build()).clock(clock)
                .listener(new ValidationListener() {
                    @Override
                    public void keyIgnored(String issuer, String keyId, String reason) {
                        ignored.add(issuer + " " + keyId + ": " + reason);
                    }
                }).noVerifiedTokenCache().build();
        return validator;
    }

    void publishWith(String member) {
        StringBuilder doc = new StringBuilder("{\"keys\":[");
        for (com.nimbusds.jose.jwk.JWK k : List.of(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.ecJwk(idp.ec, "ec-1").build(),
                Keys.edJwk(idp.ed, "ed-1"))) {
            doc.append(k.toJSONString()).append(',');
        }
        idp.jwksResponds(com.github.tomakehurst.wiremock.client.WireMock.okJson(doc.append(member).append("]}").toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("membersWardenCannotUse")
    void aMemberWardenCannotUseIsIgnoredAndTheUsableKeysWork(String name, String member) {
        publishWith(member);
        validatorReportingIgnoredKeys();
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");
        assertThat(validator.validate(idp.es256(NOW)).keyId()).contains("ec-1");
        assertThat(validator.validate(idp.eddsa(NOW)).keyId()).contains("ed-1");
        String naming = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"other\"}", idp.payload(NOW, ""), idp.rsa.getPrivate(),
                "RS256");
        TokenRejectedException e = assertRejected(validator, naming, RejectionReason.UNKNOWN_KEY);
        assertThat(e.getMessage()).startsWith("UNKNOWN_KEY: issuer's key with kid 'other' is ignored: ");
        assertThat(idp.jwksFetches()).as("no refetch for a kid the current set ignores").isEqualTo(1);
        assertThat(ignored).singleElement().asString().startsWith(idp.issuer() + " other: ");
    }

    static Stream<Arguments> hostileMembers() {
        String rsa = Keys.rsaJwk(TestKeys.rsa(2048), "other").build().toJSONString();
        return Stream.of(
                Arguments.of("duplicate kid", Keys.rsaJwk(TestKeys.rsa(2048), "rsa-1").build().toJSONString(),
                        "two keys with kid 'rsa-1'"),
                Arguments.of("private RSA key", rsa.replace("{", "{\"d\":\"AQAB\","), "private key material"),
                Arguments.of("private key of an unknown type", "{\"kty\":\"AKP\",\"alg\":\"ML-DSA-65\",\"kid\":\"other\","
                        + "\"pub\":\"AAAA\",\"priv\":\"AAAA\"}", "private key material"),
                Arguments.of("private key of an unknown curve", "{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"kid\":\"other\","
                        + "\"x\":\"AAAA\",\"d\":\"AAAA\"}", "private key material"),
                Arguments.of("symmetric key", "{\"kty\":\"oct\",\"kid\":\"other\",\"k\":\"" + Jws.b64(new byte[32]) + "\"}",
                        "symmetric"),
                Arguments.of("member that is not an object", "\"" + Jws.b64(new byte[32]) + "\"", "not a JSON object"),
                Arguments.of("member that is an array", "[]", "not a JSON object"),
                Arguments.of("member that is null", "null", "not a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMembers")
    void aKeySetOfHostileShapeIsStillRefusedWhole(String name, String member, String message) {
        publishWith(member);
        validatorReportingIgnoredKeys();
        TokenRejectedException e = assertRejected(validator, idp.rs256(NOW), RejectionReason.JWKS_UNAVAILABLE);
        assertThat(e.getMessage()).contains(message);
    }
}
