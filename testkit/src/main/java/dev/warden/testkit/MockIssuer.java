package dev.warden.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.warden.core.TrustedIssuer;
import dev.warden.testkit.internal.SigningKey;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A SpacetimeAuth-like OpenID provider on WireMock, on a random loopback port: discovery, JWKS, a token
 * endpoint (client credentials, authorization code with PKCE S256, rotating refresh tokens, and the
 * {@code urn:spacetimeauth:steam-ticket} exchange), an authorization endpoint that logs in the user named by
 * {@code login_hint}, and end session. Key rotation on demand and outage simulation for resilience tests.
 * Several can run at once. Thread-safe; {@link #close()} stops it.
 *
 * <pre>{@code
 * try (MockIssuer idp = MockIssuer.start()) {
 *     idp.user("alice").roles("admin");
 *     TokenValidator v = TokenValidator.builder().trust(idp.trust().build()).build();
 *     String token = idp.tokens().user("alice").roles("admin").sign();
 * }
 * }</pre>
 */
public final class MockIssuer implements AutoCloseable {

    /** The steam ticket grant SpacetimeAuth offers. */
    public static final String STEAM_TICKET_GRANT = "urn:spacetimeauth:steam-ticket";
    /** The audience (client id) of the default client. */
    public static final String DEFAULT_CLIENT = "test-client";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TRANSFORMER = "warden-mock-issuer";

    private final WireMockServer server;
    private final String basePath;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final String projectId;
    private final List<KeyEntry> keys = new CopyOnWriteArrayList<>();
    private volatile SigningKey active;
    private final Map<String, MockUser> users = new ConcurrentHashMap<>();
    private final Map<String, MockClient> clients = new ConcurrentHashMap<>();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private volatile Outage outage;
    private volatile Function<String, Optional<String>> steamTicketCheck = t -> Optional.empty();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private final TokenFactory tokens;

    private static final class KeyEntry {
        final SigningKey key;
        volatile Instant retireAt;

        KeyEntry(SigningKey key) {
            this.key = key;
        }
    }

    private static final class PendingCode {
        final String clientId;
        final String redirectUri;
        final String challenge;
        final String subject;
        final String nonce;

        PendingCode(String clientId, String redirectUri, String challenge, String subject, String nonce) {
            this.clientId = clientId;
            this.redirectUri = redirectUri;
            this.challenge = challenge;
            this.subject = subject;
            this.nonce = nonce;
        }
    }

    private static final class RefreshGrant {
        final String clientId;
        final String subject;

        RefreshGrant(String clientId, String subject) {
            this.clientId = clientId;
            this.subject = subject;
        }
    }

    private MockIssuer(Builder b) {
        this.basePath = b.basePath;
        this.clock = b.clock;
        this.tokenLifetime = b.tokenLifetime;
        this.projectId = b.projectId;
        this.active = SigningKey.generate();
        keys.add(new KeyEntry(active));
        this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new Transformer()));
        server.start();
        server.stubFor(any(urlPathMatching(basePath + "/.*")).willReturn(aResponse().withTransformers(TRANSFORMER)));
        client(DEFAULT_CLIENT).secret("test-secret").redirectUri("http://127.0.0.1/callback");
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("project_id", projectId);
        this.tokens = new TokenFactory(issuer(), () -> active, clock, DEFAULT_CLIENT, tokenLifetime, defaults);
    }

    /** @return a started issuer with defaults */
    public static MockIssuer start() {
        return builder().start();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the issuer string ({@code http://127.0.0.1:<port>/oidc}) */
    public String issuer() {
        return "http://127.0.0.1:" + server.port() + basePath;
    }

    /** @return the SpacetimeAuth-like project id tokens carry in {@code project_id} */
    public String projectId() {
        return projectId;
    }

    /** @return the token endpoint */
    public URI tokenEndpoint() {
        return URI.create(issuer() + "/token");
    }

    /** @return the authorization endpoint */
    public URI authorizationEndpoint() {
        return URI.create(issuer() + "/auth");
    }

    /** @return the end-session endpoint */
    public URI endSessionEndpoint() {
        return URI.create(issuer() + "/session/end");
    }

    /** @return the JWKS URL */
    public URI jwksUri() {
        return URI.create(issuer() + "/jwks");
    }

    /** @return a factory minting tokens signed by the current key */
    public TokenFactory tokens() {
        return tokens;
    }

    /**
     * @param audiences accepted audiences (default: the default client)
     * @return trust configuration for a validator: this issuer, keys by discovery, HTTP allowed on loopback
     */
    public TrustedIssuer.Builder trust(String... audiences) {
        return TrustedIssuer.builder(issuer()).audiences(audiences.length == 0 ? new String[] {DEFAULT_CLIENT} : audiences);
    }

    /**
     * @param subject the user's {@code sub}
     * @return the user, created on first use
     */
    public MockUser user(String subject) {
        return users.computeIfAbsent(Objects.requireNonNull(subject, "subject"), MockUser::new);
    }

    /**
     * @param clientId the client's id (its tokens' audience)
     * @return the client, created on first use (public, no secret, until {@link MockClient#secret} is set)
     */
    public MockClient client(String clientId) {
        return clients.computeIfAbsent(Objects.requireNonNull(clientId, "clientId"), MockClient::new);
    }

    /**
     * @param check maps a Steam ticket to a Steam user id, or empty to refuse it
     */
    public void steamTicketCheck(Function<String, Optional<String>> check) {
        this.steamTicketCheck = Objects.requireNonNull(check, "check");
    }

    /**
     * Signs with a new key from now on; the old key stays published for {@code grace}, then is retired.
     *
     * @param grace how long the old key remains in the JWKS (zero retires it at once)
     * @return the new key's {@code kid}
     */
    public String rotateKeys(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        Instant retire = clock.instant().plus(grace);
        for (KeyEntry e : keys) {
            if (e.retireAt == null) {
                e.retireAt = retire;
            }
        }
        SigningKey next = SigningKey.generate();
        keys.add(new KeyEntry(next));
        active = next;
        return next.kid();
    }

    /** @return the {@code kid} tokens are signed with now */
    public String activeKeyId() {
        return active.kid();
    }

    /** @return the {@code kid}s the JWKS publishes now */
    public List<String> publishedKeyIds() {
        List<String> out = new ArrayList<>();
        for (KeyEntry e : published()) {
            out.add(e.key.kid());
        }
        return out;
    }

    private List<KeyEntry> published() {
        Instant now = clock.instant();
        List<KeyEntry> out = new ArrayList<>();
        for (KeyEntry e : keys) {
            if (e.retireAt == null || now.isBefore(e.retireAt)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Makes discovery and JWKS fail until {@link #recover()}. Tokens can still be minted.
     *
     * @param kind how they fail
     */
    public void outage(Outage kind) {
        this.outage = Objects.requireNonNull(kind, "kind");
    }

    /** Ends an outage. */
    public void recover() {
        this.outage = null;
    }

    /** @return how many times the JWKS was requested */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** @return how many times discovery was requested */
    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---------------------------------------------------------------- HTTP

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                return handle(event.getRequest());
            } catch (RuntimeException e) {
                return json(500, Map.of("error", "server_error", "error_description", String.valueOf(e.getMessage())));
            }
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return TRANSFORMER;
        }
    }

    private ResponseDefinition handle(Request request) {
        String path = URI.create(request.getUrl()).getPath().substring(basePath.length());
        String method = request.getMethod().value();
        switch (path) {
            case "/.well-known/openid-configuration":
                discoveryRequests.incrementAndGet();
                return outageOr(() -> json(200, discovery()));
            case "/jwks":
                jwksRequests.incrementAndGet();
                return outageOr(() -> json(200, Map.of("keys", jwks())));
            case "/token":
                return "POST".equals(method) ? token(request) : json(405, error("invalid_request", "use POST"));
            case "/auth":
                return authorize(query(request.getUrl()));
            case "/session/end":
                return endSession(query(request.getUrl()));
            default:
                return json(404, error("not_found", "no such endpoint"));
        }
    }

    private ResponseDefinition outageOr(java.util.function.Supplier<ResponseDefinition> ok) {
        Outage o = outage;
        if (o == null) {
            return ok.get();
        }
        switch (o) {
            case SERVER_ERROR:
                return aResponse().withStatus(503).withBody("unavailable").build();
            case RATE_LIMITED:
                return aResponse().withStatus(429).withHeader("Retry-After", "30").build();
            case CONNECTION_RESET:
                return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case GARBAGE:
                return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("<html>not json").build();
            case RANDOM_DATA:
                return aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE).build();
            case SLOW:
                ResponseDefinitionBuilder slow = aResponse().withStatus(200).withFixedDelay(5_000);
                return slow.withBody("{}").build();
            default:
                throw new IllegalStateException(o.toString());
        }
    }

    private Map<String, Object> discovery() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer());
        d.put("authorization_endpoint", authorizationEndpoint().toString());
        d.put("token_endpoint", tokenEndpoint().toString());
        d.put("jwks_uri", jwksUri().toString());
        d.put("end_session_endpoint", endSessionEndpoint().toString());
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
                STEAM_TICKET_GRANT));
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        d.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        return d;
    }

    private List<Map<String, Object>> jwks() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (KeyEntry e : published()) {
            out.add(e.key.publicJwk());
        }
        return out;
    }

    private ResponseDefinition token(Request request) {
        Map<String, String> form = parseForm(request.getBodyAsString());
        String grant = form.getOrDefault("grant_type", "");
        MockClient client = authenticateClient(request, form);
        if (client == null) {
            return json(401, error("invalid_client", "unknown client or wrong secret"));
        }
        switch (grant) {
            case "client_credentials": {
                if (client.secret == null) {
                    return json(400, error("unauthorized_client", "public clients cannot use client_credentials"));
                }
                String token = tokens.service(client.id).audience(client.audiences().toArray(new String[0]))
                        .roles(client.roles.toArray(new String[0])).sign();
                return json(200, tokenResponse(token, null, null));
            }
            case "authorization_code": {
                PendingCode code = codes.remove(form.getOrDefault("code", ""));
                if (code == null || !code.clientId.equals(client.id)) {
                    return json(400, error("invalid_grant", "unknown or used authorization code"));
                }
                if (!code.redirectUri.equals(form.get("redirect_uri"))) {
                    return json(400, error("invalid_grant", "redirect_uri differs from the authorization request"));
                }
                String verifier = form.get("code_verifier");
                if (verifier == null || !code.challenge.equals(s256(verifier))) {
                    return json(400, error("invalid_grant", "PKCE verification failed"));
                }
                return userTokens(client, code.subject, code.nonce);
            }
            case "refresh_token": {
                RefreshGrant g = refreshTokens.remove(form.getOrDefault("refresh_token", ""));
                if (g == null || !g.clientId.equals(client.id)) {
                    return json(400, error("invalid_grant", "unknown, used or revoked refresh token"));
                }
                return userTokens(client, g.subject, null);
            }
            case STEAM_TICKET_GRANT: {
                String ticket = form.get("ticket");
                Optional<String> steamId = ticket == null ? Optional.empty() : steamTicketCheck.apply(ticket);
                if (steamId.isEmpty()) {
                    return json(400, error("invalid_grant", "steam ticket refused"));
                }
                String sub = "steam:" + steamId.get();
                user(sub).loginMethod("steam");
                return userTokens(client, sub, null);
            }
            default:
                return json(400, error("unsupported_grant_type", "grant_type " + grant + " is not supported"));
        }
    }

    private ResponseDefinition userTokens(MockClient client, String subject, String nonce) {
        MockUser u = users.get(subject);
        if (u == null) {
            return json(400, error("invalid_grant", "no such user"));
        }
        TokenFactory.Spec spec = tokens.user(subject).audience(client.id).claim("azp", client.id)
                .roles(u.roles.toArray(new String[0])).claim("login_method", u.loginMethod);
        u.profile.forEach(spec::claim);
        if (nonce != null) {
            spec.claim("nonce", nonce);
        }
        String idToken = spec.sign();
        String refresh = randomToken();
        refreshTokens.put(refresh, new RefreshGrant(client.id, subject));
        return json(200, tokenResponse(idToken, idToken, refresh));
    }

    private Map<String, Object> tokenResponse(String accessToken, String idToken, String refreshToken) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("access_token", accessToken);
        r.put("token_type", "Bearer");
        r.put("expires_in", tokenLifetime.getSeconds());
        if (idToken != null) {
            r.put("id_token", idToken);
        }
        if (refreshToken != null) {
            r.put("refresh_token", refreshToken);
        }
        return r;
    }

    private MockClient authenticateClient(Request request, Map<String, String> form) {
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = request.getHeader("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        MockClient c = id == null ? null : clients.get(id);
        if (c == null) {
            return null;
        }
        if (c.secret != null && !MessageDigest.isEqual(c.secret.getBytes(StandardCharsets.UTF_8),
                String.valueOf(secret).getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return c;
    }

    private ResponseDefinition authorize(Map<String, String> q) {
        MockClient c = clients.get(q.getOrDefault("client_id", ""));
        String redirect = q.get("redirect_uri");
        if (c == null || redirect == null || !c.redirectUris.contains(redirect)) {
            return json(400, error("invalid_request", "unknown client or unregistered redirect_uri"));
        }
        String state = q.get("state");
        if (!"code".equals(q.get("response_type"))) {
            return redirect(redirect, Map.of("error", "unsupported_response_type"), state);
        }
        String challenge = q.get("code_challenge");
        if (challenge == null || !"S256".equals(q.get("code_challenge_method"))) {
            return redirect(redirect, Map.of("error", "invalid_request",
                    "error_description", "PKCE with S256 is required"), state);
        }
        String subject = q.get("login_hint");
        if (subject == null || !users.containsKey(subject)) {
            return redirect(redirect, Map.of("error", "access_denied"), state);
        }
        String code = randomToken();
        codes.put(code, new PendingCode(c.id, redirect, challenge, subject, q.get("nonce")));
        return redirect(redirect, Map.of("code", code), state);
    }

    private ResponseDefinition endSession(Map<String, String> q) {
        String subject = q.get("logout_hint");
        if (subject != null) {
            refreshTokens.values().removeIf(g -> g.subject.equals(subject));
        }
        String after = q.get("post_logout_redirect_uri");
        if (after != null && clients.values().stream().anyMatch(c -> c.postLogoutRedirectUris.contains(after))) {
            return redirect(after, Map.of(), q.get("state"));
        }
        return aResponse().withStatus(200).withBody("signed out").build();
    }

    private static ResponseDefinition redirect(String uri, Map<String, String> params, String state) {
        StringBuilder b = new StringBuilder(uri).append(uri.contains("?") ? '&' : '?');
        Map<String, String> all = new LinkedHashMap<>(params);
        if (state != null) {
            all.put("state", state);
        }
        all.forEach((k, v) -> b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        b.setLength(b.length() - 1);
        return aResponse().withStatus(302).withHeader("Location", b.toString()).build();
    }

    private static ResponseDefinition json(int status, Object body) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withHeader("Cache-Control", "no-store").withBody(JSON.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> error(String code, String description) {
        return Map.of("error", code, "error_description", description);
    }

    private static Map<String, String> query(String url) {
        String raw = URI.create(url).getRawQuery();
        return parseForm(raw == null ? "" : raw);
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /**
     * @param verifier a PKCE code verifier
     * @return its S256 challenge
     */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Configures a {@link MockIssuer}. */
    public static final class Builder {
        private String basePath = "/oidc";
        private Clock clock = Clock.systemUTC();
        private Duration tokenLifetime = Duration.ofHours(1);
        private String projectId = "project_test";

        private Builder() {}

        /**
         * @param path the issuer's path, for example {@code /oidc} (SpacetimeAuth's); empty for the root
         * @return this builder
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
                throw new IllegalArgumentException("path must be empty or start and not end with '/': " + path);
            }
            this.basePath = path;
            return this;
        }

        /**
         * @param clock time source for {@code iat}, {@code exp} and key retirement
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param lifetime how long minted tokens live (default 1 h)
         * @return this builder
         */
        public Builder tokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("tokenLifetime must be positive");
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        /**
         * @param projectId the {@code project_id} claim
         * @return this builder
         */
        public Builder projectId(String projectId) {
            this.projectId = Objects.requireNonNull(projectId, "projectId");
            return this;
        }

        /** @return the started issuer */
        public MockIssuer start() {
            return new MockIssuer(this);
        }
    }
}
