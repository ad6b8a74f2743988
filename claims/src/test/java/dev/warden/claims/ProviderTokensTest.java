package dev.warden.claims;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ConnectionId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's provider tables, row by row: a token shaped as each provider documents it (user ID and access
 * tokens, machine tokens), read by the provider's preset alone, with no per-client setting. Each row names
 * the roles, scopes and caller kind a user of that provider expects.
 */
class ProviderTokensTest {

    record Row(String name, String issuer, RoleMapping mapping, String subject, String audience,
               Map<String, Object> claims, List<String> roles, List<String> scopes, CallerKind kind) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        String kc = "http://127.0.0.1:8080/realms/game";
        String auth0 = "https://tenant.eu.auth0.com/";
        String entra = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
        String okta = "https://dev-1.okta.com/oauth2/default";
        String cognito = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdE";
        String spring = "http://127.0.0.1:9000";
        return Stream.of(
                row("SpacetimeAuth user ID token", "https://auth.spacetimedb.com/oidc", RoleMapping.spacetimeAuth(),
                        "user_01JAB", "client_01J", claims("roles", List.of("admin"), "project_id", "project_01J",
                                "login_method", "github", "preferred_username", "ada"),
                        List.of("admin"), List.of(), CallerKind.USER),
                row("SpacetimeAuth client-credentials token", "https://auth.spacetimedb.com/oidc",
                        RoleMapping.spacetimeAuth(), "client_01J", "client_01J", claims("project_id", "project_01J"),
                        List.of(), List.of(), CallerKind.SERVICE),
                row("Keycloak user access token: realm and client roles unprefixed", kc, RoleMapping.keycloak("game-client"),
                        "0c4f3b2e-9a52-4c1e-8a7e-2f1d8f0c9b11", "game-api", claims("typ", "Bearer", "azp", "game-client",
                                "realm_access", Map.of("roles", List.of("default-roles-game", "offline_access", "player")),
                                "resource_access", Map.of("game-client", Map.of("roles", List.of("admin")),
                                        "account", Map.of("roles", List.of("manage-account"))),
                                "scope", "openid profile email", "preferred_username", "ada"),
                        List.of("default-roles-game", "offline_access", "player", "admin"),
                        List.of("openid", "profile", "email"), CallerKind.USER),
                row("Keycloak user ID token without 'Add to ID token'", kc, RoleMapping.keycloak("game-client"),
                        "0c4f3b2e-9a52-4c1e-8a7e-2f1d8f0c9b11", "game-client", claims("typ", "ID", "azp", "game-client",
                                "preferred_username", "ada", "at_hash", "x"),
                        List.of(), List.of(), CallerKind.USER),
                row("Keycloak service-account token (client_id, Keycloak 25+)", kc, RoleMapping.keycloak("game-client"),
                        "7d1c0b6a-3f0e-4b7f-9d55-0a2b3c4d5e6f", "game-api", claims("typ", "Bearer", "azp", "game-client",
                                "client_id", "game-client", "preferred_username", "service-account-game-client",
                                "clientHost", "127.0.0.1", "realm_access", Map.of("roles", List.of("default-roles-game")),
                                "resource_access", Map.of("game-client", Map.of("roles", List.of("scheduler"))),
                                "scope", "profile email"),
                        List.of("default-roles-game", "scheduler"), List.of("profile", "email"), CallerKind.SERVICE),
                row("Keycloak service-account token (clientId, before 25)", kc, RoleMapping.keycloak("game-client"),
                        "7d1c0b6a-3f0e-4b7f-9d55-0a2b3c4d5e6f", "game-api", claims("typ", "Bearer", "azp", "game-client",
                                "clientId", "game-client", "preferred_username", "service-account-game-client"),
                        List.of(), List.of(), CallerKind.SERVICE),
                row("Keycloak client roles with a prefix, as an option", kc, RoleMapping.keycloak("game-client", "game-client:"),
                        "0c4f3b2e", "game-api", claims("azp", "game-client",
                                "realm_access", Map.of("roles", List.of("player")),
                                "resource_access", Map.of("game-client", Map.of("roles", List.of("admin")))),
                        List.of("player", "game-client:admin"), List.of(), CallerKind.USER),
                row("Auth0 user access token", auth0, RoleMapping.auth0("https://example.com/roles"),
                        "auth0|64f1c2d3e4b5a6978", "https://api.example.com", claims("azp", "AbC123xYz",
                                "https://example.com/roles", List.of("editor"), "scope", "openid profile read:games",
                                "permissions", List.of("read:games")),
                        List.of("editor"), List.of("openid", "profile", "read:games"), CallerKind.USER),
                row("Auth0 machine-to-machine token", auth0, RoleMapping.auth0("https://example.com/roles"),
                        "AbC123xYz@clients", "https://api.example.com", claims("azp", "AbC123xYz",
                                "gty", "client-credentials", "scope", "read:games write:games",
                                "permissions", List.of("read:games", "write:games")),
                        List.of(), List.of("read:games", "write:games"), CallerKind.SERVICE),
                row("Entra ID user access token", entra, RoleMapping.entraId(),
                        "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "api://game-api", claims("azp", "6e74172b",
                                "oid", "00000000-0000-0000-66f3-3332eca7ea81", "scp", "access_as_user",
                                "roles", List.of("Game.Admin"), "idtyp", "user", "ver", "2.0"),
                        List.of("Game.Admin"), List.of("access_as_user"), CallerKind.USER),
                row("Entra ID app-only token (idtyp optional claim)", entra, RoleMapping.entraId(),
                        "a1b2c3d4-0000-4000-8000-000000000001", "api://game-api", claims("azp", "6e74172b",
                                "oid", "a1b2c3d4-0000-4000-8000-000000000001", "idtyp", "app",
                                "roles", List.of("Games.ReadWrite.All"), "ver", "2.0"),
                        List.of("Games.ReadWrite.All"), List.of(), CallerKind.SERVICE),
                row("Entra ID app-only token (no idtyp: an access token with sub = oid, no scp)", entra,
                        RoleMapping.entraId(), "a1b2c3d4-0000-4000-8000-000000000001", "api://game-api",
                        claims("azp", "6e74172b", "azpacr", "1",
                                "oid", "a1b2c3d4-0000-4000-8000-000000000001", "roles", List.of("Games.Read.All")),
                        List.of("Games.Read.All"), List.of(), CallerKind.SERVICE),
                row("Okta user access token", okta, RoleMapping.okta(), "ada@example.com", "api://default",
                        claims("cid", "0oa1b2c3d4", "uid", "00u1a2b3c4", "scp", List.of("openid", "games.read"),
                                "groups", List.of("Everyone", "Admins")),
                        List.of("Everyone", "Admins"), List.of("openid", "games.read"), CallerKind.USER),
                row("Okta client-credentials token", okta, RoleMapping.okta(), "0oa1b2c3d4", "api://default",
                        claims("cid", "0oa1b2c3d4", "scp", List.of("games.write")),
                        List.of(), List.of("games.write"), CallerKind.SERVICE),
                row("Cognito user access token", cognito, RoleMapping.cognito(),
                        "5f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "3n4b5urk1ft4fl3mg5e62ej6pn", claims("token_use", "access",
                                "client_id", "3n4b5urk1ft4fl3mg5e62ej6pn", "username", "ada",
                                "cognito:groups", List.of("gm"), "scope", "openid game/read"),
                        List.of("gm"), List.of("openid", "game/read"), CallerKind.USER),
                row("Cognito client-credentials token (no aud: needs anyAudience)", cognito, RoleMapping.cognito(),
                        "3n4b5urk1ft4fl3mg5e62ej6pn", null, claims("token_use", "access", "client_id", "3n4b5urk1ft4fl3mg5e62ej6pn",
                                "scope", "game/write"),
                        List.of(), List.of("game/write"), CallerKind.SERVICE),
                row("Clerk session token v1 (org_role) of the configured organisation", "https://clerk.example.com",
                        RoleMapping.clerk("org_2y"), "user_2abc",
                        "https://app.example.com", claims("azp", "https://app.example.com", "sid", "sess_2x",
                                "org_id", "org_2y", "org_role", "org:admin"),
                        List.of("org:admin"), List.of(), CallerKind.USER),
                row("Clerk session token v2 (o.rol) of the configured organisation", "https://clerk.example.com",
                        RoleMapping.clerk("org_2y"), "user_2abc",
                        "https://app.example.com", claims("azp", "https://app.example.com", "v", 2, "sid", "sess_2x",
                                "o", Map.of("id", "org_2y", "rol", "admin", "slg", "acme")),
                        List.of("org:admin"), List.of(), CallerKind.USER),
                row("Clerk: an organisation the user created is not a role", "https://clerk.example.com",
                        RoleMapping.clerk(), "user_evil", "https://app.example.com", claims("org_id", "org_evil",
                                "org_role", "org:admin", "o", Map.of("id", "org_evil", "rol", "admin")),
                        List.of(), List.of(), CallerKind.USER),
                row("Clerk: another organisation's role is not a role", "https://clerk.example.com",
                        RoleMapping.clerk("org_2y"), "user_evil", "https://app.example.com", claims("org_id", "org_evil",
                                "org_role", "org:admin", "o", Map.of("id", "org_evil", "rol", "admin")),
                        List.of(), List.of(), CallerKind.USER),
                row("Clerk session token with roles from public metadata", "https://clerk.example.com",
                        RoleMapping.clerk(), "user_2abc", "https://app.example.com", claims("roles", List.of("gm")),
                        List.of("gm"), List.of(), CallerKind.USER),
                row("Clerk machine token", "https://clerk.example.com", RoleMapping.clerk(), "mch_2xyz",
                        "https://app.example.com", claims(), List.of(), List.of(), CallerKind.SERVICE),
                row("Firebase ID token with custom claims", "https://securetoken.google.com/game-project",
                        RoleMapping.firebase("admin"), "Xy12AbC", "game-project", claims("admin", true,
                                "user_id", "Xy12AbC", "firebase", Map.of("sign_in_provider", "google.com")),
                        List.of("admin"), List.of(), CallerKind.USER),
                row("Spring Authorization Server user access token (scope as an array)", spring,
                        RoleMapping.springAuthorizationServer(), "ada", "game-client", claims("azp", "game-client",
                                "scope", List.of("openid", "game.read"), "roles", List.of("admin")),
                        List.of("admin"), List.of("openid", "game.read"), CallerKind.USER),
                row("Spring Authorization Server client-credentials token (gty from the customizer)", spring,
                        RoleMapping.springAuthorizationServer(), "game-service", "game-service",
                        claims("scope", List.of("game.write"), "gty", "client_credentials"), List.of(),
                        List.of("game.write"), CallerKind.SERVICE),
                row("Spring Authorization Server: a user named like the client stays a user", spring,
                        RoleMapping.springAuthorizationServer(), "game-client", "game-client",
                        claims("azp", "game-client", "scope", List.of("openid")), List.of(), List.of("openid"),
                        CallerKind.USER),
                row("Firebase: a custom uid equal to the project id stays a user",
                        "https://securetoken.google.com/game-project", RoleMapping.firebase(), "game-project",
                        "game-project", claims("firebase", Map.of("sign_in_provider", "custom")), List.of(), List.of(),
                        CallerKind.USER),
                row("SpacetimeAuth: a user whose sub is the client id but not client_-prefixed stays a user",
                        "https://auth.spacetimedb.com/oidc", RoleMapping.spacetimeAuth(), "game", "game", claims(),
                        List.of(), List.of(), CallerKind.USER),
                row("Entra ID (B2C) ID token: sub = oid, no scp, still a user", entra, RoleMapping.entraId(),
                        "a1b2c3d4-0000-4000-8000-00000000000b", "6e74172b", claims("oid",
                                "a1b2c3d4-0000-4000-8000-00000000000b", "tfp", "B2C_1_signin", "nonce", "n"),
                        List.of(), List.of(), CallerKind.USER),
                row("Okta: a user whose login is the client id stays a user", okta, RoleMapping.okta(), "0oa1b2c3d4",
                        "api://default", claims("cid", "0oa1b2c3d4", "uid", "00u9", "scp", List.of("openid")),
                        List.of(), List.of("openid"), CallerKind.USER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void presetReadsTheProvidersToken(Row row) {
        ClaimsMapper mapper = ClaimsMapper.builder().roles(row.issuer(), row.mapping()).build();
        CallerContext c = mapper.toCaller(Tokens.verified(row.issuer(), row.subject(), row.audience(), row.claims()),
                ConnectionId.of(1, 2));
        assertThat(c.roles().names()).as("roles").containsExactlyElementsOf(row.roles());
        assertThat(c.scopes().names()).as("scopes").containsExactlyElementsOf(row.scopes());
        assertThat(c.kind()).as("kind").isEqualTo(row.kind());
    }

    private static Arguments row(String name, String issuer, RoleMapping mapping, String subject, String audience,
                                 Map<String, Object> claims, List<String> roles, List<String> scopes, CallerKind kind) {
        return Arguments.of(new Row(name, issuer, mapping, subject, audience, claims, roles, scopes, kind));
    }

    private static Map<String, Object> claims(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
