package dev.warden.core;

import dev.warden.core.internal.HttpFetcher;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The rules {@link TrustedIssuer.Builder#build()} enforces on a whole configuration, beyond what each
 * setter checks: an explicit audience decision, HMAC algorithms and secret together or not at all, a
 * discoverable issuer URL when keys come from discovery, and a refresh that starts before the cache expires.
 */
final class IssuerRules {

    private IssuerRules() {}

    static void checkAudiences(String issuer, Set<String> audiences, boolean anyAudience) {
        if (audiences.isEmpty() && !anyAudience) {
            throw new IllegalStateException("issuer " + issuer + ": accepted audiences are required; call "
                    + "audiences(...) with your client id, or anyAudience() to turn the check off explicitly");
        }
        if (!audiences.isEmpty() && anyAudience) {
            throw new IllegalStateException("issuer " + issuer + ": audiences(...) and anyAudience() contradict");
        }
    }

    static void checkHmac(String issuer, Set<SignatureAlgorithm> algorithms, boolean hasSecret) {
        boolean wantsHmac = algorithms.stream().anyMatch(SignatureAlgorithm::isSymmetric);
        if (wantsHmac && !hasSecret) {
            throw new IllegalStateException("issuer " + issuer + ": HMAC algorithms need hmacSecret(...)");
        }
        if (hasSecret && !wantsHmac) {
            throw new IllegalStateException("issuer " + issuer + ": hmacSecret(...) given but no HS algorithm allowed");
        }
    }

    /** @return whether an issuer accepting these algorithms, with a secret or not, needs no keys fetched */
    static boolean fetchesNothing(Set<SignatureAlgorithm> algorithms, boolean hasSecret) {
        return hasSecret && algorithms.stream().allMatch(SignatureAlgorithm::isSymmetric);
    }

    static void checkDiscoverable(String issuer) {
        try {
            HttpFetcher.requireSecureUrl(URI.create(issuer), "issuer (for discovery)");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage()
                    + "; configure jwksUri(...) or staticKeys(...) for a non-URL issuer", e);
        }
    }

    static void checkRefresh(Duration refreshAhead, Duration keyCacheTtl, Duration longestFetch) {
        if (refreshAhead.compareTo(keyCacheTtl) >= 0) {
            throw new IllegalStateException("refreshAhead (" + refreshAhead + ") must be shorter than keyCacheTtl ("
                    + keyCacheTtl + ")");
        }
        if (!refreshAhead.isZero() && refreshAhead.plus(longestFetch).compareTo(keyCacheTtl) >= 0) {
            // a refresh started ahead must be able to finish before the keys expire (nimbus refuses it too)
            throw new IllegalStateException("refreshAhead (" + refreshAhead + ") plus the longest key fetch ("
                    + longestFetch + ") must be shorter than keyCacheTtl (" + keyCacheTtl + "): lengthen "
                    + "keyCacheTtl, shorten refreshAhead or the timeouts, or set refreshAhead to zero");
        }
    }

    /**
     * @return the longest a key fetch may take: discovery is read again on every fetch, so a fetch by discovery
     *     is two requests, each with its deadlines, plus half a second
     */
    static Duration longestFetch(TrustedIssuer.KeySource source, Duration connect, Duration read) {
        long requests = source == TrustedIssuer.KeySource.DISCOVERY ? 2 : 1;
        return connect.plus(read).multipliedBy(requests).plusMillis(500);
    }
}
