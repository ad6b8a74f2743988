package dev.warden.interop.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realm set up through Keycloak's admin REST API the way a game studio would: realm roles {@code player}
 * and {@code moderator}; a confidential client {@code game-client} with direct access grants, a service account
 * and client roles {@code admin} and {@code reporter}, and an audience mapper so its access tokens name it in
 * {@code aud}; a second client {@code other-client} without one; users alice (player), bob (player,
 * moderator, and client role admin), and the service account with client role reporter.
 */
final class GameRealm {

    static final String CLIENT = "game-client";
    static final String OTHER_CLIENT = "other-client";
    static final String SERVICE_ACCOUNT = "service-account-" + CLIENT;
    /** What every user of a new realm gets through its {@code default-roles-<realm>} composite. */
    static final List<String> KEYCLOAK_DEFAULT_ROLES = List.of("offline_access", "uma_authorization");

    /** One token endpoint answer; ID and refresh tokens are null when the grant gives none. */
    record Tokens(String access, String id, String refresh, String scope) {
        @Override
        public String toString() {
            return "Tokens[scope=" + scope + "]";            // never the tokens themselves
        }
    }

    final String name;
    final KeycloakServer server;
    final KeycloakAdmin admin;
    final String realmId;
    final String clientUuid;
    final String clientSecret = UUID.randomUUID().toString();
    final String otherSecret = UUID.randomUUID().toString();
    final Map<String, String> userIds = new LinkedHashMap<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();

    private GameRealm(KeycloakServer server, KeycloakAdmin admin, String name) {
        this.server = server;
        this.admin = admin;
        this.name = name;
        ObjectNode realm = KeycloakAdmin.object().put("realm", name).put("enabled", true);
        admin.post("", realm);
        this.realmId = admin.get("/" + name).get("id").asText();
        for (String role : List.of("player", "moderator")) {
            admin.post("/" + name + "/roles", KeycloakAdmin.object().put("name", role));
        }
        this.clientUuid = addClient(CLIENT, clientSecret, true, true, false);
        addClient(OTHER_CLIENT, otherSecret, false, true, false);
        for (String role : List.of("admin", "reporter")) {
            admin.post("/" + name + "/clients/" + clientUuid + "/roles", KeycloakAdmin.object().put("name", role));
        }
        user("alice", List.of("player"), List.of());
        user("bob", List.of("player", "moderator"), List.of("admin"));
        String sa = admin.get("/" + name + "/clients/" + clientUuid + "/service-account-user").get("id").asText();
        userIds.put(SERVICE_ACCOUNT, sa);
        grant(sa, List.of(), List.of("reporter"));
    }

    /** Creates the realm {@code name} on the server; fails if it exists. */
    static GameRealm create(KeycloakServer server, String name) {
        return new GameRealm(server, new KeycloakAdmin(server), name);
    }

    String issuer() {
        return server.issuer(name);
    }

    /**
     * Adds a confidential client with direct access grants.
     *
     * @param audienceMapper whether its access tokens name it in {@code aud}
     * @param serviceAccount whether it has a service account
     * @param rfc9068 whether its access tokens are typed {@code at+jwt} (Keycloak's "Use at+jwt as access token
     *     header type")
     * @return the client's id (a UUID, not its client id)
     */
    String addClient(String clientId, String secret, boolean audienceMapper, boolean serviceAccount,
                     boolean rfc9068) {
        ObjectNode c = KeycloakAdmin.object().put("clientId", clientId).put("enabled", true)
                .put("protocol", "openid-connect").put("publicClient", false).put("secret", secret)
                .put("directAccessGrantsEnabled", true).put("serviceAccountsEnabled", serviceAccount)
                .put("standardFlowEnabled", false);
        if (rfc9068) {
            c.putObject("attributes").put("access.token.header.type.rfc9068", "true");
        }
        if (audienceMapper) {
            ObjectNode mapper = c.putArray("protocolMappers").addObject()
                    .put("name", "warden-audience").put("protocol", "openid-connect")
                    .put("protocolMapper", "oidc-audience-mapper");
            mapper.putObject("config").put("included.client.audience", clientId)
                    .put("access.token.claim", "true").put("id.token.claim", "false");
        }
        return admin.post("/" + name + "/clients", c);
    }

    /** Adds a user with a password, realm roles and roles of {@code game-client}. */
    void user(String username, List<String> realmRoles, List<String> clientRoles) {
        String password = UUID.randomUUID().toString();
        ObjectNode u = KeycloakAdmin.object().put("username", username).put("enabled", true)
                .put("email", username + "@example.com").put("emailVerified", true)
                .put("firstName", Character.toUpperCase(username.charAt(0)) + username.substring(1))
                .put("lastName", "Tester");
        u.putArray("credentials").addObject().put("type", "password").put("value", password)
                .put("temporary", false);
        String id = admin.post("/" + name + "/users", u);
        userIds.put(username, id);
        passwords.put(username, password);
        grant(id, realmRoles, clientRoles);
    }

    private void grant(String userId, List<String> realmRoles, List<String> clientRoles) {
        if (!realmRoles.isEmpty()) {
            ArrayNode reps = KeycloakAdmin.JSON.createArrayNode();
            realmRoles.forEach(r -> reps.add(admin.get("/" + name + "/roles/" + r)));
            admin.post("/" + name + "/users/" + userId + "/role-mappings/realm", reps);
        }
        if (!clientRoles.isEmpty()) {
            ArrayNode reps = KeycloakAdmin.JSON.createArrayNode();
            clientRoles.forEach(r -> reps.add(admin.get("/" + name + "/clients/" + clientUuid + "/roles/" + r)));
            admin.post("/" + name + "/users/" + userId + "/role-mappings/clients/" + clientUuid, reps);
        }
    }

