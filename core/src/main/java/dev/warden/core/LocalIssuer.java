package dev.warden.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The host as its own issuer, for anonymous clients, as SpacetimeDB does: an ES256 key pair mints tokens
 * with {@code sub} = a random UUID, {@code iss}, {@code aud}, {@code iat} and {@code hex_identity} (and
 * {@code exp} when a lifetime is set), plus short-lived re-signed tokens for connection upgrades. Its tokens
 * validate through the same {@link TokenValidator}: {@code trust(localIssuer.trustedIssuer())}.
 *
 * <p>Keep the key pair ({@link Builder#keyFiles(Path, Path)}) so identities survive restarts. Immutable
 * and thread-safe.
 */
public final class LocalIssuer {

    /** A minted token and the identity it carries. */
    public static final class MintedToken {
        private final Identity identity;
        private final String token;

        private MintedToken(Identity identity, String token) {
            this.identity = identity;
            this.token = token;
        }

        /** @return the identity of the token's holder */
        public Identity identity() {
            return identity;
        }

        /** @return the compact JWS (a bearer credential: do not log it) */
        public String token() {
            return token;
        }

        @Override
        public String toString() {
            return "MintedToken{identity=" + identity + "}";
        }
    }

    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;
    private final ECKey key;
    private final ECDSASigner signer;

    private LocalIssuer(Builder b, ECKey key) {
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.lifetime = b.lifetime;
        this.clock = b.clock;
        this.key = key;
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("local issuer key cannot sign: " + e.getMessage(), e);
        }
    }

    /** @return a builder; defaults: issuer {@code localhost}, audience {@code spacetimedb}, a fresh key, no {@code exp} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the issuer string tokens carry */
    public String issuer() {
        return issuer;
    }

    /** @return the audience tokens carry */
    public String audience() {
        return audience;
    }

    /** @return the lifetime of minted tokens, if they expire */
    public Optional<Duration> tokenLifetime() {
        return Optional.ofNullable(lifetime);
    }

    /**
     * Mints a token for a new anonymous identity.
     *
     * @return the token and its identity
     */
    public MintedToken mintAnonymous() {
        return mint(UUID.randomUUID().toString());
    }

    /**
     * Mints a token for a given subject of this issuer.
     *
     * @param subject the {@code sub}, non-empty, at most 128 UTF-8 bytes
     * @return the token and its identity
     */
    public MintedToken mint(String subject) {
        return sign(subject, lifetime);
    }

    /**
     * Re-signs a short-lived token for the holder of an already verified token of this issuer, as
     * SpacetimeDB does for websocket upgrades.
     *
     * @param token a token of this issuer, already validated
     * @param lifetime between 1 s and 1 h (SpacetimeDB uses 60 s)
     * @return the short-lived token
     * @throws IllegalArgumentException if the token is not from this issuer or the lifetime is out of range
     */
    public MintedToken resign(VerifiedToken token, Duration lifetime) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(lifetime, "lifetime");
        if (!issuer.equals(token.issuer())) {
            throw new IllegalArgumentException("only tokens of this issuer can be re-signed");
        }
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("lifetime must be between 1 s and 1 h, got " + lifetime);
        }
        return sign(token.subject(), lifetime);
    }

    private MintedToken sign(String subject, Duration ttl) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty() || subject.getBytes(StandardCharsets.UTF_8).length > 128) {
            throw new IllegalArgumentException("subject must be 1 to 128 UTF-8 bytes");
        }
        Identity identity = Identity.fromClaims(issuer, subject);
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(List.of(audience))
                .issueTime(Date.from(now))
                .claim("hex_identity", identity.toHex());
        if (ttl != null) {
            claims.expirationTime(Date.from(now.plus(ttl)));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
        return new MintedToken(identity, jwt.serialize());
    }

    /** @return the public key as a JWK (with {@code kid}, {@code alg} ES256, {@code use} sig) */
    public ECKey publicJwk() {
        return key.toPublicJWK();
    }

    /** @return the public key as a JWKS document, for a {@code /.well-known/jwks.json} endpoint */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** @return the public key as a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo), as SpacetimeDB publishes it */
    public String publicKeyPem() {
        try {
            return pem("PUBLIC KEY", key.toECPublicKey().getEncoded());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return trust configuration for this issuer's tokens: its public key only, its audience, ES256, and
     *     {@code exp} optional unless a lifetime is set (re-signed tokens always carry one)
     */
    public TrustedIssuer trustedIssuer() {
        return TrustedIssuer.builder(issuer)
                .staticKeys(key.toPublicJWK())
                .audiences(audience)
                .algorithms(SignatureAlgorithm.ES256)
                .requireExpiration(lifetime != null)
                .build();
    }

    private static String pem(String type, byte[] der) {
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

    /**
     * Configures a {@link LocalIssuer}. Every setter checks its argument.
     */
    public static final class Builder {
        private String issuer = "localhost";
        private String audience = "spacetimedb";
        private Duration lifetime;
        private Clock clock = Clock.systemUTC();
        private KeyPair keyPair;
        private Path privateKeyFile;
        private Path publicKeyFile;

        private Builder() {}

        /**
         * @param issuer the {@code iss} of minted tokens (default {@code localhost})
         * @return this builder
         */
        public Builder issuer(String issuer) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.isEmpty() || issuer.getBytes(StandardCharsets.UTF_8).length > 128) {
                throw new IllegalArgumentException("issuer must be 1 to 128 UTF-8 bytes");
            }
            this.issuer = issuer;
            return this;
        }

        /**
         * @param audience the {@code aud} of minted tokens (default {@code spacetimedb})
         * @return this builder
         */
        public Builder audience(String audience) {
            Objects.requireNonNull(audience, "audience");
            if (audience.isEmpty()) {
                throw new IllegalArgumentException("audience must not be empty");
            }
            this.audience = audience;
            return this;
        }

        /**
         * Gives minted tokens an {@code exp}. SpacetimeDB's anonymous tokens have none (the identity is the
         * token); set a lifetime if your clients can re-mint.
         *
         * @param lifetime at least 1 s
         * @return this builder
         */
        public Builder tokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("tokenLifetime must be at least 1 s, got " + lifetime);
            }
            this.lifetime = lifetime;
            return this;
        }

        /**
         * @param clock time source for {@code iat} and {@code exp}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Uses this P-256 key pair, given as PEM: PKCS#8 {@code PRIVATE KEY} and SPKI {@code PUBLIC KEY}.
         *
         * @param privateKeyPem the private key
         * @param publicKeyPem the public key
         * @return this builder
         * @throws IllegalArgumentException if the keys do not parse, are not P-256, or do not belong together
         */
        public Builder keyPairPem(String privateKeyPem, String publicKeyPem) {
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            Objects.requireNonNull(publicKeyPem, "publicKeyPem");
            KeyPair kp;
            try {
                KeyFactory kf = KeyFactory.getInstance("EC");
                kp = new KeyPair(kf.generatePublic(new X509EncodedKeySpec(unpem(publicKeyPem, "PUBLIC KEY"))),
                        kf.generatePrivate(new PKCS8EncodedKeySpec(unpem(privateKeyPem, "PRIVATE KEY"))));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("key pair is not a valid EC key pair: " + e.getMessage(), e);
            }
            requireMatchingP256(kp);
            this.keyPair = kp;
            this.privateKeyFile = null;
            return this;
        }

        /**
         * Loads the key pair from these PEM files, or, when neither exists, generates one and writes both
         * (the private key readable by the owner only), so identities survive restarts.
         *
         * @param privateKeyPem path of the PKCS#8 private key
         * @param publicKeyPem path of the SPKI public key
         * @return this builder
         */
        public Builder keyFiles(Path privateKeyPem, Path publicKeyPem) {
            this.privateKeyFile = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            this.publicKeyFile = Objects.requireNonNull(publicKeyPem, "publicKeyPem");
            this.keyPair = null;
            return this;
        }

        /**
         * @return the issuer
         * @throws IllegalStateException if key files exist only in part or cannot be read or written
         */
        public LocalIssuer build() {
            KeyPair kp = keyPair;
            if (kp == null && privateKeyFile != null) {
                kp = loadOrCreate(privateKeyFile, publicKeyFile);
            }
            if (kp == null) {
                kp = generate();
            }
            ECKey jwk;
            try {
                jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) kp.getPublic())
                        .privateKey((ECPrivateKey) kp.getPrivate())
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint()
                        .build();
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot compute the key's thumbprint", e);
            }
            return new LocalIssuer(this, jwk);
        }

        private static KeyPair loadOrCreate(Path priv, Path pub) {
            boolean hasPriv = Files.exists(priv);
            boolean hasPub = Files.exists(pub);
            try {
                if (hasPriv && hasPub) {
                    return new Builder().keyPairPem(Files.readString(priv), Files.readString(pub)).keyPair;
                }
                if (hasPriv || hasPub) {
                    throw new IllegalStateException("only one of " + priv + " and " + pub
                            + " exists; restore the other or remove both to generate a new key pair");
                }
                KeyPair kp = generate();
                writeOwnerOnly(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
                Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()),
                        StandardOpenOption.CREATE_NEW);
                return kp;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read or write the local issuer's key files: " + e.getMessage(), e);
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

        private static KeyPair generate() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a P-256 key pair", e);
            }
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
}
