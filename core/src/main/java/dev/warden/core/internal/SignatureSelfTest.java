package dev.warden.core.internal;

import dev.warden.core.SignatureAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;

/**
 * Known-answer test of a signature engine before a validator uses it: a fixed valid signature (made once with
 * the JDK, {@code signature-self-test.properties}) must verify, and the same signature with one bit flipped, and
 * the valid signature over an altered input, must not; then the valid one must verify again (the verifier
 * resets after a failure). For RS256 to RS512, a signature whose {@code DigestInfo} lacks its NULL parameters
 * must not verify either: an engine that accepts it would give another verdict than the JDK path's exact check.
 * The key goes through the same conversion and the verifier through the same {@link SignatureEngine.Slot} as a
 * token's.
 */
final class SignatureSelfTest {

    private static final Properties VECTORS = load();

    private SignatureSelfTest() {}

    /** @return null if the engine passes, else what failed */
    static String failure(SignatureEngine engine) {
        SignatureAlgorithm alg = engine.alg;
        byte[] input = VECTORS.getProperty("input").getBytes(StandardCharsets.US_ASCII);
        byte[] valid = Base64.getDecoder().decode(VECTORS.getProperty(alg.name()));
        PublicKey key;
        try {
            key = engine.translate(jdkKey(alg));
        } catch (GeneralSecurityException e) {
            return "the JDK cannot read the test key: " + e;
        }
        SignatureEngine.Slot slot = new SignatureEngine.Slot();
        if (!slot.verify(engine, key, input, valid)) {
            return "a valid signature does not verify";
        }
        byte[] flipped = valid.clone();
        flipped[flipped.length - 1] ^= 1;
        if (slot.verify(engine, key, input, flipped)) {
            return "a signature with a flipped bit verifies";
        }
        byte[] altered = input.clone();
        altered[0] ^= 1;
        if (slot.verify(engine, key, altered, valid)) {
            return "a signature over another input verifies";
        }
        if (!slot.verify(engine, key, input, valid)) {
            return "a valid signature does not verify after a rejected one";
        }
        String noNull = VECTORS.getProperty(alg.name() + ".noNull");
        if (noNull != null) {
            PublicKey other;
            try {
                other = engine.translate(KeyFactory.getInstance("RSA").generatePublic(
                        new X509EncodedKeySpec(Base64.getDecoder().decode(VECTORS.getProperty("RSA.noNull.key")))));
            } catch (GeneralSecurityException e) {
                return "the JDK cannot read the test key: " + e;
            }
            if (slot.verify(engine, other, input, Base64.getDecoder().decode(noNull))) {
                // SunRsaSign does (Wycheproof RS256 tcId 8); the JDK path's own check and the native providers do not
                return "a DigestInfo without its NULL parameters verifies";
            }
        }
        return null;
    }

    private static PublicKey jdkKey(SignatureAlgorithm alg) throws GeneralSecurityException {
        String type = alg.keyType().equals("RSA") ? "RSA" : alg.keyType().equals("EC") ? "EC" : "Ed25519";
        String spki = VECTORS.getProperty(type.equals("RSA") ? "RSA.key" : alg.name() + ".key");
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(spki)));
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = SignatureSelfTest.class.getResourceAsStream("signature-self-test.properties")) {
            if (in == null) {
                throw new IllegalStateException("signature-self-test.properties is missing from warden-core");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