    /** Resource owner password grant for {@code game-client}, {@code scope=openid}: access, ID and refresh. */
    Tokens password(String username) {
        return tokens(Map.of("grant_type", "password", "client_id", CLIENT, "client_secret", clientSecret,
                "username", username, "password", passwords.get(username), "scope", "openid"));
    }

    /** Password grant for {@code other-client}, whose access tokens do not name {@code game-client}. */
    Tokens passwordAtOtherClient(String username) {
        return password(username, OTHER_CLIENT, otherSecret);
    }

    /** Password grant, {@code scope=openid}, at any client of the realm. */
    Tokens password(String username, String clientId, String secret) {
        return tokens(Map.of("grant_type", "password", "client_id", clientId, "client_secret", secret,
                "username", username, "password", passwords.get(username), "scope", "openid"));
    }

    /** Client credentials grant for {@code game-client}'s service account. */
    Tokens clientCredentials() {
        return clientCredentials(CLIENT, clientSecret);
    }

    /** Client credentials grant at any client with a service account. */
    Tokens clientCredentials(String clientId, String secret) {
        return tokens(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** Refresh token grant. */
    Tokens refresh(Tokens previous) {
        return tokens(Map.of("grant_type", "refresh_token", "client_id", CLIENT, "client_secret", clientSecret,
                "refresh_token", previous.refresh()));
    }

    private Tokens tokens(Map<String, String> form) {
        JsonNode t = admin.tokenEndpoint(name, form);
        return new Tokens(t.get("access_token").asText(), text(t, "id_token"), text(t, "refresh_token"),
                text(t, "scope"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    // ---- keys

    /** The {@code kid} the realm signs RS256 tokens with now. */
    String activeRs256Kid() {
        return admin.get("/" + name + "/keys").get("active").get("RS256").asText();
    }

    /** Adds an {@code rsa-generated} key provider; a higher priority than 100 makes its key the active one. */
    String addRsaKeyProvider(String providerName, int priority) {
        ObjectNode c = KeycloakAdmin.object().put("name", providerName).put("providerId", "rsa-generated")
                .put("providerType", "org.keycloak.keys.KeyProvider").put("parentId", realmId);
        ObjectNode config = c.putObject("config");
        config.putArray("priority").add(Integer.toString(priority));
        config.putArray("enabled").add("true");
        config.putArray("active").add("true");
        config.putArray("algorithm").add("RS256");
        return admin.post("/" + name + "/components", c);
    }

    /** The component id of the realm's key provider called {@code providerName} ({@code rsa-generated}). */
    String keyProviderId(String providerName) {
        for (JsonNode c : admin.get("/" + name + "/components?type=org.keycloak.keys.KeyProvider")) {
            if (providerName.equals(c.get("name").asText())) {
                return c.get("id").asText();
            }
        }
        throw new IllegalStateException("realm " + name + " has no key provider " + providerName);
    }

    /** Disables a key provider: its key leaves the realm's JWKS. */
    void disableKeyProvider(String componentId) {
        ObjectNode c = (ObjectNode) admin.get("/" + name + "/components/" + componentId);
        ((ObjectNode) c.get("config")).putArray("enabled").add("false");
        admin.put("/" + name + "/components/" + componentId, c);
    }

    /** The {@code kid}s the realm's JWKS lists now (as a relying party sees them), signing and encryption. */
    List<String> publishedKids() {
        JsonNode jwks = admin.getAbsolute(issuer() + "/protocol/openid-connect/certs");
        return jwks.get("keys").findValuesAsText("kid");
    }

    /** The {@code kid}s of the realm's JWKS members with {@code "use": "sig"}. */
    List<String> publishedSigningKids() {
        List<String> out = new ArrayList<>();
        for (JsonNode k : admin.getAbsolute(issuer() + "/protocol/openid-connect/certs").get("keys")) {
            if ("sig".equals(k.path("use").asText())) {
                out.add(k.get("kid").asText());
            }
        }
        return out;
    }

    // ---- ID token roles

    /** Turns on "Add to ID token" for the {@code roles} client scope's realm and client role mappers. */
    void addRolesToIdToken() {
        String scopeId = null;
        for (JsonNode s : admin.get("/" + name + "/client-scopes")) {
            if ("roles".equals(s.get("name").asText())) {
                scopeId = s.get("id").asText();
            }
        }
        if (scopeId == null) {
            throw new IllegalStateException("realm " + name + " has no 'roles' client scope");
        }
        String base = "/" + name + "/client-scopes/" + scopeId + "/protocol-mappers/models";
        int changed = 0;
        for (JsonNode m : admin.get(base)) {
            String type = m.get("protocolMapper").asText();
            if (type.equals("oidc-usermodel-realm-role-mapper") || type.equals("oidc-usermodel-client-role-mapper")) {
                ObjectNode mapper = (ObjectNode) m;
                ((ObjectNode) mapper.get("config")).put("id.token.claim", "true");
                admin.put(base + "/" + mapper.get("id").asText(), mapper);
                changed++;
            }
        }
        if (changed != 2) {
            throw new IllegalStateException("expected a realm and a client role mapper in the 'roles' scope,"
                    + " changed " + changed);
        }
    }
}
