package dev.warden.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.ConnectionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scopes in either shape under either name, the public machine-token conditions, and the no-role-claims warning. */
class ScopesKindsAndWarningsTest {

    private static final ConnectionId CONN = ConnectionId.of(3, 4);
    private static final String ISS = "https://idp.example";

    private static CallerContext caller(ClaimsMapper mapper, String subject, Map<String, ?> claims) {
        return mapper.toCaller(Tokens.verified(ISS, subject, "api", claims), CONN);
    }

    @Test
    void scopeAndScpAreEachAStringOrAnArray() {
        ClaimsMapper mapper = ClaimsMapper.builder().build();
        assertThat(caller(mapper, "a", Map.of("scope", List.of("openid", "game.read"))).scopes().names())
                .containsExactly("openid", "game.read");
        assertThat(caller(mapper, "a", Map.of("scp", "User.Read Files.Read")).scopes().names())
                .containsExactly("User.Read", "Files.Read");
        assertThat(caller(mapper, "a", Map.of("scope", "a", "scp", List.of("b"))).scopes().names())
                .containsExactly("a", "b");
    }

    @Test
    void aScopeArrayWithABadItemIsRefusedNamingTheClaim() {
        ClaimsMapper mapper = ClaimsMapper.builder().build();
        assertThatThrownBy(() -> caller(mapper, "a", Map.of("scope", List.of("read write"))))
                .isInstanceOf(ClaimTypeException.class)
                .hasMessage("claim scope is an array holding a name with a space, expected an array of scope names");
        assertThatThrownBy(() -> caller(mapper, "a", Map.of("scp", List.of(""))))
                .isInstanceOf(ClaimTypeException.class)
                .hasMessage("claim scp is an array holding an empty name, expected an array of scope names");
        assertThatThrownBy(() -> caller(mapper, "a", Map.of("scope", Map.of("x", 1))))
                .isInstanceOf(ClaimTypeException.class).extracting(e -> ((ClaimTypeException) e).path())
                .isEqualTo("scope");
    }

