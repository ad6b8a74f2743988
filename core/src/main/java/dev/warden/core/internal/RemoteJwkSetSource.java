package dev.warden.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetParseException;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;

/**
 * The bottom of an issuer's key chain: fetches the JWKS over HTTP, first resolving {@code jwks_uri} through
 * OIDC discovery when configured so (the discovered {@code issuer} must equal the configured one). Discovery is
 * read again on every fetch, so a provider that moves its keys is followed at the next key refresh (and
 * never more often than the keys are fetched); if it fails then, the last discovered {@code jwks_uri} is used
 * and the failure reported. Every
 * fetch is bounded by {@link HttpFetcher}; documents are parsed by {@link StrictJson} and capped in key
 * count. Caching, refresh-ahead and outage tolerance are layered on top by nimbus' {@code JWKSourceBuilder}.
 */
public final class RemoteJwkSetSource implements JWKSetSource<SecurityContext> {

    /** What a fetch reports, so the validator's listener can see it. */
    public interface Events {
        /**
         * @param keys the fetched set
         */
        void fetched(JWKSet keys);

        /**
         * @param message why the fetch failed (no secrets)
         */
        void failed(String message);

        /**
         * @param kid the ignored member's {@code kid}, or null
         * @param why what Warden cannot use about it
         */
        void ignored(String kid, String why);
    }

    private final String issuer;
    private final URI discoveryUri;
    private final HttpFetcher http;
    private final int maxKeys;
    private final Events events;
    private final URI jwksUri;
    private volatile URI discovered;

    /**
     * @param issuer the configured issuer
     * @param discoveryUri the discovery document's URL, or null when {@code jwksUri} is given
     * @param jwksUri the JWKS URL, or null to discover it
     * @param http the fetcher
     * @param maxKeys the cap on keys per document
     * @param events fetch notifications
     */
    public RemoteJwkSetSource(String issuer, URI discoveryUri, URI jwksUri, HttpFetcher http, int maxKeys,
                              Events events) {
        this.issuer = issuer;
        this.discoveryUri = discoveryUri;
        this.jwksUri = jwksUri;
        this.http = http;
        this.maxKeys = maxKeys;
        this.events = events;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws JWKSetRetrievalException, JWKSetParseException {
        try {
            JWKSet set = parse(http.get(resolveJwksUri()));
            events.fetched(set);
            return set;
        } catch (IOException e) {
            events.failed(e.getMessage());
            throw new JWKSetRetrievalException(e.getMessage(), e);
        } catch (JWKSetParseException e) {
            events.failed(e.getMessage());
            throw e;
        }
    }

    private URI resolveJwksUri() throws IOException, JWKSetParseException {
        if (discoveryUri == null) {
            return jwksUri;
        }
        URI known = discovered;
        try {
            URI fresh = discover();
            discovered = fresh;
            return fresh;
        } catch (IOException | JWKSetParseException e) {
            if (known == null) {
                throw e;
            }
            events.failed("discovery failed, keys fetched from the last discovered jwks_uri: " + e.getMessage());
            return known;
        }
    }

    private URI discover() throws IOException, JWKSetParseException {
        ObjectNode doc;
        try {
            doc = StrictJson.parseObject(http.get(discoveryUri));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new JWKSetParseException("discovery document is not a strict JSON object", e);
        }
        JsonNode iss = doc.get("issuer");
        if (iss == null || !iss.isTextual() || !iss.textValue().equals(issuer)) {
            throw new JWKSetParseException("discovery document names issuer " + (iss == null ? "none"
                    : Text.quote(iss.asText())) + ", expected " + Text.quote(issuer), null);
        }
        JsonNode uri = doc.get("jwks_uri");
        if (uri == null || !uri.isTextual()) {
            throw new JWKSetParseException("discovery document has no jwks_uri string", null);
        }
        URI resolved;
        try {
            resolved = URI.create(uri.textValue());
            HttpFetcher.requireSecureUrl(resolved, "jwks_uri");
        } catch (IllegalArgumentException e) {
            throw new JWKSetParseException("discovered jwks_uri is not acceptable: " + e.getMessage(), e);
        }
        return resolved;
    }

    private JWKSet parse(byte[] body) throws JWKSetParseException {
        try {
            return JwkSets.parsePublished(body, maxKeys, events::ignored);
        } catch (IllegalArgumentException e) {
            throw new JWKSetParseException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // the HTTP client holds no resources that need closing on Java 17
    }
}
