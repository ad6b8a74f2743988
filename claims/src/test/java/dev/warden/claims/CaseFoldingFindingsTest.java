package dev.warden.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security review finding (issue 13, low): case-insensitive role matching folds only ASCII letters. Unicode
 * lower-casing maps the Kelvin sign (U+212A) to 'k' and the dotted capital I (U+0130) to "i" plus a combining
 * dot, so a provider group named with them would satisfy a rule written for another role.
 */
class CaseFoldingFindingsTest {

    @Test
    void kelvinSignIsNotTheLetterK() {
        RoleSet roles = RoleSet.of(List.of("\u212Aeeper"), true);
        assertThat(roles.contains("keeper")).isFalse();
        assertThat(roles.contains(RoleId.of("keeper"))).isFalse();
        assertThat(roles.contains("\u212Aeeper")).isTrue();
        assertThat(roles.contains(RoleId.of("\u212AEEPER"))).as("ASCII letters still fold around it").isTrue();
    }

    @Test
    void dottedCapitalIIsNotTheLetterI() {
        RoleSet roles = RoleSet.of(List.of("\u0130nspector"), true);
        assertThat(roles.contains("inspector")).isFalse();
        assertThat(roles.contains(RoleId.of("inspector"))).isFalse();
    }

    @Test
    void asciiLettersFoldAsBefore() {
        RoleSet roles = RoleSet.of(List.of("Admin", "GAME-Master"), true);
        assertThat(roles.contains("admin")).isTrue();
        assertThat(roles.contains(RoleId.of("game-master"))).isTrue();
        assertThat(roles.names()).containsExactly("admin", "game-master");
    }

    @Test
    void throughARealTokenAndACaseInsensitivePreset() {
        RoleMapping mapping = RoleMapping.builder().claim("groups").caseInsensitive().build();
        RoleSet roles = mapping.rolesOf(JwtClaims.of(Tokens.verified("https://idp.test", "u",
                Map.of("groups", List.of("\u212Aeeper", "Reader")))));
        assertThat(roles.contains(RoleId.of("keeper"))).isFalse();
        assertThat(roles.contains(RoleId.of("reader"))).isTrue();
    }
}
