package dev.warden.core;

import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.core.internal.Args;
import dev.warden.core.internal.HttpFetcher;
import dev.warden.core.internal.JwkSets;
import dev.warden.core.internal.Text;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer a {@link TokenValidator} trusts, and how its tokens are checked. Immutable; build with
 * {@link #builder(String)}.
 *
 * <pre>{@code
 * TrustedIssuer spacetimeAuth = TrustedIssuer.builder("https://auth.spacetimedb.com/oidc")
 *     .audiences("client_01J...")          // required unless anyAudience() is called explicitly
 *     .build();                            // keys from OIDC discovery by default
 * }</pre>
 */
public final class TrustedIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(TrustedIssuer.class);

    /** The algorithms accepted when none are configured. */
    public static final Set<SignatureAlgorithm> DEFAULT_ALGORITHMS = Collections.unmodifiableSet(EnumSet.of(
            SignatureAlgorithm.RS256, SignatureAlgorithm.ES256, SignatureAlgorithm.PS256, SignatureAlgorithm.EdDSA));

    /** Where the issuer's keys come from. */
    public enum KeySource {
        /** {@code {issuer}/.well-known/openid-configuration} then its {@code jwks_uri}. */
        DISCOVERY,
        /** An explicitly configured {@code jwks_uri}. */
        JWKS_URI,
        /** Keys given in configuration; never fetched. */
        STATIC
    }

    /** A private copy of the builder, never changed after construction (its collections unmodifiable). */
    private final Builder c;

    private TrustedIssuer(Builder b) {
        this.c = b.copy();
    }

    /**
     * @return whether this is the host's own {@link LocalIssuer} (from {@link LocalIssuer#trustedIssuer()}): its
     *     tokens always make anonymous callers
     */
    public boolean isLocal() {
        return c.local;
    }

    /**
     * @param issuer the exact {@code iss} value tokens carry (compared byte for byte, no normalization)
     * @return a builder
     */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    /** @return the exact issuer string */
    public String issuer() {
        return c.issuer;
    }

    /** @return the accepted audiences; empty only when {@link #acceptsAnyAudience()} */
    public Set<String> audiences() {
        return c.audiences;
    }

    /** @return whether the audience check was explicitly turned off */
    public boolean acceptsAnyAudience() {
        return c.anyAudience;
    }

    /** @return the accepted algorithms */
    public Set<SignatureAlgorithm> algorithms() {
        return c.algorithms;
    }

    /** @return where keys come from */
    public KeySource keySource() {
        return c.keySource;
    }

    /** @return the configured JWKS URL, for {@link KeySource#JWKS_URI} */
    public Optional<URI> jwksUri() {
        return Optional.ofNullable(c.jwksUri);
    }

    /** @return the discovery document's URL */
    public URI discoveryUri() {
        String base = c.issuer.endsWith("/") ? c.issuer.substring(0, c.issuer.length() - 1) : c.issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    /** @return the required {@code azp}, if configured */
    public Optional<String> authorizedParty() {
        return Optional.ofNullable(c.authorizedParty);
    }

    /** @return whether access tokens typed {@code at+jwt} (RFC 9068) are accepted besides ID tokens */
    public boolean acceptsAccessTokens() {
        return c.acceptAccessTokens;
    }

    /** @return whether {@code exp} must be present */
    public boolean requiresExpiration() {
        return c.requireExpiration;
    }

    /** @return whether {@code iat} must be present */
    public boolean requiresIssuedAt() {
        return c.requireIssuedAt;
    }

    /** @return further claims that must be present */
    public List<String> requiredClaims() {
        return c.requiredClaims;
    }

    /** @return how long fetched keys are used before a refresh */
    public Duration keyCacheTtl() {
        return c.keyCacheTtl;
    }

    /** @return how long before expiry keys are refreshed in the background */
    public Duration refreshAhead() {
        return c.refreshAhead;
    }

    /** @return the minimum time between refetches caused by an unknown {@code kid} */
    public Duration minRefetchInterval() {
        return c.minRefetchInterval;
    }

    /** @return how long keys stay usable after the issuer stops answering */
    public Duration outageTolerance() {
        return c.outageTolerance;
    }

    /** @return connect timeout for discovery and JWKS fetches */
    public Duration connectTimeout() {
        return c.connectTimeout;
    }

    /** @return read timeout for discovery and JWKS fetches */
    public Duration readTimeout() {
        return c.readTimeout;
    }

    /** @return the cap on a discovery or JWKS document's size */
    public int maxJwksBytes() {
        return c.maxJwksBytes;
    }

    /** @return the cap on keys in a JWKS */
    public int maxKeys() {
        return c.maxKeys;
    }

    JWKSet staticKeys() {
        return c.staticKeys;
    }

    byte[] hmacSecret() {
        return c.hmacSecret;
    }

    @Override
    public String toString() {
        return "TrustedIssuer{" + c.issuer + ", keys=" + c.keySource + ", audiences="
                + (c.anyAudience ? "<any>" : c.audiences) + ", algorithms=" + c.algorithms + "}";
    }

    /**
     * Configures a {@link TrustedIssuer}. Every setter checks its argument at once; {@link #build()} checks
     * the combination. Safe defaults: audience required, {@code exp} and {@code iat} required, RS256 ES256
     * PS256 EdDSA, keys from discovery, 5 min key cache refreshed 30 s ahead, unknown-{@code kid} refetch at
     * most every 10 s, 1 h outage tolerance, 1 s connect and 2 s read timeouts, 256 KiB and 100 keys per JWKS.
     */
    public static final class Builder {
        private final String issuer;
        private boolean local;
        private Set<String> audiences = new LinkedHashSet<>();
        private boolean anyAudience;
        private Set<SignatureAlgorithm> algorithms = EnumSet.copyOf(DEFAULT_ALGORITHMS);
        private boolean algorithmsSet;
        private KeySource keySource = KeySource.DISCOVERY;
        private URI jwksUri;
        private JWKSet staticKeys;
        private byte[] hmacSecret;
        private String authorizedParty;
        private boolean requireExpiration = true;
        private boolean acceptAccessTokens;
        private boolean requireIssuedAt = true;
        private List<String> requiredClaims = new ArrayList<>();
        private Duration keyCacheTtl = Duration.ofMinutes(5);
        private Duration refreshAhead = Duration.ofSeconds(30);
        private Duration minRefetchInterval = Duration.ofSeconds(10);
        private Duration outageTolerance = Duration.ofHours(1);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration readTimeout = Duration.ofSeconds(2);
        private int maxJwksBytes = 256 * 1024;
        private int maxKeys = 100;

        /** @return an unshared copy whose collections cannot change, for a {@link TrustedIssuer} to keep */
        private Builder copy() {
            Builder copy = new Builder(issuer);
            copy.local = local;
            copy.audiences = Collections.unmodifiableSet(new LinkedHashSet<>(audiences));
            copy.anyAudience = anyAudience;
            copy.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(algorithms));
            copy.algorithmsSet = algorithmsSet;
            copy.keySource = keySource;
            copy.jwksUri = jwksUri;
            copy.staticKeys = staticKeys;
            copy.hmacSecret = hmacSecret == null ? null : hmacSecret.clone();
            copy.authorizedParty = authorizedParty;
            copy.requireExpiration = requireExpiration;
            copy.acceptAccessTokens = acceptAccessTokens;
            copy.requireIssuedAt = requireIssuedAt;
            copy.requiredClaims = List.copyOf(requiredClaims);
            copy.keyCacheTtl = keyCacheTtl;
            copy.refreshAhead = refreshAhead;
            copy.minRefetchInterval = minRefetchInterval;
            copy.outageTolerance = outageTolerance;
            copy.connectTimeout = connectTimeout;
            copy.readTimeout = readTimeout;
            copy.maxJwksBytes = maxJwksBytes;
            copy.maxKeys = maxKeys;
            return copy;
        }

        /** Marks the host's own issuer; only {@link LocalIssuer#trustedIssuer()} does. */
        Builder local() {
            this.local = true;
            return this;
        }

        private Builder(String issuer) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.isEmpty()) {
                throw new IllegalArgumentException("issuer must not be empty");
            }
            if (issuer.indexOf('|') >= 0) {
                // identities hash issuer + "|" + subject: an issuer containing '|' could collide with another
                throw new IllegalArgumentException("issuer must not contain '|' (identities would be ambiguous)");
            }
            this.issuer = issuer;
        }

        /**
         * Tokens must name at least one of these in {@code aud}. Adds to any audiences set before.
         *
         * @param audiences accepted audiences, for example the OIDC client id
         * @return this builder
         */
        public Builder audiences(String... audiences) {
            Objects.requireNonNull(audiences, "audiences");
            for (String a : audiences) {
                Args.text(a, "audience");
                this.audiences.add(a);
            }
            return this;
        }

        /**
         * Turns the audience check off for this issuer. SpacetimeDB does this; do it only when every token
         * the issuer can mint is meant for you.
         *
         * @return this builder
         */
        public Builder anyAudience() {
            this.anyAudience = true;
            return this;
        }

        /**
         * Replaces the accepted algorithms. HMAC algorithms also need {@link #hmacSecret(byte[])}.
         *
         * @param algorithms at least one
         * @return this builder
         */
        public Builder algorithms(SignatureAlgorithm... algorithms) {
            Objects.requireNonNull(algorithms, "algorithms");
            if (algorithms.length == 0) {
                throw new IllegalArgumentException("at least one algorithm is required");
            }
            EnumSet<SignatureAlgorithm> set = EnumSet.noneOf(SignatureAlgorithm.class);
            for (SignatureAlgorithm a : algorithms) {
                set.add(Objects.requireNonNull(a, "algorithm"));
            }
            this.algorithms = set;
            this.algorithmsSet = true;
            return this;
        }

        /**
         * Fetch keys from this JWKS URL instead of discovering it.
         *
         * @param jwksUri https, or http on loopback
         * @return this builder
         */
        public Builder jwksUri(URI jwksUri) {
            HttpFetcher.requireSecureUrl(jwksUri, "jwksUri");
            this.jwksUri = jwksUri;
            this.keySource = KeySource.JWKS_URI;
            return this;
        }

        /**
         * Use exactly these keys, given as a JWKS JSON document; nothing is fetched. Replaces keys given
         * before. The document is read exactly as a fetched JWKS is (strict JSON, the same rules for its
         * members), so it gets the same verdict either way: a member of a kind Warden cannot use (an encryption
         * key, an unknown key type or curve) is ignored, with a WARN, and a token naming its {@code kid} is
         * rejected ({@code UNKNOWN_KEY}).
         *
         * @param jwksJson {@code {"keys":[...]}} of public keys: private key material, symmetric keys (use
         *     {@link #hmacSecret}) and duplicate {@code kid}s are refused
         * @return this builder
         * @throws IllegalArgumentException if the document is not strict JSON, holds no key Warden can use, or
         *     breaks one of those rules
         */
        public Builder staticKeys(String jwksJson) {
            this.staticKeys = JwkSets.parseConfigured(Objects.requireNonNull(jwksJson, "jwksJson"),
                    (kid, why) -> LOG.warn("staticKeys of issuer {}: ignoring the key with kid {}: {}", issuer,
                            Text.quote(kid), why));
            this.keySource = KeySource.STATIC;
            return this;
        }

        /**
         * Adds one key to the static keys (those of an earlier {@link #staticKeys(String)} or
         * {@code staticKey} call); nothing is fetched. The key declares no {@code alg}: it verifies every
         * accepted algorithm of its type (and, for EC, its curve), exactly as a JWK without {@code alg}.
         *
         * @param kid the key id tokens name in their header, non-empty, unique among the static keys
         * @param key an RSA, EC (named curve) or Ed25519 public key
         * @return this builder
         * @throws IllegalArgumentException if the kid is empty or taken, or the key's type is not supported
         */
        public Builder staticKey(String kid, PublicKey key) {
            Args.text(kid, "kid");
            Objects.requireNonNull(key, "key");
            this.staticKeys = JwkSets.plus(keySource == KeySource.STATIC ? staticKeys : null, kid, key);
            this.keySource = KeySource.STATIC;
            return this;
        }

        /**
         * Accept HS256 tokens signed with this shared secret (and only with it: a public key is never used
         * as an HMAC secret). Unless {@link #algorithms} is called, the issuer then accepts HS256 only and
         * fetches nothing; to accept asymmetric algorithms as well, list them all with {@link #algorithms}.
         *
         * @param secret at least 32 bytes
         * @return this builder
         */
        public Builder hmacSecret(byte[] secret) {
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 32) {
                throw new IllegalArgumentException("an HMAC secret must be at least 32 bytes, got " + secret.length);
            }
            this.hmacSecret = secret.clone();
            if (!algorithmsSet) {
                algorithms = EnumSet.of(SignatureAlgorithm.HS256);
            }
            return this;
        }

        /**
         * Require {@code azp} to equal this client id.
         *
         * @param clientId the authorized party
         * @return this builder
         */
        public Builder authorizedParty(String clientId) {
            this.authorizedParty = Args.text(clientId, "authorizedParty");
            return this;
        }

        /**
         * @param required whether tokens without {@code exp} are rejected (default true)
         * @return this builder
         */
        public Builder requireExpiration(boolean required) {
            this.requireExpiration = required;
            return this;
        }

        /**
         * @param required whether tokens without {@code iat} are rejected (default true, as SpacetimeDB)
         * @return this builder
         */
        public Builder requireIssuedAt(boolean required) {
            this.requireIssuedAt = required;
            return this;
        }

        /**
         * Whether tokens that say they are OAuth access tokens, header {@code typ} {@code at+jwt} (RFC 9068), are
         * accepted besides ID tokens. Off by default: such a token is meant for an API, and accepting it is a
         * decision to make with its audience ({@link #audiences(String...)} = the API's identifier). Tokens
         * typed {@code JWT} or untyped are accepted either way, as the ID and access tokens of most providers
         * (Keycloak, Auth0, Entra ID, Okta, Spring Authorization Server) are; any other {@code typ} (such as a
         * logout token's {@code logout+jwt}) and any token with an {@code events} claim never are.
         *
         * @param accept whether to accept {@code at+jwt} tokens
         * @return this builder
         */
        public Builder acceptAccessTokens(boolean accept) {
            this.acceptAccessTokens = accept;
            return this;
        }

        /**
         * @param claims claim names that must be present
         * @return this builder
         */
        public Builder requiredClaims(String... claims) {
            Objects.requireNonNull(claims, "claims");
            for (String c : claims) {
                requiredClaims.add(Args.text(c, "required claim"));
            }
            return this;
        }

        /**
         * @param ttl how long fetched keys are used before a refresh (at least 1 s)
         * @return this builder
         */
        public Builder keyCacheTtl(Duration ttl) {
            this.keyCacheTtl = Args.atLeast(ttl, Duration.ofSeconds(1), "keyCacheTtl");
            return this;
        }

        /**
         * @param ahead refresh this long before the cache expires (at least 0, less than the cache TTL)
         * @return this builder
         */
        public Builder refreshAhead(Duration ahead) {
            this.refreshAhead = Args.atLeast(ahead, Duration.ZERO, "refreshAhead");
            return this;
        }

        /**
         * @param interval minimum time between refetches caused by an unknown {@code kid} (at least 0)
         * @return this builder
         */
        public Builder minRefetchInterval(Duration interval) {
            this.minRefetchInterval = Args.atLeast(interval, Duration.ZERO, "minRefetchInterval");
            return this;
        }

        /**
         * @param tolerance how long keys remain usable after the issuer stops answering (at least 0)
         * @return this builder
         */
        public Builder outageTolerance(Duration tolerance) {
            this.outageTolerance = Args.atLeast(tolerance, Duration.ZERO, "outageTolerance");
            return this;
        }

        /**
         * @param connect connect timeout (at least 1 ms)
         * @param read read timeout (at least 1 ms)
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Args.atLeast(connect, Duration.ofMillis(1), "connect timeout");
            this.readTimeout = Args.atLeast(read, Duration.ofMillis(1), "read timeout");
            return this;
        }

        /**
         * @param maxBytes cap on a fetched document's size (1 KiB to 16 MiB)
         * @param maxKeys cap on keys in a JWKS (1 to 10000)
         * @return this builder
         */
        public Builder jwksLimits(int maxBytes, int maxKeys) {
            if (maxBytes < 1024 || maxBytes > 16 << 20) {
                throw new IllegalArgumentException("maxBytes must be between 1 KiB and 16 MiB, got " + maxBytes);
            }
            if (maxKeys < 1 || maxKeys > 10_000) {
                throw new IllegalArgumentException("maxKeys must be between 1 and 10000, got " + maxKeys);
            }
            this.maxJwksBytes = maxBytes;
            this.maxKeys = maxKeys;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalStateException if the combination is unsafe or inconsistent
         */
        public TrustedIssuer build() {
            IssuerRules.checkAudiences(issuer, audiences, anyAudience);
            IssuerRules.checkHmac(issuer, algorithms, hmacSecret != null);
            if (keySource == KeySource.DISCOVERY) {
                if (IssuerRules.fetchesNothing(algorithms, hmacSecret != null)) {
                    keySource = KeySource.STATIC;
                    staticKeys = new JWKSet();
                } else {
                    IssuerRules.checkDiscoverable(issuer);
                }
            }
            IssuerRules.checkRefresh(refreshAhead, keyCacheTtl,
                    IssuerRules.longestFetch(keySource, connectTimeout, readTimeout));
            return new TrustedIssuer(this);
        }
    }
}
