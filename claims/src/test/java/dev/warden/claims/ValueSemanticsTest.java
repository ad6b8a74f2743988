package dev.warden.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Equality, hashing, rendering and the small accessors the policy engine and hosts rely on. */
class ValueSemanticsTest {

    @Test
    void roleIdsAreInternedByName() {
        RoleId a = RoleId.of("editor");
        assertThat(RoleId.of("editor")).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(RoleId.of("Editor")).isNotEqualTo(a);
        assertThat(RoleId.of("viewer")).isNotEqualTo(a);
        assertThat(a.name()).isEqualTo("editor");
        assertThat(a.toString()).isEqualTo("editor");
        assertThat(a).isNotEqualTo("editor");
        assertThatThrownBy(() -> RoleId.of("")).isInstanceOf(IllegalArgumentException.class);
        RoleSet exact = RoleSet.of(List.of("Editor"));
        assertThat(exact.contains(RoleId.of("Editor"))).isTrue();
        assertThat(exact.contains(RoleId.of("editor"))).isFalse();
        RoleSet folded = RoleSet.of(List.of("Editor"), true);
        assertThat(folded.contains(RoleId.of("editor"))).isTrue();
        assertThat(folded.caseInsensitive()).isTrue();
        assertThat(exact.caseInsensitive()).isFalse();
    }

    @Test
    void roleSetsAreValues() {
        RoleSet a = RoleSet.of(List.of("a", "b"));
        assertThat(RoleSet.of(List.of("a", "b"))).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(RoleSet.of(List.of("a"))).isNotEqualTo(a);
        assertThat(RoleSet.of(List.of("a", "b"), true)).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(List.of("a", "b"));
        assertThat(a.toString()).isEqualTo("[a, b]");
        assertThat(a.isEmpty()).isFalse();
        assertThat(RoleSet.empty().isEmpty()).isTrue();
        assertThat(a.contains((String) null)).isFalse();
        assertThatThrownBy(() -> a.names().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bitsAtWordBoundariesAreExact() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 130; i++) {
            names.add("boundary-role-" + i);
        }
        names.forEach(RoleId::of);
        RoleSet set = RoleSet.of(names.subList(60, 70));
        for (int i = 0; i < 130; i++) {
            assertThat(set.contains(RoleId.of("boundary-role-" + i))).as("role " + i).isEqualTo(i >= 60 && i < 70);
        }
    }

    @Test
    void claimPathsAreValues() {
        ClaimPath p = ClaimPath.parse("a.\"b.c\"");
        assertThat(ClaimPath.of("a", "b.c")).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(ClaimPath.parse("a.b")).isNotEqualTo(p);
        assertThat(p).isNotEqualTo("a.b.c");
        assertThat(ClaimPath.parse("x").segments()).containsExactly("x");
        assertThatThrownBy(() -> ClaimPath.of()).hasMessageContaining("at least one name");
        assertThatThrownBy(() -> ClaimPath.of("a", "")).hasMessageContaining("empty name");
    }

    @Test
    void contextsRenderWithoutTokensAndAnswerTheirAccessors() {
        CallerContext c = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth()).build().toCaller(
                Tokens.verified("https://idp.example", "ada", Map.of("roles", List.of("admin"), "scp", "read write")),
                ConnectionId.of(1, 2));
        assertThat(c.hasScope("read")).isTrue();
        assertThat(c.hasScope("delete")).isFalse();
        assertThat(c.hasRole("admin")).isTrue();
        assertThat(c.hasRole("root")).isFalse();
        assertThat(c.auth().hasJwt()).isTrue();
        assertThat(c.toString()).contains("USER").contains(c.sender().toHex()).contains("[admin]").contains("on 0000");
        assertThat(c.auth().toString()).contains("ada").doesNotContain("eyJ");
        assertThat(c.claims().get().toString()).isEqualTo("JwtClaims{iss=https://idp.example, sub=ada}");
        assertThat(c.claims().get().asMap()).containsEntry("sub", "ada");
        CallerContext moved = c.withConnection(ConnectionId.of(3, 4));
        assertThat(moved.connectionId()).contains(ConnectionId.of(3, 4));
        assertThat(moved.sender()).isEqualTo(c.sender());
        CallerContext internal = CallerContext.internal(Identity.fromClaims("m", "x"));
        assertThat(internal.auth().hasJwt()).isFalse();
        assertThat(internal.toString()).contains("INTERNAL").doesNotContain(" on ");
        assertThat(internal.auth().toString()).isEqualTo("AuthContext{internal}");
        assertThat(internal.hasScope("read")).isFalse();
    }

    @Test
    void mappingsDescribeThemselves() {
        RoleMapping m = RoleMapping.builder().claim("roles").delimitedClaim(ClaimPath.of("perms"), ",", "p:")
                .flag(ClaimPath.of("admin"), "admin").caseInsensitive().build();
        assertThat(m.caseInsensitive()).isTrue();
        assertThat(RoleMapping.spacetimeAuth().caseInsensitive()).isFalse();
        assertThat(m.toString()).isEqualTo("RoleMapping(custom)[roles, perms (prefix p:) (delimited), admin=true -> admin]"
                + " (case-insensitive)");
        assertThat(RoleMapping.none().toString()).isEqualTo("RoleMapping(none)[]");
        assertThat(m.claimPaths()).containsExactly("roles", "perms", "admin");
        assertThatThrownBy(() -> RoleMapping.builder().flag(ClaimPath.of("x"), "")).hasMessageContaining("role");
        assertThatThrownBy(() -> RoleMapping.builder().delimitedClaim(ClaimPath.of("x"), "", ""))
                .hasMessageContaining("delimiterRegex");
        assertThatThrownBy(() -> ClaimsMapper.builder().roles("i", RoleMapping.none()).roles("i", RoleMapping.none()))
                .hasMessageContaining("already configured");
    }

    @Test
    void scopesFromEitherClaimAndOfTheWrongShape() {
        ClaimsMapper mapper = ClaimsMapper.builder().build();
        assertThat(mapper.toCaller(Tokens.verified("https://idp.example", "a", Map.of("scope", "a  b")),
                ConnectionId.of(1, 1)).scopes().names()).containsExactly("a", "b");
        assertThat(mapper.toCaller(Tokens.verified("https://idp.example", "a", Map.of("scp", List.of("x", "y"))),
                ConnectionId.of(1, 1)).scopes().names()).containsExactly("x", "y");
        assertThat(mapper.toCaller(Tokens.verified("https://idp.example", "a", Map.of()), ConnectionId.of(1, 1))
                .scopes().isEmpty()).isTrue();
        assertThatThrownBy(() -> mapper.toCaller(Tokens.verified("https://idp.example", "a", Map.of("scope", 5)),
                ConnectionId.of(1, 1))).isInstanceOf(ClaimTypeException.class)
                .hasMessage("claim scope is an integer, expected a space-separated string or an array of scope names");
        assertThatThrownBy(() -> mapper.toCaller(Tokens.verified("https://idp.example", "a", Map.of("scp", List.of(1))),
                ConnectionId.of(1, 1))).isInstanceOf(ClaimTypeException.class);
    }
}