    @Test
    void conditionsMatchStringsExactlyAndNeverThrow() {
        JwtClaims c = JwtClaims.of(Tokens.verified(ISS, "abc@clients", "api", Map.of("azp", "abc",
                "gty", "client-credentials", "n", 5, "obj", Map.of("k", "v"), "empty", "")));
        assertThat(ClaimCondition.present("gty").test(c)).isTrue();
        assertThat(ClaimCondition.present("obj.k").test(c)).isTrue();
        assertThat(ClaimCondition.present("gty.deeper").test(c)).as("a path through a string").isFalse();
        assertThat(ClaimCondition.absent("missing").test(c)).isTrue();
        assertThat(ClaimCondition.equalTo("gty", "client-credentials").test(c)).isTrue();
        assertThat(ClaimCondition.equalTo("gty", "Client-Credentials").test(c)).isFalse();
        assertThat(ClaimCondition.equalTo("n", "5").test(c)).as("a number is not the string 5").isFalse();
        assertThat(ClaimCondition.hasPrefix("sub", "abc").test(c)).isTrue();
        assertThat(ClaimCondition.equalsClaim("sub", "", "azp", "@clients").test(c)).isTrue();
        assertThat(ClaimCondition.equalsClaim("sub", "x", "azp", "@clients").test(c)).isFalse();
        assertThat(ClaimCondition.equalsClaim("sub", "azp").test(c)).isFalse();
        assertThat(ClaimCondition.equalsClaim("sub", "abc@clients", "empty", "").test(c))
                .as("an empty other claim never matches").isFalse();
        assertThat(ClaimCondition.allOf(ClaimCondition.present("azp"), ClaimCondition.absent("azp")).test(c)).isFalse();
        assertThat(ClaimCondition.includesClaim("aud", "azp").test(c)).isFalse();
        assertThat(ClaimCondition.includesClaim("aud", "n").test(c)).as("the other claim is no string").isFalse();
        JwtClaims svc = JwtClaims.of(Tokens.verified(ISS, "api", "api", Map.of()));
        assertThat(ClaimCondition.includesClaim("aud", "sub").test(svc)).as("aud as an array").isTrue();
        assertThat(ClaimCondition.includesClaim("aud", "sub")).hasToString("aud includes sub");
        assertThat(ClaimCondition.anyOf(ClaimCondition.present("x"), ClaimCondition.present("azp")).test(c)).isTrue();
        assertThat(ClaimCondition.anyOf(ClaimCondition.equalTo("idtyp", "app"),
                ClaimCondition.allOf(ClaimCondition.equalsClaim("sub", "oid"), ClaimCondition.absent("scp"))))
                .hasToString("idtyp = \"app\" or (sub = oid and scp absent)");
        assertThat(ClaimCondition.equalsClaim("sub", "", "azp", "@clients"))
                .hasToString("sub = \"\" + azp + \"@clients\"");
        assertThatThrownBy(ClaimCondition::anyOf).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at least one condition is needed");
        assertThatThrownBy(() -> ClaimCondition.hasPrefix("sub", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix must not be empty");
    }

    @Test
    void aMapperWideConditionMakesServiceCallersOfAnyIssuer() {
        ClaimsMapper mapper = ClaimsMapper.builder()
                .serviceWhen(ClaimCondition.equalsClaim("sub", "", "client_id", "")).build();
        assertThat(caller(mapper, "svc-1", Map.of("client_id", "svc-1")).kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(caller(mapper, "ada", Map.of("client_id", "svc-1")).kind()).isEqualTo(CallerKind.USER);
    }

    @Test
    void theFirstUserTokenWithoutRoleClaimsIsReportedOncePerIssuer() {
        List<String> events = new ArrayList<>();
        ClaimsMapper mapper = ClaimsMapper.builder()
                .roles(ISS, RoleMapping.keycloak("game-client"))
                .roles("https://other.example", RoleMapping.keycloak("game-client"))
                .listener(new ClaimsListener() {
                    @Override
                    public void noRoleClaims(String issuer, String mapping, List<String> paths, String setting) {
                        events.add(issuer + " " + mapping + " " + paths + " " + setting.contains("Add to ID token"));
                    }
                }).build();
        Map<String, Object> idToken = Map.of("typ", "ID", "azp", "game-client", "preferred_username", "ada");
        caller(mapper, "ada", idToken);
        caller(mapper, "bob", idToken);
        assertThat(events).containsExactly(
                ISS + " keycloak [realm_access.roles, resource_access.game-client.roles] true");
        mapper.toCaller(Tokens.verified("https://other.example", "ada", "api",
                Map.of("realm_access", Map.of("roles", List.of("player")))), CONN);
        mapper.toCaller(Tokens.verified("https://other.example", "bob", "api", idToken), CONN);
        assertThat(events).as("an issuer whose first token had role claims is not reported").hasSize(1);
    }

    @Test
    void serviceAndAnonymousTokensAndFailingListenersDoNotReport() {
        List<String> events = new ArrayList<>();
        ClaimsMapper mapper = ClaimsMapper.builder().roles(ISS, RoleMapping.spacetimeAuth())
                .listener(new ClaimsListener() {
                    @Override
                    public void noRoleClaims(String issuer, String mapping, List<String> paths, String setting) {
                        events.add(issuer);
                        throw new IllegalStateException("listener broke");
                    }
                }).build();
        mapper.toCaller(Tokens.verified(ISS, "client_1", "client_1", Map.of()), CONN); // SpacetimeAuth's service
        assertThat(events).isEmpty();
        assertThat(caller(mapper, "ada", Map.of()).kind()).as("a failing listener does not fail the connection")
                .isEqualTo(CallerKind.USER);
        assertThat(events).containsExactly(ISS);
        ClaimsMapper none = ClaimsMapper.builder().listener(new ClaimsListener() {
            @Override
            public void noRoleClaims(String issuer, String mapping, List<String> paths, String setting) {
                events.add("none");
            }
        }).build();
        caller(none, "ada", Map.of());
        assertThat(events).as("a mapping that reads no roles has nothing to miss").containsExactly(ISS);
        ClaimsMapper quiet = ClaimsMapper.builder().roles(ISS, RoleMapping.spacetimeAuth()).warnWhenRolesMissing(false)
                .listener(new ClaimsListener() {
                    @Override
                    public void noRoleClaims(String issuer, String mapping, List<String> paths, String setting) {
                        events.add("quiet");
                    }
                }).build();
        caller(quiet, "ada", Map.of());
        assertThat(events).as("turned off for test fixtures").containsExactly(ISS);
    }
}
