package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerKind;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresKind;
import org.junit.jupiter.api.Test;

/** The report's matrix has a column per kind of client caller and per declared role, used or not. */
class ReportColumnsTest {

    /** A guild: members speak, officers kick, a service exports; "owner" is declared but no rule names it. */
    public static class Guild {
        @Reducer("say")
        @Authenticated
        public void say(String text) {}

        @Reducer("kick")
        @RequiresAnyRole("officer")
        public void kick(long member) {}

        @Procedure("export_stats")
        @RequiresKind(CallerKind.SERVICE)
        public long exportStats() {
            return 0;
        }
    }

    @Test
    void aColumnPerCallerKindAndPerDeclaredRole() {
        String report = PolicyEngine.builder().roles("member", "owner")
                .roleHierarchy(RoleHierarchy.of("officer > member")).build().compile(Guild.class).report();
        assertThat(report)
                .contains("| entry point | anonymous | user, no roles | service, no roles | member | officer | owner |")
                .contains("| `export_stats` | deny | deny | allow | deny | deny | deny |")
                .contains("| `kick` | deny | deny | deny | deny | allow | deny |")
                .contains("| `say` | deny | allow | allow | allow | allow | allow |");
    }

    @Test
    void withoutACatalogueTheRolesAreThoseTheRulesName() {
        String report = PolicyEngine.builder().build().compile(Guild.class).report();
        assertThat(report).contains("| entry point | anonymous | user, no roles | service, no roles | officer |");
    }
}
