package dev.warden.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.ConnectionId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link RoleMapping#tokenClaims} writes a caller the way each provider does, so that a test token minted for
 * a preset is read back by that preset, through a real signed and verified token, as the caller asked for.
 */
class TokenShapesTest {

    private static final String ISSUER = "https://idp.example/realms/game";

    record Shape(String name, RoleMapping mapping, List<String> roles, String serviceSubject,
                 Map<String, Object> userShape, Map<String, Object> serviceShape) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> presets() {
        return Stream.of(
                new Shape("SpacetimeAuth", RoleMapping.spacetimeAuth(), List.of("admin", "player"), "client_01J",
                        Map.of("roles", List.of("admin", "player")), Map.of()),
                new Shape("Keycloak", RoleMapping.keycloak("game-client"), List.of("player", "admin"), "7d1c0b6a",
                        Map.of("realm_access", Map.of("roles", List.of("player", "admin"))),
                        Map.of("client_id", "7d1c0b6a")),
                new Shape("Keycloak, client roles prefixed", RoleMapping.keycloak("game-client", "game-client:"),
                        List.of("player", "game-client:admin"), "7d1c0b6a",
                        Map.of("realm_access", Map.of("roles", List.of("player")),
                                "resource_access", Map.of("game-client", Map.of("roles", List.of("admin")))),
                        Map.of("client_id", "7d1c0b6a")),
                new Shape("Auth0", RoleMapping.auth0("https://example.com/roles"), List.of("admin"), "abc",
                        Map.of("https://example.com/roles", List.of("admin")), Map.of("gty", "client-credentials")),
                new Shape("Entra ID", RoleMapping.entraId(), List.of("Tasks.Write"), "app-oid",
                        Map.of("roles", List.of("Tasks.Write")), Map.of("idtyp", "app")),
                new Shape("Okta", RoleMapping.okta(), List.of("Everyone", "admins"), "0oa1",
                        Map.of("groups", List.of("Everyone", "admins")), Map.of("cid", "0oa1")),
                new Shape("Cognito", RoleMapping.cognito(), List.of("admins"), "3nd7",
                        Map.of("cognito:groups", List.of("admins")), Map.of("client_id", "3nd7")),
                new Shape("Clerk", RoleMapping.clerk(), List.of("admin"), "mch_2x",
                        Map.of("roles", List.of("admin")), Map.of()),
                new Shape("Firebase", RoleMapping.firebase("admin"), List.of("admin", "beta"), null,
                        Map.of("admin", true, "roles", List.of("beta")), Map.of()),
                new Shape("Spring Authorization Server", RoleMapping.springAuthorizationServer(), List.of("admin"),
                        "game-client", Map.of("roles", List.of("admin")), Map.of("gty", "client_credentials")),
                new Shape("custom, delimited and prefixed", RoleMapping.builder()
                        .delimitedClaim(ClaimPath.of("perms"), "[ ,]+", "perm:")
                        .serviceWhen(ClaimCondition.equalTo("token_use", "m2m")).build(),
                        List.of("perm:read", "perm:write"), "svc", Map.of("perms", List.of("read", "write")),
                        Map.of("token_use", "m2m"))
        ).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("presets")
    void aUserTokenCarriesItsRolesWhereThePresetReadsThem(Shape s) {
        Map<String, Object> claims = s.mapping().tokenClaims(CallerKind.USER, s.roles(),
                Map.of("iss", ISSUER, "sub", "ada", "aud", "game-client", "azp", "game-client"));
        assertThat(claims).containsAllEntriesOf(s.userShape()).containsEntry("sub", "ada");
        CallerContext caller = read(s.mapping(), "ada", claims);
        assertThat(caller.kind()).isEqualTo(CallerKind.USER);
        assertThat(caller.roles().names()).containsExactlyInAnyOrderElementsOf(s.roles());
    }

    @ParameterizedTest
    @MethodSource("presets")
    void aServiceTokenMeetsThePresetsMachineTokenRule(Shape s) {
        if (s.serviceSubject() == null) {
            assertThatThrownBy(() -> s.mapping().tokenClaims(CallerKind.SERVICE, List.of(), Map.of("sub", "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the firebase role mapping makes no token a SERVICE caller, so no SERVICE token can be "
                            + "minted for it");
            return;
        }
        String sub = s.serviceSubject();
        Map<String, Object> claims = s.mapping().tokenClaims(CallerKind.SERVICE, List.of(),
                Map.of("iss", ISSUER, "sub", sub, "aud", List.of(sub, "game-client"), "azp", sub));
        assertThat(claims).containsAllEntriesOf(s.serviceShape());
        CallerContext caller = read(s.mapping(), sub, claims);
        assertThat(caller.kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(caller.roles().isEmpty()).isTrue();
    }

    @Test
    void whatCannotBeWrittenIsAnErrorNamingTheRuleNeverAnotherCaller() {
        assertThatThrownBy(() -> RoleMapping.clerk().tokenClaims(CallerKind.SERVICE, List.of(), Map.of("sub", "bot")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a SERVICE token for the clerk role mapping needs [sub starts with \"mch_\"], which cannot "
                        + "hold without changing the token's iss, sub or aud (sub is bot)");
        assertThatThrownBy(() -> RoleMapping.builder().claim(ClaimPath.of("perms"), "perm:").build()
                .tokenClaims(CallerKind.USER, List.of("perm:read", "admin"), Map.of("sub", "ada")))
                .hasMessageStartingWith("the custom role mapping reads no claim that can hold role 'admin'");
        assertThatThrownBy(() -> RoleMapping.none().tokenClaims(CallerKind.USER, List.of("admin"), Map.of("sub", "ada")))
                .hasMessageStartingWith("the none role mapping reads no claim that can hold role 'admin'");
        assertThatThrownBy(() -> RoleMapping.okta().tokenClaims(CallerKind.USER, List.of(),
                Map.of("sub", "0oa1", "cid", "0oa1")))
                .hasMessage("a USER token with these claims is a SERVICE caller for the okta role mapping "
                        + "(sub = cid and uid absent)");
        assertThatThrownBy(() -> RoleMapping.okta().tokenClaims(CallerKind.ANONYMOUS, List.of(), Map.of("sub", "a")))
                .hasMessageStartingWith("only USER and SERVICE tokens come from a provider");
    }

    @Test
    void noRolesIsAnEmptyArrayInTheFirstRoleClaimSoTheMissingRolesWarningStaysQuiet() {
        assertThat(RoleMapping.keycloak("game-client").tokenClaims(CallerKind.USER, List.of(), Map.of("sub", "ada")))
                .isEqualTo(Map.of("sub", "ada", "realm_access", Map.of("roles", List.of())));
    }

    @Test
    void theMappersOwnServiceConditionsCountAndItsIssuerPicksTheMapping() {
        ClaimsMapper mapper = ClaimsMapper.builder().roles(ISSUER, RoleMapping.builder().claim("perms").build())
                .serviceWhen(ClaimCondition.equalTo("typ", "svc")).build();
        Map<String, Object> claims = mapper.tokenClaims(ISSUER, CallerKind.SERVICE, List.of("export"),
                Map.of("sub", "stats"));
        assertThat(claims).isEqualTo(Map.of("sub", "stats", "perms", List.of("export"), "typ", "svc"));
        CallerContext caller = mapper.toCaller(Tokens.verified(ISSUER, "stats", "game-client",
                withoutRegistered(claims)), ConnectionId.random());
        assertThat(caller.kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(caller.roles().names()).containsExactly("export");
        assertThatThrownBy(() -> ClaimsMapper.builder().anonymousIssuer(ISSUER).build()
                .tokenClaims(ISSUER, CallerKind.USER, List.of(), Map.of("sub", "a")))
                .hasMessage("the tokens of " + ISSUER + " are anonymous callers here");
    }

    private static CallerContext read(RoleMapping mapping, String subject, Map<String, Object> claims) {
        return ClaimsMapper.builder().roles(ISSUER, mapping).build().toCaller(
                Tokens.verified(ISSUER, subject, "game-client", withoutRegistered(claims)), ConnectionId.random());
    }

    /** The claims jjwt is given apart from iss, sub and aud, which Tokens.verified sets. */
    private static Map<String, Object> withoutRegistered(Map<String, Object> claims) {
        Map<String, Object> out = new LinkedHashMap<>(claims);
        out.keySet().removeAll(List.of("iss", "sub", "aud"));
        return out;
    }
}
