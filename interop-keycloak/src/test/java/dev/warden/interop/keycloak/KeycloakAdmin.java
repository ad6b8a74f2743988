package dev.warden.interop.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keycloak's admin REST API ({@code /admin/realms/...}) and token endpoint over {@code java.net.http}, as the
 * bootstrap admin of the master realm. Every non-2xx answer is an {@link IllegalStateException} with the
 * method, path, status and Keycloak's error body (which never holds a token).
 */
final class KeycloakAdmin {

    static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String adminToken;
    private long adminTokenAt;

    KeycloakAdmin(KeycloakServer server) {
        this.server = server;
    }

    /** GET {@code /admin/realms/...}: the JSON answer. */
    JsonNode get(String path) {
        return readJson(send("GET", path, null).body());
    }

    /** GET any URL of the server without credentials, as a relying party does: the JSON answer. */
    JsonNode getAbsolute(String url) {
        HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return readJson(r.body());
    }

    /** POST JSON; returns the id at the end of the {@code Location} header, or null if there is none. */
    String post(String path, Object body) {
        HttpResponse<String> r = send("POST", path, body);
        return r.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElse(null);
    }

    /** PUT JSON. */
    void put(String path, Object body) {
        send("PUT", path, body);
    }

    /** DELETE. */
    void delete(String path) {
        send("DELETE", path, null);
    }

    /** A new empty JSON object, to build request bodies. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * POSTs a form to a realm's token endpoint.
     *
     * @return the token response
     * @throws IllegalStateException with Keycloak's {@code error} and {@code error_description}
     */
    JsonNode tokenEndpoint(String realm, Map<String, String> form) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.issuer(realm) + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build();
        HttpResponse<String> r = exchange(req);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token endpoint of realm " + realm + " (grant "
                    + form.get("grant_type") + ") answered " + r.statusCode() + ": " + r.body());
        }
        return readJson(r.body());
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken());
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = exchange(b.build());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("Keycloak admin API " + method + " /admin/realms" + path + " answered "
                    + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    /** The master realm's admin-cli token lives 60 s; take a new one every 30 s. */
    private synchronized String adminToken() {
        long now = System.nanoTime();
        if (adminToken == null || now - adminTokenAt > Duration.ofSeconds(30).toNanos()) {
            JsonNode t = tokenEndpoint("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                    "username", KeycloakServer.ADMIN_USER, "password", server.adminPassword()));
            adminToken = t.get("access_token").asText();
            adminTokenAt = now;
        }
        return adminToken;
    }

    private HttpResponse<String> exchange(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw server.failure("Keycloak did not answer " + req.method() + " " + req.uri().getPath() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Keycloak answered something that is not JSON: " + e.getOriginalMessage());
        }
    }
}
