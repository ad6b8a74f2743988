package dev.warden.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.events.Event;
import dev.warden.core.internal.CompactJws;
import dev.warden.core.internal.HttpFetcher;
import dev.warden.core.internal.IssuerKeys;
import dev.warden.core.internal.KeyVerifiers;
import dev.warden.core.internal.RemoteJwkSetSource;
import dev.warden.core.internal.SignatureCheck;
import dev.warden.core.internal.StrictJson;
import dev.warden.core.internal.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** 9999-12-31T23:59:59Z: NumericDates beyond this are refused rather than overflowing. */
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;

    private final Map<String, IssuerState> issuers;
    private final Clock clock;
    private final long skewSeconds;
    private final int maxTokenChars;
    private final int maxIdentifierBytes;
    private final ValidationListener listener;
    private final Cache<String, VerifiedToken> verified;
    private final ExecutorService refresher;

    private static final class IssuerState {
        final TrustedIssuer config;
        final IssuerKeys keys;
        final SignatureCheck hmac;

        IssuerState(TrustedIssuer config, IssuerKeys keys, SignatureCheck hmac) {
            this.config = config;
            this.keys = keys;
            this.hmac = hmac;
        }
    }

    private TokenValidator(Builder b) {
        this.clock = b.clock;
        this.skewSeconds = b.clockSkew.getSeconds();
        this.maxTokenChars = b.maxTokenChars;
        this.maxIdentifierBytes = b.maxIdentifierBytes;
        this.listener = b.listener;
        AtomicInteger threads = new AtomicInteger();
        this.refresher = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "warden-jwks-refresh-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<String, IssuerState> map = new LinkedHashMap<>();
        for (TrustedIssuer ti : b.issuers.values()) {
            map.put(ti.issuer(), new IssuerState(ti, keysFor(ti), hmacFor(ti)));
        }
        this.issuers = Collections.unmodifiableMap(map);
        if (b.cacheMaxBytes > 0) {
            long maxTtlNanos = b.cacheMaxTtl.toNanos();
            this.verified = Caffeine.newBuilder()
                    .maximumWeight(b.cacheMaxBytes)
                    .weigher((String token, VerifiedToken v) -> 64 + token.length() * 2 + v.rawPayload().length() * 6)
                    .expireAfter(new Expiry<String, VerifiedToken>() {
                        @Override
                        public long expireAfterCreate(String key, VerifiedToken value, long currentTime) {
                            if (value.expiresAt().isEmpty()) {
                                return maxTtlNanos;
                            }
                            long left = Duration.between(clock.instant(),
                                    value.expiresAt().get().plusSeconds(skewSeconds)).toNanos();
                            return Math.max(0, Math.min(maxTtlNanos, left));
                        }

                        @Override
                        public long expireAfterUpdate(String key, VerifiedToken value, long currentTime,
                                                      long currentDuration) {
                            return currentDuration;
                        }

                        @Override
                        public long expireAfterRead(String key, VerifiedToken value, long currentTime,
                                                    long currentDuration) {
                            return currentDuration;
                        }
                    })
                    .build();
        } else {
            this.verified = null;
        }
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
     * Validates a compact JWS ID token.
     *
     * @param token the token, without any {@code Bearer } prefix
     * @return the verified token
     * @throws TokenRejectedException if the token is not accepted; no other exception is thrown
     */
    public VerifiedToken validate(String token) throws TokenRejectedException {
        try {
            VerifiedToken result = doValidate(token);
            return result;
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
            VerifiedToken hit = verified.getIfPresent(token);
            if (hit != null) {
                checkTimes(hit.expiresAt().orElse(null), hit.notBefore().orElse(null), hit.issuedAt().orElse(null),
                        hit.issuer());
                notifyAccepted(hit, true);
                return hit;
            }
        }
        CompactJws jws = CompactJws.parse(token, maxTokenChars);
        ObjectNode payload;
        try {
            payload = StrictJson.parseObject(jws.payload());
        } catch (IOException e) {
            throw new TokenRejectedException(RejectionReason.MALFORMED, "payload is not a strict JSON object");
        }
        String iss = identifierClaim(payload, "iss", null);
        IssuerState state = issuers.get(iss);
        if (state == null) {
            throw new TokenRejectedException(RejectionReason.UNTRUSTED_ISSUER,
                    "issuer " + Text.quote(iss) + " is not trusted");
        }
        TrustedIssuer cfg = state.config;
        if (!cfg.algorithms().contains(jws.algorithm())) {
            throw new TokenRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM,
                    jws.algorithm() + " is not accepted for this issuer (accepted: " + cfg.algorithms() + ")", iss, null);
        }
        if (jws.algorithm().isSymmetric()) {
            if (!state.hmac.verify(jws.algorithm(), jws.signingInput(), jws.signature())) {
                throw new TokenRejectedException(RejectionReason.BAD_SIGNATURE, "signature does not verify", iss, null);
            }
        } else {
            state.keys.verify(jws);
        }

        String sub = identifierClaim(payload, "sub", iss);
        List<String> aud = audience(payload, iss);
        if (!cfg.acceptsAnyAudience() && aud.stream().noneMatch(cfg.audiences()::contains)) {
            throw new TokenRejectedException(RejectionReason.AUDIENCE_MISMATCH, aud.isEmpty()
                    ? "token has no aud" : "aud names none of the accepted audiences", iss, null);
        }
        String azp = optionalString(payload, "azp", iss);
        if (cfg.authorizedParty().isPresent() && !cfg.authorizedParty().get().equals(azp)) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM, azp == null
                    ? "token has no azp, " + Text.quote(cfg.authorizedParty().get()) + " is required"
                    : "azp " + Text.quote(azp) + " is not the authorized party", iss, null);
        }
        Instant exp = numericDate(payload, "exp", iss);
        Instant nbf = numericDate(payload, "nbf", iss);
        Instant iat = numericDate(payload, "iat", iss);
        if (exp == null && cfg.requiresExpiration()) {
            throw new TokenRejectedException(RejectionReason.MISSING_CLAIM, "token has no exp", iss, null);
        }
        if (iat == null && cfg.requiresIssuedAt()) {
            throw new TokenRejectedException(RejectionReason.MISSING_CLAIM, "token has no iat", iss, null);
        }
        checkTimes(exp, nbf, iat, iss);
        Identity identity = Identity.fromClaims(iss, sub);
        String hex = optionalString(payload, "hex_identity", iss);
        if (hex != null) {
            Identity claimed;
            try {
                claimed = Identity.fromHex(hex);
            } catch (IllegalArgumentException e) {
                throw new TokenRejectedException(RejectionReason.INVALID_CLAIM, "hex_identity is not 32 bytes of hex",
                        iss, null);
            }
            if (!claimed.equals(identity)) {
                throw new TokenRejectedException(RejectionReason.IDENTITY_MISMATCH,
                        "hex_identity does not match iss and sub", iss, null);
            }
        }
        for (String required : cfg.requiredClaims()) {
            JsonNode n = payload.get(required);
            if (n == null || n.isNull()) {
                throw new TokenRejectedException(RejectionReason.MISSING_CLAIM,
                        "required claim " + Text.quote(required) + " is missing", iss, null);
            }
        }
        VerifiedToken result = new VerifiedToken(iss, sub, aud, identity, jws.algorithm(), jws.keyId(), iat, nbf, exp,
                azp, payload, new String(jws.payload(), StandardCharsets.UTF_8));
        if (verified != null) {
            verified.put(token, result);
        }
        notifyAccepted(result, false);
        return result;
    }

    private void checkTimes(Instant exp, Instant nbf, Instant iat, String iss) {
        long now = clock.instant().getEpochSecond();
        if (exp != null && now > exp.getEpochSecond() + skewSeconds) {
            throw new TokenRejectedException(RejectionReason.EXPIRED, "token expired at " + exp, iss, null);
        }
        if (nbf != null && now + skewSeconds < nbf.getEpochSecond()) {
            throw new TokenRejectedException(RejectionReason.NOT_YET_VALID, "token is not valid before " + nbf, iss,
                    null);
        }
        if (iat != null && now + skewSeconds < iat.getEpochSecond()) {
            throw new TokenRejectedException(RejectionReason.ISSUED_IN_FUTURE, "token is issued in the future, at "
                    + iat, iss, null);
        }
    }

    private String identifierClaim(ObjectNode payload, String name, String iss) {
        JsonNode n = payload.get(name);
        if (n == null) {
            throw new TokenRejectedException(RejectionReason.MISSING_CLAIM, "token has no " + name, iss, null);
        }
        if (!n.isTextual()) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM, name + " is not a string", iss, null);
        }
        String v = n.textValue();
        if (v.isEmpty()) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM, name + " is empty", iss, null);
        }
        int bytes = v.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxIdentifierBytes) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM,
                    name + " is " + bytes + " bytes, the limit is " + maxIdentifierBytes, iss, null);
        }
        return v;
    }

    private static String optionalString(ObjectNode payload, String name, String iss) {
        JsonNode n = payload.get(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM, name + " is not a string", iss, null);
        }
        return n.textValue();
    }

    private static List<String> audience(ObjectNode payload, String iss) {
        JsonNode n = payload.get("aud");
        if (n == null) {
            return List.of();
        }
        if (n.isTextual()) {
            return List.of(n.textValue());
        }
        if (!n.isArray()) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM, "aud is neither a string nor an array",
                    iss, null);
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw new TokenRejectedException(RejectionReason.INVALID_CLAIM, "aud holds a non-string", iss, null);
            }
            out.add(item.textValue());
        }
        return Collections.unmodifiableList(out);
    }

    private static Instant numericDate(ObjectNode payload, String name, String iss) {
        JsonNode n = payload.get(name);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM,
                    name + " must be a whole number of seconds", iss, null);
        }
        long v = n.longValue();
        if (v < 0 || v > MAX_NUMERIC_DATE) {
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM, name + " is out of range", iss, null);
        }
        return Instant.ofEpochSecond(v);
    }

    private IssuerKeys keysFor(TrustedIssuer ti) {
        long waitMillis = ti.connectTimeout().plus(ti.readTimeout()).toMillis() + 500;
        if (ti.keySource() == TrustedIssuer.KeySource.STATIC) {
            return new IssuerKeys(ti.issuer(), null, ti.staticKeys(), clock, 0, waitMillis, 4);
        }
        String iss = ti.issuer();
        RemoteJwkSetSource remote = new RemoteJwkSetSource(iss,
                ti.keySource() == TrustedIssuer.KeySource.DISCOVERY ? ti.discoveryUri() : null,
                ti.jwksUri().orElse(null),
                new HttpFetcher(ti.connectTimeout(), ti.readTimeout(), ti.maxJwksBytes()),
                ti.maxKeys(),
                new RemoteJwkSetSource.Events() {
                    @Override
                    public void fetched(int keyCount) {
                        LOG.debug("fetched {} keys for issuer {}", keyCount, iss);
                        safely(() -> listener.keysFetched(iss, keyCount));
                    }

                    @Override
                    public void failed(String message) {
                        LOG.warn("key fetch for issuer {} failed: {}", iss, message);
                        safely(() -> listener.keyFetchFailed(iss, message));
                    }
                });
        JWKSourceBuilder<SecurityContext> b = JWKSourceBuilder.create((JWKSetSource<SecurityContext>) remote)
                .rateLimited(false)
                .retrying(false);
        long ttl = ti.keyCacheTtl().toMillis();
        if (ti.refreshAhead().isZero()) {
            b.cache(ttl, waitMillis);
        } else {
            b.cache(ttl, waitMillis).refreshAheadCache(ti.refreshAhead().toMillis(), null, refresher, false, null,
                    false);
        }
        if (ti.outageTolerance().isZero()) {
            b.outageTolerant(false);
        } else {
            b.outageTolerant(ti.outageTolerance().toMillis(),
                    (Event<OutageTolerantJWKSetSource<SecurityContext>, SecurityContext> e) -> {
                        long remaining = e instanceof OutageTolerantJWKSetSource.OutageEvent
                                ? ((OutageTolerantJWKSetSource.OutageEvent<SecurityContext>) e).getRemainingTime() : 0;
                        safely(() -> listener.staleKeysServed(iss, remaining));
                    });
        }
        JWKSetSource<SecurityContext> chain =
                ((JWKSetBasedJWKSource<SecurityContext>) b.build()).getJWKSetSource();
        return new IssuerKeys(iss, chain, null, clock, ti.minRefetchInterval().toMillis(), waitMillis, 4);
    }

    private static SignatureCheck hmacFor(TrustedIssuer ti) {
        byte[] secret = ti.hmacSecret();
        return secret == null ? null : KeyVerifiers.prepare(new OctetSequenceKey.Builder(secret).build());
    }

    private void notifyRejected(TokenRejectedException e) {
        safely(() -> listener.rejected(e.reason(), e.issuer().orElse(null)));
    }

    private void notifyAccepted(VerifiedToken t, boolean fromCache) {
        safely(() -> listener.accepted(t, fromCache));
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("validation listener threw {}; ignored", e.getClass().getName());
        }
    }

    /** Stops background key refreshes. Validation keeps working with whatever keys are cached. */
    @Override
    public void close() {
        for (IssuerState s : issuers.values()) {
            try {
                s.keys.close();
            } catch (IOException e) {
                LOG.debug("closing keys of {} failed", s.config.issuer(), e);
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
