package dev.warden.interop.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The game client's side of OAuth 2 against the real server, over HTTP with {@code java.net.http}: a browser-like
 * authorization code flow with PKCE through the server's own login form, client credentials and refresh.
 */
final class OAuthClient {

    /** What the token endpoint answered. */
    record Tokens(String accessToken, Optional<String> idToken, Optional<String> refreshToken, String scope) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SpringAuthServer server;
    private final SecureRandom random = new SecureRandom();

    OAuthClient(SpringAuthServer server) {
        this.server = server;
    }

    /**
     * A user signs in through the server's login form and the client redeems the code with its PKCE verifier.
     *
     * @param username the user
     * @param password the password
     * @param scope the scopes asked for, space-separated
     * @return the tokens
     */
    Tokens authorizationCode(String username, String password, String scope) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
        String verifier = randomUrlSafe(32);
        String state = randomUrlSafe(16);
        URI authorize = server.uri("/oauth2/authorize?" + form(Map.of(
                "response_type", "code",
                "client_id", AuthServerConfig.CLIENT_ID,
                "redirect_uri", AuthServerConfig.REDIRECT_URI,
                "scope", scope,
                "state", state,
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256")));

        // 1. not signed in: the server sends the browser to its login page
        HttpResponse<String> r = send(browser, get(authorize));
        URI login = redirect(r, authorize, "/oauth2/authorize without a session");
        expect(login.getPath().equals("/login"), "/oauth2/authorize redirected to " + login + ", not /login");

        // 2. the real login form, with its CSRF token
        r = send(browser, get(login));
        expect(r.statusCode() == 200, "GET /login answered " + r.statusCode());
        String html = r.body();
        expect(html.contains("name=\"username\"") && html.contains("name=\"password\""),
                "the login page has no username/password form");
        String csrf = csrfToken(html);

        // 3. sign in; the server sends the browser back to the saved authorization request
        r = send(browser, HttpRequest.newBuilder(server.uri("/login")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "username", username, "password", password, "_csrf", csrf))))
                .build());
        URI back = redirect(r, login, "POST /login");
        expect(back.getPath().equals("/oauth2/authorize"), "after login the server redirected to " + back
                + " (wrong password?)");

        // 4. signed in, no consent configured: the code comes back on the redirect URI (nothing listens there)
        r = send(browser, get(back));
        URI callback = redirect(r, back, "the authorization request after login");
        expect(callback.toString().startsWith(AuthServerConfig.REDIRECT_URI + "?"),
                "expected a redirect to " + AuthServerConfig.REDIRECT_URI + ", got " + callback);
        Map<String, String> params = query(callback);
        expect(state.equals(params.get("state")), "state not returned unchanged");
        String code = params.get("code");
        expect(code != null, "no code in " + params.keySet());

        // 5. the client redeems the code with its secret and the PKCE verifier
        return token(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", AuthServerConfig.REDIRECT_URI, "code_verifier", verifier));
    }

    /**
     * @param scope the scopes asked for, space-separated
     * @return a client-credentials token
     */
    Tokens clientCredentials(String scope) {
        return token(Map.of("grant_type", "client_credentials", "scope", scope));
    }

    /**
     * @param refreshToken a refresh token from an earlier grant
     * @return the refreshed tokens
     */
    Tokens refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    private Tokens token(Map<String, String> params) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        String basic = Base64.getEncoder().encodeToString((AuthServerConfig.CLIENT_ID + ":"
                + AuthServerConfig.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(client, HttpRequest.newBuilder(server.uri("/oauth2/token")).timeout(TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build());
        expect(r.statusCode() == 200, "token endpoint (" + params.get("grant_type") + ") answered "
                + r.statusCode() + ": " + errorOf(r.body()));
        try {
            JsonNode body = JSON.readTree(r.body());
            return new Tokens(body.path("access_token").asText(),
                    Optional.ofNullable(body.get("id_token")).map(JsonNode::asText),
                    Optional.ofNullable(body.get("refresh_token")).map(JsonNode::asText),
                    body.path("scope").asText());
        } catch (IOException e) {
            throw new AssertionError("token endpoint answered no JSON", e);
        }
    }

    /**
     * @param token a compact JWS
     * @return its JOSE header's members
     */
    static Map<String, Object> header(String token) {
        byte[] json = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> header = JSON.readValue(json, Map.class);
            return header;
        } catch (IOException e) {
            throw new AssertionError("the token's header is not JSON", e);
        }
    }

    /** The error fields of an error response, never a token. */
    private static String errorOf(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.path("error").asText() + " " + n.path("error_description").asText();
        } catch (IOException e) {
            return "(not JSON)";
        }
    }

    private static HttpRequest get(URI uri) {
        // text/html: the server's authorization endpoint sends browsers (not API clients) to the login page
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "text/html").GET().build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static URI redirect(HttpResponse<String> r, URI from, String what) {
        expect(r.statusCode() == 302 || r.statusCode() == 303, what + " answered " + r.statusCode()
                + " instead of a redirect");
        return from.resolve(r.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError(what + " redirected without a Location")));
    }

    private static String csrfToken(String html) {
        Matcher input = CSRF_INPUT.matcher(html);
        expect(input.find(), "the login form has no _csrf input");
        Matcher value = VALUE.matcher(input.group());
        expect(value.find(), "the _csrf input has no value");
        return value.group(1);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    private String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expect(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
