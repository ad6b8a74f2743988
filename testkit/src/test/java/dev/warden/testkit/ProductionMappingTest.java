package dev.warden.testkit;

import static dev.warden.testkit.WardenAssertions.assertAllowed;
import static dev.warden.testkit.WardenAssertions.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A module whose production mapping is Keycloak's is tested with it: the mock issuer mints realm roles in
 * {@code realm_access.roles} and service-account tokens with {@code client_id} = {@code azp}, and the
 * extension's validator reads them with that mapping.
 */
@WardenTest(module = ProductionMappingTest.Guild.class)
class ProductionMappingTest {

    /** The production mapping, said once. */
    @WardenClaims
    static final RoleMapping ROLES = RoleMapping.keycloak("guild-client");

    /** Officers kick; the matchmaker service account matches players. */
    @ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE})
    public static class Guild {
        @Reducer("kick")
        @RequiresAnyRole("officer")
        public void kick(long member) {}

        @Reducer("say")
        @Authenticated
        public void say(String text) {}

        @Procedure("matchmake")
        @RequiresKind(CallerKind.SERVICE)
        public int matchmake() {
            return 0;
        }
    }

    @Test
    void usersCarryRealmRolesAndTheServiceAccountIsAService(TestHost<Guild> host, TestCallers callers) {
        CallerContext bob = callers.user("bob", "officer");
        assertThat(bob.claims().orElseThrow().object("realm_access")).contains(Map.of("roles", List.of("officer")));
        assertThat(bob.claims().orElseThrow().has("roles")).isFalse();
        assertAllowed(host, bob, "kick", 1L);
        assertDenied(host, callers.user("erin"), "kick", 1L).byRule("@RequiresAnyRole");

        CallerContext matchmaker = callers.service("matchmaker");
        assertThat(matchmaker.kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(matchmaker.claims().orElseThrow().string("client_id")).contains("matchmaker");
        assertThat(matchmaker.claims().orElseThrow().has("gty")).isFalse();
        assertAllowed(host, matchmaker, "matchmake");
        assertDenied(host, bob, "matchmake").byRule("@RequiresKind");
    }

    @Test
    @WithCaller(subject = "carol", roles = "officer")
    void withCallerRolesAreMintedInTheSameShape(CallerContext carol, TestHost<Guild> host) {
        assertThat(carol.claims().orElseThrow().object("realm_access")).contains(Map.of("roles", List.of("officer")));
        assertAllowed(host, carol, "kick", 2L);
    }

    @Test
    void tokensFromTheFactoryAndConnectingWithATokenUseTheMappingToo(TokenFactory tokens, TestHost<Guild> host,
                                                                    ClaimsMapper mapper) {
        CallerContext dave = host.connect(tokens.user("dave").roles("officer").sign());
        assertThat(dave.roles().names()).containsExactly("officer");
        assertAllowed(host, dave, "kick", 3L);
        assertThat(host.connect(tokens.service("matchmaker").sign()).kind()).isEqualTo(CallerKind.SERVICE);
    }
}
