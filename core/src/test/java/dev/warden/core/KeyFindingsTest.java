package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import java.math.BigInteger;
import java.security.KeyFactory;
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
}
