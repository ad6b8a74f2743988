package dev.warden.core;

import dev.warden.core.internal.CompactJws;
import dev.warden.core.internal.SignatureEngines;
import dev.warden.core.internal.StrictJson;
import dev.warden.core.internal.Text;
import java.io.IOException;
import java.security.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates ID tokens from an explicit allowlist of issuers and derives the caller's {@link Identity}.
 *
 * <p>{@link #validate(String)} returns a {@link VerifiedToken} or throws {@link TokenRejectedException}
 * with a stable {@link RejectionReason}; no other exception escapes and no message contains the token.
 * Thread-safe; build once per host with {@link #builder()} and {@link #close()} it on shutdown to stop
 * background key refreshes.
 *
 * <p>Checks, in order: size cap; compact serialization with exact base64url and strict JSON (duplicate
 * keys rejected); supported {@code alg}, no {@code crit}/{@code b64}/{@code zip}/{@code jwk}/{@code jku}/
 * {@code x5u}/{@code x5c}; {@code iss} trusted; {@code alg} allowed for it; signature (key pinned to its
 * {@code alg}, {@code use} and {@code key_ops}; exact ECDSA form); {@code sub}; {@code aud}; {@code azp};
 * {@code exp}, {@code nbf}, {@code iat} with clock skew; {@code hex_identity}; required claims.
 */
public final class TokenValidator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenValidator.class);

    private final Map<String, IssuerState> issuers;
    /** The host's own issuer ({@link TrustedIssuer#isLocal()}), or null. */
    private final IssuerState local;
    private final int maxTokenChars;
    private final ClaimChecks checks;
    private final ValidationListener listener;
    private final VerifiedTokenCache verified;
    private final ExecutorService refresher;
    /** Told of key removals besides the builder's listener; added and removed at any time. */
    private final List<BiConsumer<String, Set<String>>> removalListeners = new CopyOnWriteArrayList<>();

    private TokenValidator(Builder b) {
        long skewSeconds = b.clockSkew.getSeconds();
        this.maxTokenChars = b.maxTokenChars;
        this.checks = new ClaimChecks(b.clock, skewSeconds, b.maxIdentifierBytes);
        this.listener = new GuardedListener(b.listener);
        AtomicInteger threads = new AtomicInteger();
        this.refresher = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "warden-jwks-refresh-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.verified = b.cacheMaxBytes > 0
                ? new VerifiedTokenCache(b.cacheMaxBytes, b.cacheMaxTtl, b.clock, skewSeconds) : null;
        KeySetWatch.Removal removal = (iss, kids) -> {
            int n = verified == null ? 0 : verified.evict(iss, kids);
            LOG.info("issuer {} no longer lists the keys {}; {} cached tokens they verified were dropped", iss,
                    Text.quote(String.join(", ", kids)), n);
            listener.keysRemoved(iss, kids);
            for (BiConsumer<String, Set<String>> l : removalListeners) {
                try {
                    l.accept(iss, kids);
                } catch (RuntimeException e) {
                    LOG.warn("a key removal listener threw {}; ignored", e.getClass().getName());
                }
            }
        };
        SignatureEngines engines = b.jdkSignatures ? SignatureEngines.jdk() : SignatureEngines.select(b.signatureProvider);
        LOG.info("signatures verified by {}", engines.describe());
        listener.signatureProviders(engines.providerNames());
        Map<String, IssuerState> map = new LinkedHashMap<>();
        for (TrustedIssuer ti : b.issuers.values()) {
            map.put(ti.issuer(), IssuerState.create(ti, b.clock, listener, refresher, removal, engines));
        }
        this.issuers = Collections.unmodifiableMap(map);
        this.local = map.values().stream().filter(s -> s.config().isLocal()).findFirst().orElse(null);
    }

    /** @return a builder with safe defaults; at least one {@link Builder#trust(TrustedIssuer)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the trusted issuers, in configuration order */
    public Set<String> trustedIssuers() {
        return issuers.keySet();
    }

    /**
     * Fetches an issuer's keys now, whatever the key cache and the refetch interval say: the call for an
     * operator who has just removed a compromised key at the provider. As after every fetch, tokens verified
     * by a key the issuer no longer lists are dropped from the verified-token cache, so they are rejected
     * ({@code UNKNOWN_KEY}) from the next validation on.
     *
     * @param issuer a trusted issuer
     * @return the {@code kid}s of the signature keys the issuer now lists (keys Warden ignores, such as an
     *     encryption key, are not among them; its configured keys for an issuer with static keys)
     * @throws IllegalArgumentException if the issuer is not trusted
     * @throws TokenRejectedException {@code JWKS_UNAVAILABLE} if the keys could not be fetched; the cached keys
     *     stay in use
     */
    public Set<String> refreshKeys(String issuer) {
        IssuerState state = issuers.get(Objects.requireNonNull(issuer, "issuer"));
        if (state == null) {
            throw new IllegalArgumentException("issuer " + Text.quote(issuer) + " is not trusted");
        }
        return state.refreshKeys();
    }

    /**
     * Also tells {@code listener} when an issuer's keys go away, as {@link ValidationListener#keysRemoved}: for a
     * component built after the validator, such as a host that ends the connections those keys authenticated. It
     * runs on the thread that fetched the keys, after the tokens those keys verified were dropped from the cache;
     * it must be fast, and what it throws is logged and ignored.
     *
     * @param listener told the issuer and the {@code kid}s that went away (empty when only a key without
     *     {@code kid} went: tokens without {@code kid} of that issuer are then to be treated as gone)
     */
    public void addKeyRemovalListener(BiConsumer<String, Set<String>> listener) {
        removalListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener a listener {@linkplain #addKeyRemovalListener added} before; no longer told */
    public void removeKeyRemovalListener(BiConsumer<String, Set<String>> listener) {
        removalListeners.remove(listener);
    }

    /**
     * Whether a token that expires at {@code exp} has expired by this validator's clock: more than the clock skew
     * past it, in whole seconds, exactly when {@link #validate} would reject the token as {@code EXPIRED}. For a host
     * that keeps a connection open no longer than the token it was opened with would validate.
     *
     * @param exp a token's {@code exp}
     * @return whether it has expired
     */
    public boolean isExpired(Instant exp) {
        return checks.expired(Objects.requireNonNull(exp, "exp"));
    }

    /**
     * Whether the key that verified a token would still verify it: the issuer's secret for an HMAC algorithm,
     * else a key its key set in use lists with that {@code kid} (any of its keys, for a token without one) and that
     * has not just gone away. A {@code kid} of the host's own {@link LocalIssuer}, which re-signs other issuers'
     * tokens, is looked up among its keys. Never fetches for the {@code kid}; fetches the key set only when its
     * cache has expired, as validation would. For a host that must not accept, by something other than the token
     * itself, a connection whose token would no longer validate.
     *
     * @param issuer the token's {@code iss}
     * @param algorithm its algorithm
     * @param keyId its {@code kid}, or null
     * @return whether the key is in use; false for an issuer that is not trusted or does not accept the algorithm
     * @throws TokenRejectedException {@code JWKS_UNAVAILABLE} if the issuer's keys cannot be had
     */
    public boolean keyInUse(String issuer, SignatureAlgorithm algorithm, String keyId) {
        Objects.requireNonNull(algorithm, "algorithm");
        IssuerState state = issuers.get(Objects.requireNonNull(issuer, "issuer"));
        if (state == null) {
            return false;
        }
        IssuerState signer = local != null && local != state && keyId != null && local.hasStaticKey(keyId)
                ? local : state;
        return signer.keyInUse(algorithm, keyId);
    }

    /**
     * Validates a compact JWS ID token.
     *
     * @param token the token, without any {@code Bearer } prefix
     * @return the verified token
     * @throws TokenRejectedException if the token is not accepted; no other exception is thrown
     */
    public VerifiedToken validate(String token) throws TokenRejectedException {
        try {
            return doValidate(token);
        } catch (TokenRejectedException e) {
            notifyRejected(e);
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("token validation failed unexpectedly ({}); rejecting as MALFORMED", e.getClass().getName());
            TokenRejectedException r = new TokenRejectedException(RejectionReason.MALFORMED,
                    "token could not be processed", null, e);
            notifyRejected(r);
            throw r;
        }
    }

    private VerifiedToken doValidate(String token) {
        if (token != null && token.length() > maxTokenChars) {
            throw new TokenRejectedException(RejectionReason.TOO_LARGE,
                    "token is " + token.length() + " characters, the limit is " + maxTokenChars);
        }
        if (verified != null && token != null) {
            VerifiedToken hit = verified.get(token);
            if (hit != null) {
                checks.checkTimes(hit);
                listener.accepted(hit, true);
                return hit;
            }
        }
        CompactJws jws = CompactJws.parse(token, maxTokenChars);
        Map<String, Object> claims;
        try {
            claims = StrictJson.parseObjectValues(jws.payload());
        } catch (IOException e) {
            throw new TokenRejectedException(RejectionReason.MALFORMED, "payload is not a strict JSON object");
        }
        String iss = checks.issuer(claims);
        IssuerState state = issuers.get(iss);
        if (state == null) {
            throw new TokenRejectedException(RejectionReason.UNTRUSTED_ISSUER,
                    "issuer " + Text.quote(iss) + " is not trusted");   // never the trusted list: clients see this
        }
        IssuerState signer = signerOf(jws, state);
        long generation = signer.watch().generation();
        signer.verifySignature(jws);
        VerifiedToken result = checks.accept(state.config(), jws, claims,
                new String(jws.payload(), StandardCharsets.UTF_8));
        if (verified != null) {
            verified.put(token, result);
            if (signer.watch().generation() != generation) {
                verified.forget(token); // keys went away meanwhile: the eviction may have run before this put
            }
        }
        listener.accepted(result, false);
        return result;
    }

    /**
     * A token the host re-signed ({@link LocalIssuer#resign}) keeps its issuer's {@code iss} but names the local
     * key's {@code kid}: its signature is the local key's to verify, its claims its issuer's rules to check
     * (SpacetimeDB's {@code FullTokenValidator} also tries its own key first). The local {@code kid} is the key's
     * thumbprint, so another issuer's key cannot claim it by accident; one that did would not verify.
     */
    private IssuerState signerOf(CompactJws jws, IssuerState state) {
        return local != null && local != state && jws.keyId() != null && local.hasStaticKey(jws.keyId())
                ? local : state;
    }

    private void notifyRejected(TokenRejectedException e) {
        listener.rejected(e.reason(), e.issuer().orElse(null));
    }

    /** Stops background key refreshes. Validation keeps working with whatever keys are cached. */
    @Override
    public void close() {
        for (IssuerState s : issuers.values()) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing keys of {} failed", s.config().issuer(), e);
            }
        }
        refresher.shutdownNow();
    }

    /**
     * Configures a {@link TokenValidator}. Defaults: 60 s clock skew, 16 KiB token cap, {@code iss} and
     * {@code sub} at most 128 bytes, system UTC clock, a verified-token cache of 32 MiB whose entries live
     * at most 5 minutes (and never past the token's {@code exp}).
     */
    public static final class Builder {
        private final Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(60);
        private int maxTokenChars = 16 * 1024;
        private int maxIdentifierBytes = 128;
        private ValidationListener listener = ValidationListener.NONE;
        private long cacheMaxBytes = 32L << 20;
        private Duration cacheMaxTtl = Duration.ofMinutes(5);
        private Provider signatureProvider;
        private boolean jdkSignatures;

        private Builder() {}

        /**
         * Trusts one more issuer.
         *
         * @param issuer its configuration
         * @return this builder
         * @throws IllegalArgumentException if an issuer with the same string is already trusted
         */
        public Builder trust(TrustedIssuer issuer) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuers.putIfAbsent(issuer.issuer(), issuer) != null) {
                throw new IllegalArgumentException("issuer " + issuer.issuer() + " is already trusted");
            }
            return this;
        }

        /**
         * @param clock the time source for {@code exp}, {@code nbf} and {@code iat} checks
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param skew tolerance for clock differences, 0 to 5 minutes (default 60 s)
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes, got " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /**
         * @param chars the largest token accepted, 1 KiB to 1 MiB (default 16 KiB)
         * @return this builder
         */
        public Builder maxTokenSize(int chars) {
            if (chars < 1024 || chars > 1 << 20) {
                throw new IllegalArgumentException("maxTokenSize must be between 1024 and 1048576, got " + chars);
            }
            this.maxTokenChars = chars;
            return this;
        }

        /**
         * @param bytes the longest {@code iss} and {@code sub} accepted, in UTF-8 bytes, 1 to 4096 (default 128)
         * @return this builder
         */
        public Builder maxIdentifierBytes(int bytes) {
            if (bytes < 1 || bytes > 4096) {
                throw new IllegalArgumentException("maxIdentifierBytes must be between 1 and 4096, got " + bytes);
            }
            this.maxIdentifierBytes = bytes;
            return this;
        }

        /**
         * @param listener observer of fetches and decisions
         * @return this builder
         */
        public Builder listener(ValidationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sizes the cache of verified tokens: a repeated token costs a lookup and the time checks instead
         * of a signature check.
         *
         * @param maxBytes approximate memory bound, at least 64 KiB
         * @param maxTtl longest an entry lives, at least 1 s (entries never outlive the token's {@code exp})
         * @return this builder
         */
        public Builder verifiedTokenCache(long maxBytes, Duration maxTtl) {
            if (maxBytes < 64 * 1024) {
                throw new IllegalArgumentException("maxBytes must be at least 65536, got " + maxBytes);
            }
            Objects.requireNonNull(maxTtl, "maxTtl");
            if (maxTtl.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("maxTtl must be at least 1 s, got " + maxTtl);
            }
            this.cacheMaxBytes = maxBytes;
            this.cacheMaxTtl = maxTtl;
            return this;
        }

        /**
         * Verifies RSA (RS256-512), RSA-PSS (PS256-512), ECDSA (ES256-512) and Ed25519 signatures with this JCA
         * provider, such as a native one, instead of the JDK. For each algorithm the provider is used only if it
         * implements it and passes a known-answer self-test when the validator is built (a valid signature
         * verifies, tampered ones do not); otherwise that algorithm stays on the JDK and a WARN is logged. ECDSA
         * signatures are checked by Warden (exact size, {@code 0 < r, s < n}) before any provider sees them, and
         * transcoded to DER for a provider without the P1363 form. The choice is logged at INFO and told to
         * {@link ValidationListener#signatureProviders}. HMAC is unaffected.
         *
         * <p>Without this call, the provider of the optional {@code warden-crypto-native} artifact is used the
         * same way when that artifact is on the class path (or, for a modular application, in the module graph),
         * else the JDK. The provider need not be installed in {@link java.security.Security}.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder signatureProvider(Provider provider) {
            this.signatureProvider = Objects.requireNonNull(provider, "provider");
            this.jdkSignatures = false;
            return this;
        }

        /**
         * Verifies every signature with the JDK's own providers, as Warden does without native crypto: even when
         * the optional {@code warden-crypto-native} artifact is on the class path, and instead of any provider
         * given to {@link #signatureProvider} before. For a host that must stay on the JDK (a FIPS-validated
         * JDK provider, say) while a dependency brings the native artifact in.
         *
         * @return this builder
         */
        public Builder jdkSignatures() {
            this.signatureProvider = null;
            this.jdkSignatures = true;
            return this;
        }

        /**
         * Turns the verified-token cache off: every validation checks the signature.
         *
         * @return this builder
         */
        public Builder noVerifiedTokenCache() {
            this.cacheMaxBytes = 0;
            return this;
        }

        /**
         * @return the validator
         * @throws IllegalStateException if no issuer is trusted
         */
        public TokenValidator build() {
            if (issuers.isEmpty()) {
                throw new IllegalStateException("trust at least one issuer: a validator with none rejects everything");
            }
            return new TokenValidator(this);
        }
    }
}
