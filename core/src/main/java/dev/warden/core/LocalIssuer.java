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
import dev.warden.core.internal.Args;
import dev.warden.core.internal.P256KeyPairs;
import dev.warden.core.internal.Text;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The claim in which {@link #resign} records what it re-signed: a JSON object with the original token's
     * {@code alg}, and its {@code kid} and {@code exp} when it had them. Read it with {@link #resignedFrom}.
     */
    public static final String RESIGNED_FROM_CLAIM = "warden_resigned_from";

    /**
     * What a token was re-signed from ({@link #resign}): the original's algorithm, key and expiry, which decide
     * how long a connection opened with the re-signed token may live, and by which key. Immutable.
     */
    public static final class Resigned {
        private final SignatureAlgorithm algorithm;
        private final String keyId;
        private final Instant expiresAt;

        private Resigned(SignatureAlgorithm algorithm, String keyId, Instant expiresAt) {
            this.algorithm = algorithm;
            this.keyId = keyId;
            this.expiresAt = expiresAt;
        }

        /** @return the original token's algorithm */
        public SignatureAlgorithm algorithm() {
            return algorithm;
        }

        /** @return the original token's {@code kid}, if it had one */
        public Optional<String> keyId() {
            return Optional.ofNullable(keyId);
        }

        /** @return the original token's {@code exp}, if it had one */
        public Optional<Instant> expiresAt() {
            return Optional.ofNullable(expiresAt);
        }

        @Override
        public String toString() {
            return "Resigned{" + algorithm + ", kid=" + (keyId == null ? "none" : Text.quote(keyId)) + ", exp="
                    + (expiresAt == null ? "none" : expiresAt) + "}";
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

    /** @return the {@code kid} of this issuer's key (its JWK thumbprint), which every token it signs names */
    public String keyId() {
        return key.getKeyID();
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
     * Re-signs a verified token with this issuer's key for a short while, as SpacetimeDB's
     * {@code POST /v1/identity/websocket-token} does before a WebSocket upgrade: every claim is kept ({@code iss},
     * {@code sub}, {@code aud}, roles and any other; claims whose value is JSON {@code null} are dropped), and
     * {@code iat}, {@code exp} and {@code hex_identity} are set anew. The token may come from any issuer the
     * {@link TokenValidator} trusts: a validator that trusts this issuer verifies what it re-signed by this key, then
     * checks it by the rules of the issuer its {@code iss} names, so the caller and its roles stay the same. Unlike
     * SpacetimeDB's, the new token never outlives the one it came from.
     *
     * <p>The new token also records what it was re-signed from, in the claim {@value #RESIGNED_FROM_CLAIM}: the
     * original's algorithm, {@code kid} and {@code exp} (replacing any such claim the original carried), so a host
     * that shares this key can let a connection opened with the short token live as long as the original would
     * validate, without keeping anything per token ({@link #resignedFrom}).
     *
     * @param token a token, already validated
     * @param lifetime between 1 s and 1 h (SpacetimeDB uses 60 s)
     * @return the short-lived token
     * @throws IllegalArgumentException if the lifetime is out of range, or a claim holds a value JSON cannot write
     *     (an infinite or NaN number, such as a number past a double's range parsed as Infinity): nothing is
     *     signed
     */
    public MintedToken resign(VerifiedToken token, Duration lifetime) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("lifetime must be between 1 s and 1 h, got " + lifetime);
        }
        token.claims().forEach((name, value) -> {
            if (!writable(value)) {
                throw new IllegalArgumentException("claim " + Text.quote(name) + " holds a number JSON cannot write "
                        + "(infinite or NaN): the token cannot be re-signed");
            }
        });
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        if (token.expiresAt().isPresent() && token.expiresAt().get().isBefore(exp)) {
            exp = token.expiresAt().get();
        }
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("alg", token.algorithm().name());
        token.keyId().ifPresent(kid -> from.put("kid", kid));
        token.expiresAt().ifPresent(e -> from.put("exp", e.getEpochSecond()));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        token.claims().forEach(claims::claim);
        claims.issueTime(Date.from(now)).expirationTime(Date.from(exp))
                .claim("hex_identity", token.identity().toHex())
                .claim(RESIGNED_FROM_CLAIM, from);
        return signed(token.identity(), claims.build());
    }

    /**
     * What a token was re-signed from, if this issuer's key re-signed it ({@link #resign}): the token names this
     * key's {@code kid}, which a validator trusting {@link #trustedIssuer()} verifies with this key alone, and
     * carries the claim {@value #RESIGNED_FROM_CLAIM}. A token another key signed vouches for nothing, whatever
     * claims it carries; so does a token this key only minted.
     *
     * @param token a token, already validated
     * @return the original token's algorithm, {@code kid} and {@code exp}; empty if this key did not re-sign it
     */
    public Optional<Resigned> resignedFrom(VerifiedToken token) {
        Objects.requireNonNull(token, "token");
        if (!token.keyId().map(key.getKeyID()::equals).orElse(false)
                || !(token.claims().get(RESIGNED_FROM_CLAIM) instanceof Map<?, ?> from)) {
            return Optional.empty();
        }
        Optional<SignatureAlgorithm> alg = from.get("alg") instanceof String a ? SignatureAlgorithm.fromJoseName(a)
                : Optional.empty();
        Object kid = from.get("kid");
        Object exp = from.get("exp");
        if (alg.isEmpty() || (kid != null && !(kid instanceof String)) || (exp != null && !(exp instanceof Long))) {
            return Optional.empty();   // not what resign writes: this key signs nothing else, so never seen
        }
        return Optional.of(new Resigned(alg.get(), (String) kid,
                exp == null ? null : Instant.ofEpochSecond((Long) exp)));
    }

    /** @return whether JSON can represent the value: no infinite or NaN number, at any depth */
    private static boolean writable(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d);
        }
        if (value instanceof Float f) {
            return Float.isFinite(f);
        }
        if (value instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(LocalIssuer::writable);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().allMatch(LocalIssuer::writable);
        }
        return true;
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
        return signed(identity, claims.build());
    }

    private MintedToken signed(Identity identity, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
        return new MintedToken(identity, jwt.serialize());
    }

    /**
     * @return the public key as a JWKS document, {@code {"keys":[...]}} with one EC key (its {@code kid},
     *     {@code alg} ES256 and {@code use} sig), for a {@code /.well-known/jwks.json} endpoint
     */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** @return the public key as a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo), as SpacetimeDB publishes it */
    public String publicKeyPem() {
        try {
            return P256KeyPairs.pem("PUBLIC KEY", key.toECPublicKey().getEncoded());
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
                .local()
                .staticKeys(jwksJson())
                .audiences(audience)
                .algorithms(SignatureAlgorithm.ES256)
                .requireExpiration(lifetime != null)
                .build();
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
            this.audience = Args.text(audience, "audience");
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
            this.keyPair = P256KeyPairs.fromPem(privateKeyPem, publicKeyPem);
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
                kp = P256KeyPairs.loadOrCreate(privateKeyFile, publicKeyFile);
            }
            if (kp == null) {
                kp = P256KeyPairs.generate();
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
    }
}
