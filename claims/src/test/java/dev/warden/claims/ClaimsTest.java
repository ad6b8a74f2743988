package dev.warden.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.VerifiedToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClaimsTest {

    static final ConnectionId CONN = ConnectionId.of(1, 2);

    @Nested
    class Paths {
        @Test
        void dottedQuotedAndEscaped() {
            assertThat(ClaimPath.parse("roles").segments()).containsExactly("roles");
            assertThat(ClaimPath.parse("realm_access.roles").segments()).containsExactly("realm_access", "roles");
            assertThat(ClaimPath.parse("resource_access.\"my.app\".roles").segments())
                    .containsExactly("resource_access", "my.app", "roles");
            assertThat(ClaimPath.parse("\"https://example.com/roles\"").segments())
                    .containsExactly("https://example.com/roles");
            assertThat(ClaimPath.parse("\"a\\\"b\"").segments()).containsExactly("a\"b");
            assertThat(ClaimPath.of("https://example.com/roles").toString()).isEqualTo("\"https://example.com/roles\"");
            assertThat(ClaimPath.parse(ClaimPath.of("a.b", "c").toString())).isEqualTo(ClaimPath.of("a.b", "c"));
        }

        @Test
        void badPathsAreClearErrors() {
            for (String bad : new String[] {"", ".", "a..b", "a.", "\"open", "\"a\"b", "a\"b\""}) {
                assertThatThrownBy(() -> ClaimPath.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("claim path");
            }
        }
    }

    @Nested
    class TypedAccess {
        final Map<String, Object> payload = new LinkedHashMap<>();
        JwtClaims claims;

        TypedAccess() {
            payload.put("name", "Ada Lovelace");
            payload.put("email_verified", true);
            payload.put("login_count", 42);
            payload.put("ratio", 0.5);
            payload.put("updated_at", 1_700_000_000L);
            payload.put("groups", List.of("a", "b"));
            payload.put("mixed", List.of("a", 1));
            payload.put("address", Map.of("country", "NZ", "geo", Map.of("lat", 1)));
            payload.put("nothing", null);
            payload.put("名前", "エイダ");
            payload.put("https://example.com/roles", List.of("admin"));
            claims = JwtClaims.of(Tokens.verified("https://idp.example", "ada", payload));
        }

        @Test
        void spacetimeDbFloor() {
            assertThat(claims.subject()).isEqualTo("ada");
            assertThat(claims.issuer()).isEqualTo("https://idp.example");
            assertThat(claims.audience()).containsExactly("client-1");
            assertThat(claims.identity()).isEqualTo(Identity.fromClaims("https://idp.example", "ada"));
            assertThat(claims.rawPayload()).contains("\"login_count\":42");
        }

        @Test
        void typesAndPaths() {
            assertThat(claims.string("name")).contains("Ada Lovelace");
            assertThat(claims.bool("email_verified")).contains(true);
            assertThat(claims.longValue("login_count")).contains(42L);
            assertThat(claims.number("ratio")).contains(0.5);
            assertThat(claims.instant("updated_at")).contains(Instant.ofEpochSecond(1_700_000_000L));
            assertThat(claims.strings("groups")).contains(List.of("a", "b"));
            assertThat(claims.strings("name")).contains(List.of("Ada Lovelace"));
            assertThat(claims.string("address.country")).contains("NZ");
            assertThat(claims.longValue("address.geo.lat")).contains(1L);
            assertThat(claims.object("address")).hasValueSatisfying(m -> assertThat(m).containsKey("geo"));
            assertThat(claims.string("名前")).contains("エイダ");
            assertThat(claims.strings("\"https://example.com/roles\"")).contains(List.of("admin"));
            assertThat(claims.has("address.geo")).isTrue();
        }

        @Test
        void missingIsEmpty() {
            assertThat(claims.string("absent")).isEmpty();
            assertThat(claims.string("address.absent")).isEmpty();
            assertThat(claims.string("absent.deeper")).isEmpty();
            assertThat(claims.string("nothing")).isEmpty();
            assertThat(claims.has("nothing")).isFalse();
        }

        @Test
        void wrongTypesNameTheClaimAndBothTypes() {
            ClaimTypeException e = catchThrowableOfType(ClaimTypeException.class, () -> claims.string("login_count"));
            assertThat(e.path()).isEqualTo("login_count");
            assertThat(e.expected()).isEqualTo("a string");
            assertThat(e.actual()).isEqualTo("an integer");
            assertThat(e).hasMessage("claim login_count is an integer, expected a string");
            assertThatThrownBy(() -> claims.bool("name")).hasMessage("claim name is a string, expected a boolean");
            assertThatThrownBy(() -> claims.longValue("ratio")).hasMessage("claim ratio is a number, expected an integer");
            assertThatThrownBy(() -> claims.strings("mixed"))
                    .hasMessage("claim mixed is an array holding an integer, expected an array of strings");
            assertThatThrownBy(() -> claims.string("name.first"))
                    .hasMessage("claim name is a string, expected an object");
            assertThatThrownBy(() -> claims.object("groups")).hasMessage("claim groups is an array, expected an object");
        }

        @Test
        void valuesAreImmutable() {
            assertThatThrownBy(() -> claims.strings("groups").get().add("x"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> claims.object("address").get().put("x", 1))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> claims.asMap().put("sub", "root")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Presets {
        CallerContext caller(String issuer, RoleMapping mapping, Map<String, ?> payload) {
            VerifiedToken t = Tokens.verified(issuer, "user-1", payload);
            return ClaimsMapper.builder().roles(issuer, mapping).build().toCaller(t, CONN);
        }

        @Test
        void spacetimeAuth() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("roles", List.of("admin", "moderator"));
            p.put("project_id", "project_01J");
            p.put("login_method", "github");
            p.put("preferred_username", "ada");
            p.put("email", "ada@example.com");
            p.put("email_verified", true);
            CallerContext c = caller("https://auth.spacetimedb.com/oidc", RoleMapping.spacetimeAuth(), p);
            assertThat(c.roles().names()).containsExactly("admin", "moderator");
            assertThat(c.kind()).isEqualTo(CallerKind.USER);
            assertThat(c.claims().get().string("login_method")).contains("github");
        }

        @Test
        void keycloakRealmAndClientRoles() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("realm_access", Map.of("roles", List.of("offline_access", "player")));
            p.put("resource_access", Map.of("game-client", Map.of("roles", List.of("admin")),
                    "account", Map.of("roles", List.of("manage-account"))));
            p.put("azp", "game-client");
            p.put("scope", "openid profile email");
            CallerContext c = caller("https://sso.example.com/realms/game", RoleMapping.keycloak("game-client"), p);
            assertThat(c.roles().names()).containsExactly("offline_access", "player", "admin");
            assertThat(c.hasRole("manage-account")).isFalse();
            assertThat(c.scopes().names()).containsExactly("openid", "profile", "email");
        }

        @Test
        void auth0NamespacedClaim() {
            Map<String, Object> p = Map.of("https://example.com/roles", List.of("editor"), "permissions",
                    List.of("read:posts"), "scope", "openid read:posts");
            CallerContext c = caller("https://tenant.eu.auth0.com/", RoleMapping.auth0("https://example.com/roles"), p);
            assertThat(c.roles().names()).containsExactly("editor");
            assertThat(c.hasScope("read:posts")).isTrue();
        }

        @Test
        void entraIdOktaCognito() {
            assertThat(caller("https://login.microsoftonline.com/tid/v2.0", RoleMapping.entraId(),
                    Map.of("roles", List.of("Task.Write"), "tid", "tid", "scp", "User.Read")).roles().names())
                    .containsExactly("Task.Write");
            assertThat(caller("https://dev-1.okta.com/oauth2/default", RoleMapping.okta(),
                    Map.of("groups", List.of("Everyone", "Admins"))).roles().names()).containsExactly("Everyone", "Admins");
            assertThat(caller("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", RoleMapping.cognito(),
                    Map.of("cognito:groups", List.of("gm"), "token_use", "id")).roles().names()).containsExactly("gm");
        }

        @Test
        void clerkAndFirebase() {
            assertThat(caller("https://clerk.example.com", RoleMapping.clerk("org_1"),
                    Map.of("org_role", "org:admin", "org_id", "org_1")).roles().names()).containsExactly("org:admin");
            assertThat(caller("https://securetoken.google.com/project", RoleMapping.firebase("admin", "beta"),
                    Map.of("admin", true, "beta", false, "firebase", Map.of("sign_in_provider", "google.com")))
                    .roles().names()).containsExactly("admin");
            assertThatThrownBy(() -> caller("https://securetoken.google.com/project", RoleMapping.firebase("admin"),
                    Map.of("admin", "yes"))).isInstanceOf(ClaimTypeException.class)
                    .hasMessage("claim admin is a string, expected a boolean flag");
        }

        @Test
        void delimitedStringsPrefixesAndCaseInsensitivity() {
            RoleMapping m = RoleMapping.builder().delimitedClaim(ClaimPath.of("roles"), "[ ,]+", "app:")
                    .caseInsensitive().build();
            CallerContext c = caller("https://idp.example", m, Map.of("roles", "Admin, Editor viewer"));
            assertThat(c.roles().names()).containsExactly("app:admin", "app:editor", "app:viewer");
            assertThat(c.hasRole("APP:ADMIN")).isTrue();
            assertThat(c.roles().contains(RoleId.of("App:Editor"))).isTrue();
            assertThat(c.roles().contains(RoleId.of("app:owner"))).isFalse();
        }

        @Test
        void unexpectedShapesAreReportedNotHalfRead() {
            assertThatThrownBy(() -> caller("https://idp.example", RoleMapping.spacetimeAuth(),
                    Map.of("roles", List.of("admin", 7)))).isInstanceOf(ClaimTypeException.class)
                    .hasMessage("claim roles is an array holding an integer, expected an array of role names");
            assertThatThrownBy(() -> caller("https://idp.example", RoleMapping.spacetimeAuth(),
                    Map.of("roles", Map.of("admin", true)))).isInstanceOf(ClaimTypeException.class)
                    .hasMessage("claim roles is an object, expected an array of role names or a role name");
            assertThatThrownBy(() -> caller("https://idp.example", RoleMapping.keycloak("c"),
                    Map.of("realm_access", List.of("x")))).isInstanceOf(ClaimTypeException.class)
                    .hasMessage("claim realm_access is an array, expected an object");
            assertThatThrownBy(() -> caller("https://idp.example", RoleMapping.spacetimeAuth(),
                    Map.of("roles", List.of("")))).isInstanceOf(ClaimTypeException.class);
        }

        @Test
        void absentRoleClaimMeansNoRoles() {
            assertThat(caller("https://idp.example", RoleMapping.spacetimeAuth(), Map.of()).roles().isEmpty()).isTrue();
        }
    }

    @Nested
    class Kinds {
        @Test
        void serviceAnonymousUserAndInternal() {
            ClaimsMapper mapper = ClaimsMapper.builder().anonymousIssuer("localhost")
                    .serviceWhen(ClaimCondition.equalTo("gty", "client-credentials")).build();
            assertThat(mapper.toCaller(Tokens.verified("https://idp.example", "client-1", Map.of()), CONN).kind())
                    .as("sub = aud is no rule of its own: a user may choose such a name").isEqualTo(CallerKind.USER);
            assertThat(mapper.toCaller(Tokens.verified("https://idp.example", "svc", Map.of("azp", "svc")), CONN).kind())
                    .as("nor is sub = azp").isEqualTo(CallerKind.USER);
            assertThat(mapper.toCaller(Tokens.verified("https://idp.example", "svc@clients",
                    Map.of("gty", "client-credentials")), CONN).kind()).isEqualTo(CallerKind.SERVICE);
            CallerContext anon = mapper.toCaller(Tokens.verified("localhost", "7c1e", Map.of("roles", List.of("admin"))),
                    CONN);
            assertThat(anon.kind()).isEqualTo(CallerKind.ANONYMOUS);
            assertThat(anon.roles().isEmpty()).as("anonymous callers get no roles").isTrue();
            CallerContext user = mapper.toCaller(Tokens.verified("https://idp.example", "ada", Map.of("azp", "client-1")),
                    CONN);
            assertThat(user.kind()).isEqualTo(CallerKind.USER);
            assertThat(user.auth().hasJwt()).isTrue();
            assertThat(user.auth().isInternal()).isFalse();
            assertThat(user.connectionId()).contains(CONN);

            Identity module = Identity.fromClaims("module", "chat");
            CallerContext internal = CallerContext.internal(module);
            assertThat(internal.kind()).isEqualTo(CallerKind.INTERNAL);
            assertThat(internal.auth().isInternal()).isTrue();
            assertThat(internal.auth().jwt()).isEmpty();
            assertThat(internal.connectionId()).isEmpty();
            assertThat(internal.sender()).isEqualTo(module);
        }
    }

    @Nested
    class Reauthentication {
        final ClaimsMapper mapper = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth()).build();

        @Test
        void sameIdentityUpdatesRolesAndExpiry() {
            CallerContext c = mapper.toCaller(Tokens.verified("https://idp.example", "ada", Map.of("roles",
                    List.of("user"))), CONN);
            CallerContext refreshed = mapper.reauthenticate(c, Tokens.verified("https://idp.example", "ada",
                    Map.of("roles", List.of("user", "admin"))));
            assertThat(refreshed.sender()).isEqualTo(c.sender());
            assertThat(refreshed.connectionId()).contains(CONN);
            assertThat(refreshed.roles().names()).containsExactly("user", "admin");
            assertThat(refreshed.expiresAt()).isPresent();
        }

        @Test
        void refreshTokenInvalidIssuerAndSubject() {
            CallerContext c = mapper.toCaller(Tokens.verified("https://idp.example", "ada", Map.of()), CONN);
            ReauthenticationException iss = catchThrowableOfType(ReauthenticationException.class,
                    () -> mapper.reauthenticate(c, Tokens.verified("https://other.example", "ada", Map.of())));
            assertThat(iss.reason()).isEqualTo(ReauthenticationException.Reason.ISSUER_CHANGED);
            ReauthenticationException sub = catchThrowableOfType(ReauthenticationException.class,
                    () -> mapper.reauthenticate(c, Tokens.verified("https://idp.example", "eve", Map.of())));
            assertThat(sub.reason()).isEqualTo(ReauthenticationException.Reason.SUBJECT_CHANGED);
            ReauthenticationException internal = catchThrowableOfType(ReauthenticationException.class,
                    () -> mapper.reauthenticate(CallerContext.internal(c.sender()),
                            Tokens.verified("https://idp.example", "ada", Map.of())));
            assertThat(internal.reason()).isEqualTo(ReauthenticationException.Reason.NOT_REAUTHENTICABLE);
        }
    }

    @Nested
    class Scale {
        @Test
        void thousandsOfClaimsAndRoles() {
            Map<String, Object> p = new HashMap<>();
            List<String> roles = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                p.put("claim_" + i, i);
                roles.add("role-" + i);
            }
            p.put("roles", roles);
            CallerContext c = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth()).build()
                    .toCaller(Tokens.verified("https://idp.example", "ada", p), CONN);
            assertThat(c.roles().size()).isEqualTo(5000);
            assertThat(c.roles().contains(RoleId.of("role-4999"))).isTrue();
            assertThat(c.roles().contains(RoleId.of("role-5000"))).isFalse();
            assertThat(c.claims().get().longValue("claim_1234")).contains(1234L);
        }

        @Test
        void roleChecksFromManyThreadsAgree() throws Exception {
            CallerContext c = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth()).build()
                    .toCaller(Tokens.verified("https://idp.example", "ada", Map.of("roles", List.of("admin"))), CONN);
            RoleId admin = RoleId.of("admin");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int n = t;
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int i = 0; i < 2000; i++) {
                        RoleId.of("interned-concurrently-" + n + "-" + (i % 50));
                        ok &= c.roles().contains(admin) && !c.roles().contains(RoleId.of("nobody"));
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
            pool.shutdown();
        }
    }
}
