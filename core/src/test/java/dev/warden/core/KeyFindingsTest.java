package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Security review findings on keys: weak Ed25519 and RSA keys, and key sets with members Warden cannot use. */
class KeyFindingsTest {

    static final Instant NOW = TokenValidatorTest.NOW;
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    final FakeIssuer idp = new FakeIssuer();
    TokenValidator validator;

    @AfterEach
    void stop() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }

    TokenValidator validator(TrustedIssuer.Builder issuer) {
        validator = TokenValidator.builder().trust(issuer.build()).clock(new SettableClock(NOW))
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
}
