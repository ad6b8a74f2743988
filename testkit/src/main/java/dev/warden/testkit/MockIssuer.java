package dev.warden.testkit;

import dev.warden.claims.ClaimCondition;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.TrustedIssuer;
import dev.warden.testkit.internal.Directory;
import dev.warden.testkit.internal.Grants;
import dev.warden.testkit.internal.KeyRing;
import dev.warden.testkit.internal.OidcEndpoints;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A SpacetimeAuth-like OpenID provider on WireMock, on a random loopback port: discovery, JWKS, a token
 * endpoint (client credentials, authorization code with PKCE S256, rotating refresh tokens, and the
 * {@code urn:spacetimeauth:steam-ticket} exchange), an authorization endpoint that logs in the user named by
 * {@code login_hint}, and end session. Key rotation on demand and outage simulation for resilience tests.
 * Several can run at once. Its tokens carry roles and machine-token marks in the shape of a provider's
 * mapping ({@link #mintFor(RoleMapping)}; by default {@link #roleMapping()}). Thread-safe; {@link #close()}
 * stops it.
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

    private final String projectId;
    private final KeyRing keys;
    private final OidcEndpoints http;
    private final Grants grants;
    private final TokenFactory tokens;
    private final Map<String, MockUser> users = new ConcurrentHashMap<>();
    private final Map<String, MockClient> clients = new ConcurrentHashMap<>();

    private MockIssuer(Builder b) {
        this.projectId = b.projectId;
        this.keys = new KeyRing(b.clock);
        Directory directory = new Registry();
        this.http = new OidcEndpoints(b.basePath, keys, directory, b.port);
        // a random secret: a well-known one would let any local process take SERVICE tokens from a demo
        client(DEFAULT_CLIENT).secret(randomSecret()).redirectUri("http://127.0.0.1/callback");
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("project_id", projectId);
        this.tokens = new TokenFactory(issuer(), keys::active, b.clock, DEFAULT_CLIENT, b.tokenLifetime, defaults);
        this.grants = new Grants(tokens, directory, b.tokenLifetime);
        http.serve(grants);
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return dev.warden.testsupport.Jws.b64(b);
    }

    /**
     * How this issuer's tokens carry roles and mark machine callers, for a {@code ClaimsMapper}: roles in the
     * {@code roles} array; SERVICE when {@code gty} = {@code client-credentials}, which its client-credentials
     * grant and {@code tokens().service(...)} write (as Auth0 does).
     *
     * @return the mapping
     */
    public static RoleMapping roleMapping() {
        return RoleMapping.builder().claim("roles")
                .serviceWhen(ClaimCondition.equalTo("gty", "client-credentials"))
                .describedAs("mockIssuer", "mint the token with roles(...)").build();
    }

    /**
     * Mints tokens from now on in the shape {@code mapping} reads: roles where it reads them (Keycloak's
     * {@code realm_access.roles}, an Auth0 namespaced claim, Okta's {@code groups}, ...), and client-credentials
     * tokens marked by its machine-token rule (Keycloak's {@code client_id} = {@code azp}, ...). Applies to
     * {@link #tokens()} and to every grant.
     *
     * @param mapping the production mapping of the tokens' provider
     * @return this issuer
     */
    public MockIssuer mintFor(RoleMapping mapping) {
        return mintFor(ClaimsMapper.builder().defaultRoles(Objects.requireNonNull(mapping, "mapping")).build());
    }

    /**
     * Like {@link #mintFor(RoleMapping)}, with the mapping {@code mapper} applies to this issuer's tokens, and
     * its own {@code serviceWhen} conditions also marking SERVICE tokens.
     *
     * @param mapper the production claims mapper, built for this issuer ({@link #issuer()})
     * @return this issuer
     */
    public MockIssuer mintFor(ClaimsMapper mapper) {
        tokens.shape(mapper);
        return this;
    }

    /** @return a started issuer with defaults */
    public static MockIssuer start() {
        return builder().start();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the secret of the default client ({@link #DEFAULT_CLIENT}) for client credentials: random, made
     *     by each issuer
     */
    public String defaultClientSecret() {
        return clients.get(DEFAULT_CLIENT).secret;
    }

    /** @return the issuer string ({@code http://127.0.0.1:<port>/oidc}) */
    public String issuer() {
        return http.issuer();
    }

    /** @return the SpacetimeAuth-like project id tokens carry in {@code project_id} */
    public String projectId() {
        return projectId;
    }

    /** @return the token endpoint */
    public URI tokenEndpoint() {
        return http.uri(OidcEndpoints.TOKEN);
    }

    /** @return the authorization endpoint */
    public URI authorizationEndpoint() {
        return http.uri(OidcEndpoints.AUTHORIZATION);
    }

    /** @return the end-session endpoint */
    public URI endSessionEndpoint() {
        return http.uri(OidcEndpoints.END_SESSION);
    }

    /** @return the JWKS URL */
    public URI jwksUri() {
        return http.uri(OidcEndpoints.JWKS);
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
        grants.steamTicketCheck(check);
    }

    /**
     * Signs with a new key from now on; the old key stays published for {@code grace}, then is retired.
     *
     * @param grace how long the old key remains in the JWKS (zero retires it at once)
     * @return the new key's {@code kid}
     */
    public String rotateKeys(Duration grace) {
        return keys.rotate(grace);
    }

    /** @return the {@code kid} tokens are signed with now */
    public String activeKeyId() {
        return keys.active().kid();
    }

    /** @return the {@code kid}s the JWKS publishes now */
    public List<String> publishedKeyIds() {
        return keys.publishedKeyIds();
    }

    /**
     * Makes discovery and JWKS fail until {@link #recover()}. Tokens can still be minted.
     *
     * @param kind how they fail
     */
    public void outage(Outage kind) {
        http.outage(Objects.requireNonNull(kind, "kind"));
    }

    /** Ends an outage. */
    public void recover() {
        http.recover();
    }

    /** @return how many times the JWKS was requested */
    public int jwksRequests() {
        return http.jwksRequests();
    }

    /** @return how many times discovery was requested */
    public int discoveryRequests() {
        return http.discoveryRequests();
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * @param verifier a PKCE code verifier
     * @return its S256 challenge
     */
    public static String s256(String verifier) {
        return Grants.s256(verifier);
    }

    /** Shows the internal endpoints and grants the users and clients registered here. */
    private final class Registry implements Directory {
        @Override
        public Directory.Client client(String id) {
            MockClient c = clients.get(id);
            return c == null ? null : new Directory.Client(c.id, c.secret, c.redirectUris, c.audiences(), c.roles);
        }

        @Override
        public Directory.User user(String subject) {
            MockUser u = users.get(subject);
            return u == null ? null : new Directory.User(u.roles, u.profile, u.loginMethod);
        }

        @Override
        public void steamLogin(String subject) {
            MockIssuer.this.user(subject).loginMethod("steam");
        }

        @Override
        public boolean isPostLogoutRedirectUri(String uri) {
            return clients.values().stream().anyMatch(c -> c.postLogoutRedirectUris.contains(uri));
        }
    }

    /** Configures a {@link MockIssuer}. */
    public static final class Builder {
        private String basePath = "/oidc";
        private Clock clock = Clock.systemUTC();
        private Duration tokenLifetime = Duration.ofHours(1);
        private String projectId = "project_test";
        private int port;

        private Builder() {}

        /**
         * @param port the loopback port to serve on (default 0: any free port, what tests want; a fixed one lets
         *     a demo print commands that work as written)
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

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
