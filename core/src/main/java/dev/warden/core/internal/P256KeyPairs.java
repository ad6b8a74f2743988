package dev.warden.core.internal;

import com.nimbusds.jose.jwk.Curve;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The local issuer's P-256 key pair: generated, checked to belong together, and read and written as PEM
 * (PKCS#8 {@code PRIVATE KEY}, SPKI {@code PUBLIC KEY}), in strings or in files that survive restarts.
 */
public final class P256KeyPairs {

    private P256KeyPairs() {}

    /** @return a fresh P-256 key pair */
    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair", e);
        }
    }

    /**
     * @param privateKeyPem the PKCS#8 private key
     * @param publicKeyPem the SPKI public key
     * @return the key pair
     * @throws IllegalArgumentException if the keys do not parse, are not P-256, or do not belong together
     */
    public static KeyPair fromPem(String privateKeyPem, String publicKeyPem) {
        KeyPair kp;
        try {
            KeyFactory kf = KeyFactory.getInstance("EC");
            kp = new KeyPair(kf.generatePublic(new X509EncodedKeySpec(unpem(publicKeyPem, "PUBLIC KEY"))),
                    kf.generatePrivate(new PKCS8EncodedKeySpec(unpem(privateKeyPem, "PRIVATE KEY"))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key pair is not a valid EC key pair: " + e.getMessage(), e);
        }
        requireMatchingP256(kp);
        return kp;
    }

    /**
     * Loads the key pair from these PEM files, or, when neither exists, generates one and writes both (the
     * private key readable by the owner only).
     *
     * @param priv path of the PKCS#8 private key
     * @param pub path of the SPKI public key
     * @return the key pair
     * @throws IllegalStateException if only one file exists, or the files cannot be read or written
     * @throws IllegalArgumentException if the files do not hold a matching P-256 key pair
     */
    public static KeyPair loadOrCreate(Path priv, Path pub) {
        boolean hasPriv = Files.exists(priv);
        boolean hasPub = Files.exists(pub);
        try {
            if (hasPriv && hasPub) {
                return fromPem(Files.readString(priv), Files.readString(pub));
            }
            if (hasPriv || hasPub) {
                throw new IllegalStateException("only one of " + priv + " and " + pub
                        + " exists; restore the other or remove both to generate a new key pair");
            }
            KeyPair kp = generate();
            writeOwnerOnly(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()), StandardOpenOption.CREATE_NEW);
            return kp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the local issuer's key files: " + e.getMessage(), e);
        }
    }

    /**
     * @param type the PEM label, for example {@code PUBLIC KEY}
     * @param der the DER bytes
     * @return the PEM text, base64 in 64-character lines
     */
    public static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int a = pem.indexOf(begin);
        int b = pem.indexOf(end);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException("not a PEM " + type);
        }
        String body = pem.substring(a + begin.length(), b).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM " + type + " is not valid base64", e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void requireMatchingP256(KeyPair kp) {
        if (!(kp.getPublic() instanceof ECPublicKey) || !(kp.getPrivate() instanceof ECPrivateKey)) {
            throw new IllegalArgumentException("the local issuer needs an EC key pair");
        }
        if (!Curve.P_256.equals(Curve.forECParameterSpec(((ECPublicKey) kp.getPublic()).getParams()))) {
            throw new IllegalArgumentException("the local issuer needs a P-256 key pair (ES256)");
        }
        try {
            byte[] probe = "warden-key-pair-check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(kp.getPrivate());
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(kp.getPublic());
            s.update(probe);
            if (!s.verify(sig)) {
                throw new IllegalArgumentException("the private and public keys do not belong together");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key pair cannot sign: " + e.getMessage(), e);
        }
    }
}
