package dev.warden.testkit;

import static dev.warden.testkit.WardenAssertions.assertAllowed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimCondition;
import dev.warden.claims.ClaimPath;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A production {@code ClaimsMapper}, built by a static method for the issuer it is given (the mock issuer's),
 * with a custom machine-token rule of its own: the mock issuer mints what that mapper reads.
 */
@WardenTest(module = PostsModule.class, engine = PostsModule.Rules.class)
class ProductionClaimsMapperTest {

    /** The production mapper: roles in a namespaced claim, and "typ": "svc" marks the game's own servers. */
    @WardenClaims
    static ClaimsMapper production(String issuer) {
        return ClaimsMapper.builder()
                .roles(issuer, RoleMapping.builder().claim(ClaimPath.of("https://guild.example/roles"), "").build())
                .serviceWhen(ClaimCondition.equalTo("typ", "svc")).build();
    }

    @Test
    void rolesGoToTheNamespacedClaimAndTheExtensionUsesThatMapper(TestCallers callers, TestHost<PostsModule> host,
                                                                 ClaimsMapper mapper, MockIssuer issuer) {
        CallerContext mod = callers.user("mod", "moderator");
        assertThat(mod.claims().orElseThrow().strings("\"https://guild.example/roles\"")).contains(List.of("moderator"));
        assertAllowed(host, mod, "delete_post", 0L);
        assertThat(mapper.tokenClaims(issuer.issuer(), CallerKind.USER, List.of("x"), java.util.Map.of("sub", "a")))
                .containsEntry("https://guild.example/roles", List.of("x"));
        CallerContext server = callers.service("game-server");
        assertThat(server.kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(server.claims().orElseThrow().string("typ")).contains("svc");
    }
}
