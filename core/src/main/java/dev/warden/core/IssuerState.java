package dev.warden.core;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
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
import dev.warden.core.internal.SignatureEngines;
import dev.warden.core.internal.Text;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trusted issuer at run time: its configuration, its keys (fixed, or the fetch chain nimbus caches,
 * refreshes ahead and keeps through outages), its HMAC secret, and the signature half of validation.
 */
record IssuerState(TrustedIssuer config, IssuerKeys keys, SignatureCheck hmac, KeySetWatch watch)
        implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(TokenValidator.class);

    /**
     * @param listener already guarded: it never throws
     * @param refresher runs refresh-ahead fetches
     * @param removal told when a fetch no longer lists a key
     * @param engines the validator's signature engines
     */
    static IssuerState create(TrustedIssuer ti, Clock clock, ValidationListener listener, ExecutorService refresher,
                              KeySetWatch.Removal removal, SignatureEngines engines) {
        byte[] secret = ti.hmacSecret();
        SignatureCheck hmac = secret == null ? null
                : KeyVerifiers.prepare(new OctetSequenceKey.Builder(secret).build());
        KeySetWatch watch = new KeySetWatch(ti.issuer(), removal);
        return new IssuerState(ti, keysFor(ti, clock, listener, refresher, watch, engines), hmac, watch);
    }

    /**
     * Fetches the keys now.
     *
     * @return the {@code kid}s now listed
     * @throws TokenRejectedException {@code JWKS_UNAVAILABLE} if the fetch failed (cached keys stay in use)
     */
    Set<String> refreshKeys() {
        long before = KeySetWatch.fetchesOnThisThread();
        JWKSet set = keys.refreshNow();
        // this thread's own fetch must have succeeded: a set another thread fetched meanwhile, served by outage
        // tolerance when ours failed, may predate the removal the operator is refreshing for
        if (config.keySource() != TrustedIssuer.KeySource.STATIC && KeySetWatch.fetchesOnThisThread() == before) {
            throw new TokenRejectedException(RejectionReason.JWKS_UNAVAILABLE,
                    "the issuer's keys could not be fetched; the cached keys stay in use", config.issuer(), null);
        }
        Set<String> kids = new LinkedHashSet<>();
        for (JWK k : set.getKeys()) {
            if (k.getKeyID() != null) {
                kids.add(k.getKeyID());
            }
        }
        return Collections.unmodifiableSet(kids);
    }

    /**
     * Whether a token of this issuer signed with this algorithm and {@code kid} would still find its key: the
     * issuer's secret for HMAC, else a key of the key set in use (not one that just went away) with this
     * {@code kid}, or any key for a token without one. Fetches only as validation would (an expired cache).
     *
     * @throws TokenRejectedException {@code JWKS_UNAVAILABLE} if no key set can be had
     */
    boolean keyInUse(SignatureAlgorithm algorithm, String kid) {
        if (!config.algorithms().contains(algorithm)) {
            return false;
        }
        return algorithm.isSymmetric() ? hmac != null : keys.lists(kid);
    }

    /** @return whether this issuer's configured (never fetched) keys include one with this {@code kid} */
    boolean hasStaticKey(String kid) {
        return config.staticKeys() != null && config.staticKeys().getKeyByKeyId(kid) != null;
    }

    /** Checks that the token's algorithm is accepted for this issuer, then its signature. */
    void verifySignature(CompactJws jws) {
        String iss = config.issuer();
        if (!config.algorithms().contains(jws.algorithm())) {
            throw new TokenRejectedException(RejectionReason.UNSUPPORTED_ALGORITHM, jws.algorithm()
                    + " is not accepted for this issuer (accepted: " + config.algorithms() + ")", iss, null);
        }
        if (jws.algorithm().isSymmetric()) {
            if (!hmac.verify(jws.algorithm(), jws.signingInput(), jws.signature())) {
                throw new TokenRejectedException(RejectionReason.BAD_SIGNATURE, "signature does not verify", iss, null);
            }
        } else {
            keys.verify(jws);
        }
    }

    private static IssuerKeys keysFor(TrustedIssuer ti, Clock clock, ValidationListener listener,
                                      ExecutorService refresher, KeySetWatch watch, SignatureEngines engines) {
        long waitMillis = IssuerRules.longestFetch(ti.keySource(), ti.connectTimeout(), ti.readTimeout()).toMillis();
        if (ti.keySource() == TrustedIssuer.KeySource.STATIC) {
            return new IssuerKeys(ti.issuer(), null, ti.staticKeys(), clock, 0, waitMillis, 4, engines, k -> false);
        }
        String iss = ti.issuer();
        RemoteJwkSetSource remote = new RemoteJwkSetSource(iss,
                ti.keySource() == TrustedIssuer.KeySource.DISCOVERY ? ti.discoveryUri() : null,
                ti.jwksUri().orElse(null),
                new HttpFetcher(ti.connectTimeout(), ti.readTimeout(), ti.maxJwksBytes()),
                ti.maxKeys(),
                new RemoteJwkSetSource.Events() {
                    @Override
                    public void fetched(JWKSet set) {
                        LOG.debug("fetched {} keys for issuer {}", set.size(), iss);
                        listener.keysFetched(iss, set.size());
                        watch.fetched(set);
                    }

                    @Override
                    public void failed(String message) {
                        LOG.warn("key fetch for issuer {} failed: {}", iss, message);
                        listener.keyFetchFailed(iss, message);
                    }

                    @Override
                    public void ignored(String kid, String why) {
                        LOG.info("ignoring a key of issuer {}: kid {}: {}", iss, Text.quote(kid), why);
                        listener.keyIgnored(iss, kid, why);
                    }
                });
        JWKSourceBuilder<SecurityContext> b = JWKSourceBuilder.create((JWKSetSource<SecurityContext>) remote)
                .rateLimited(false)
                .retrying(false);
        long ttl = ti.keyCacheTtl().toMillis();
        if (ti.refreshAhead().isZero()) {
            b.cache(ttl, waitMillis).refreshAheadCache(false); // nimbus refreshes ahead unless told not to
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
                        listener.staleKeysServed(iss, remaining);
                    });
        }
        JWKSetSource<SecurityContext> chain =
                ((JWKSetBasedJWKSource<SecurityContext>) b.build()).getJWKSetSource();
        return new IssuerKeys(iss, chain, null, clock, ti.minRefetchInterval().toMillis(), waitMillis, 4,
                engines, watch::isRetired);
    }

    @Override
    public void close() throws IOException {
        keys.close();
    }
}
