package dev.warden.testkit.internal;

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
import dev.warden.testkit.MockIssuer;
import dev.warden.testkit.Outage;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The HTTP side of a mock issuer: a WireMock server on a random loopback port serving discovery, JWKS, the
 * token endpoint (client authentication, then {@link Grants}), the authorization endpoint and end session,
 * with outage simulation on discovery and JWKS. Thread-safe; {@link #close()} stops it.
 */
public final class OidcEndpoints implements AutoCloseable {
    /** Discovery's path below the issuer. */
    public static final String DISCOVERY = "/.well-known/openid-configuration";
    /** The JWKS's path below the issuer. */
    public static final String JWKS = "/jwks";
    /** The token endpoint's path below the issuer. */
    public static final String TOKEN = "/token";
    /** The authorization endpoint's path below the issuer. */
    public static final String AUTHORIZATION = "/auth";
    /** The end-session endpoint's path below the issuer. */
    public static final String END_SESSION = "/session/end";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSFORMER = "warden-mock-issuer";

    private final WireMockServer server;
    private final String basePath;
    private final KeyRing keys;
    private final Directory directory;
    private volatile Grants grants;
    private volatile Outage outage;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();

    /**
     * Starts the server. The token, authorization and end-session endpoints work once {@link #serve} is called.
     *
     * @param basePath the issuer's path: empty, or starting and not ending with '/'
     * @param keys the keys the JWKS publishes
     * @param directory the registered clients and users
     * @param port the loopback port to listen on, 0 for any free one
     */
    public OidcEndpoints(String basePath, KeyRing keys, Directory directory, int port) {
        this.basePath = basePath;
        this.keys = keys;
        this.directory = directory;
        this.server = new WireMockServer((port == 0 ? options().dynamicPort() : options().port(port))
                .bindAddress("127.0.0.1")
                .extensions(new Transformer()));
        server.start();
        server.stubFor(any(urlPathMatching(basePath + "/.*")).willReturn(aResponse().withTransformers(TRANSFORMER)));
    }

    /** @param grants the grants behind the token endpoint (minting needs {@link #issuer()}, known once started) */
    public void serve(Grants grants) {
        this.grants = grants;
    }

    /** @return the issuer string ({@code http://127.0.0.1:<port><basePath>}) */
    public String issuer() {
        return "http://127.0.0.1:" + server.port() + basePath;
    }

    /**
     * @param path one of this class's endpoint paths
     * @return its URL
     */
    public URI uri(String path) {
        return URI.create(issuer() + path);
    }

    /** @param kind how discovery and JWKS fail from now on */
    public void outage(Outage kind) {
        this.outage = kind;
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

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                return handle(event.getRequest());
            } catch (RuntimeException e) {
                return json(Reply.error(500, "server_error", String.valueOf(e.getMessage())));
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
            case DISCOVERY:
                discoveryRequests.incrementAndGet();
                return outageOr(() -> json(new Reply(200, discovery())));
            case JWKS:
                jwksRequests.incrementAndGet();
                return outageOr(() -> json(new Reply(200, Map.of("keys", keys.publicJwks()))));
            case TOKEN:
                return "POST".equals(method) ? token(request) : json(Reply.error(405, "invalid_request", "use POST"));
            case AUTHORIZATION:
                return authorize(query(request.getUrl()));
            case END_SESSION:
                return endSession(query(request.getUrl()));
            default:
                return json(Reply.error(404, "not_found", "no such endpoint"));
        }
    }

    private ResponseDefinition outageOr(Supplier<ResponseDefinition> ok) {
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
        d.put("authorization_endpoint", uri(AUTHORIZATION).toString());
        d.put("token_endpoint", uri(TOKEN).toString());
        d.put("jwks_uri", uri(JWKS).toString());
        d.put("end_session_endpoint", uri(END_SESSION).toString());
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
                MockIssuer.STEAM_TICKET_GRANT));
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        d.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        return d;
    }

    private ResponseDefinition token(Request request) {
        Map<String, String> form = parseForm(request.getBodyAsString());
        Directory.Client client = authenticateClient(request, form);
        if (client == null) {
            return json(Reply.error(401, "invalid_client", "unknown client or wrong secret"));
        }
        return json(grants.token(client, form));
    }

    private Directory.Client authenticateClient(Request request, Map<String, String> form) {
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
        Directory.Client c = id == null ? null : directory.client(id);
        if (c == null) {
            return null;
        }
        if (c.secret() != null && !MessageDigest.isEqual(c.secret().getBytes(StandardCharsets.UTF_8),
                String.valueOf(secret).getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return c;
    }

    private ResponseDefinition authorize(Map<String, String> q) {
        Directory.Client c = directory.client(q.getOrDefault("client_id", ""));
        String redirect = q.get("redirect_uri");
        if (c == null || redirect == null || !c.redirectUris().contains(redirect)) {
            return json(Reply.error(400, "invalid_request", "unknown client or unregistered redirect_uri"));
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
        if (subject == null || directory.user(subject) == null) {
            return redirect(redirect, Map.of("error", "access_denied"), state);
        }
        String code = grants.issueCode(c.id(), redirect, challenge, subject, q.get("nonce"));
        return redirect(redirect, Map.of("code", code), state);
    }

    private ResponseDefinition endSession(Map<String, String> q) {
        String subject = q.get("logout_hint");
        if (subject != null) {
            grants.revokeRefreshTokens(subject);
        }
        String after = q.get("post_logout_redirect_uri");
        if (after != null && directory.isPostLogoutRedirectUri(after)) {
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

    private static ResponseDefinition json(Reply reply) {
        try {
            return aResponse().withStatus(reply.status()).withHeader("Content-Type", "application/json")
                    .withHeader("Cache-Control", "no-store").withBody(JSON.writeValueAsString(reply.body())).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
}
