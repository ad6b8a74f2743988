package dev.warden.policy;

import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.DenyAll;
import dev.warden.policy.annotation.Init;
import dev.warden.policy.annotation.InternalOnly;
import dev.warden.policy.annotation.OwnerOnly;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAllRoles;
import dev.warden.policy.annotation.RequiresAllScopes;
import dev.warden.policy.annotation.RequiresAnyScope;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresClaim;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a module fails to compile, each named in one error that lists all problems. */
class CompilationTest {

    static List<String> problems(Class<?> module, PolicyEngine engine) {
        PolicyCompilationException e = catchThrowableOfType(PolicyCompilationException.class,
                () -> engine.compile(module));
        assertThat(e).as("compiling " + module.getSimpleName() + " must fail").isNotNull();
        assertThat(e.getMessage().lines().findFirst().orElseThrow())
                .startsWith("cannot guard " + module.getName() + ": " + e.problems().get(0));
        return e.problems();
    }

    static List<String> problems(Class<?> module) {
        return problems(module, PolicyEngine.builder().build());
    }

    static class Unguarded {
        @Reducer public void a() {}
        @View public List<String> b() {
            return List.of();
        }
        @Procedure("c_proc") public void c() {}
        @Reducer @Public public void fine() {}
        @Scheduled public void tick() {}
    }

    @Test
    void everyUnguardedEntryPointInOneError() {
        List<String> p = problems(Unguarded.class);
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).startsWith("3 entry point(s) have no access rule").contains("REDUCER a (Unguarded.a)")
                .contains("VIEW b").contains("PROCEDURE c_proc").doesNotContain("fine").doesNotContain("tick");
    }

    static class Contradictions {
        @Reducer @Public @RequiresAnyRole("admin") public void publicAndRole() {}
        @Reducer @DenyAll @Authenticated public void denyAndAuthenticated() {}
        @Reducer @InternalOnly @RequiresAnyRole("admin") public void internalAndRole() {}
        @Reducer @RequiresAnyRole({}) public void emptyRoles() {}
        @Reducer @RequiresAnyRole({"admin", " "}) public void blankRole() {}
        @Reducer @RequiresAllRoles({}) public void emptyAll() {}
        @Reducer @RequiresAllScopes({}) public void emptyScopes() {}
        @Reducer @RequiresAnyScope({"read", ""}) public void blankAnyScope() {}
        @View @Public @VisibleRows public List<String> rowsWithNeither() {
            return List.of();
        }
        @View @Public @VisibleRows(owner = "a", policy = "b") public List<String> rowsWithBoth() {
            return List.of();
        }
        @Reducer @RequiresClaim(name = "tenant", values = {}) public void emptyClaimValues() {}
        @Reducer @RequiresClaim(name = "a..b", values = "x") public void badClaimPath() {}
        @Reducer @Policy("nobodyRegisteredThis") public void unknownPolicy() {}
        @Reducer @OwnerOnly public void ownerWithoutOwner() {}
        @Scheduled @Public public void scheduledWithRule() {}
        @Init @RequiresAnyRole("admin") public void initWithRule() {}
        @Reducer @View @Public public void twoKinds() {}
        @Public public void ruleWithoutKind() {}
        @Reducer("dup") @Public public void dup1() {}
        @Reducer("dup") @Public public void dup2() {}
        @Reducer @Public @VisibleRows(owner = "x") public void rowFilterOnReducer() {}
        @View @Public @VisibleRows(policy = "unregistered") public List<String> unknownRowPolicy() {
            return List.of();
        }
        @View @Public @VisibleRows(owner = "owner") public List<String> noSuchAccessor() {
            return List.of();
        }
        @View @Public @VisibleRows(owner = "owner") public String notRows() {
            return "";
        }
    }

    @Test
    void contradictionsAndMistakesAllFailAtStartup() {
        List<String> p = problems(Contradictions.class);
        String all = String.join("\n", p);
        assertThat(all)
                .contains("publicAndRole: contradictory rules [@Public, @RequiresAnyRole]")
                .contains("denyAndAuthenticated: contradictory rules [@DenyAll, @Authenticated]")
                .contains("internalAndRole: contradictory rules [@InternalOnly, @RequiresAnyRole]: @InternalOnly callers have no token")
                .contains("emptyRoles: @RequiresAnyRole lists no role")
                .contains("blankRole: @RequiresAnyRole has an empty role")
                .contains("emptyAll: @RequiresAllRoles lists no role")
                .contains("emptyScopes: @RequiresAllScopes lists no scope")
                .contains("blankAnyScope: @RequiresAnyScope has an empty scope")
                .contains("rowsWithNeither: @VisibleRows needs exactly one of owner = \"field\", policy = \"name\" or field = \"field\" with matches = \"method\"")
                .contains("rowsWithBoth: @VisibleRows needs exactly one of owner = \"field\", policy = \"name\" or field = \"field\" with matches = \"method\"")
                .contains("emptyClaimValues: @RequiresClaim(tenant) lists no value")
                .contains("badClaimPath: @RequiresClaim empty name in claim path")
                .contains("unknownPolicy: @Policy(\"nobodyRegisteredThis\") is not registered")
                .contains("ownerWithoutOwner: @OwnerOnly needs PolicyEngine.Builder.moduleOwner")
                .contains("scheduledWithRule is SCHEDULED: lifecycle and scheduled entry points are never callable")
                .contains("initWithRule is INIT")
                .contains("twoKinds has more than one entry-point kind")
                .contains("ruleWithoutKind has access rules but no entry-point kind")
                .contains("two entry points are named 'dup'")
                .contains("rowFilterOnReducer: row filters apply to views only")
                .contains("unknownRowPolicy: @VisibleRows(policy = \"unregistered\") is not registered")
                .contains("noSuchAccessor: @VisibleRows(owner = \"owner\"): String has no Identity-typed accessor")
                .contains("notRows: a filtered view must return a Collection");
        assertThat(p).hasSize(23);
    }

    static class OneProblem {
        @Reducer @RequiresAnyRole({}) public void kick() {}
    }

    static class TwoProblems {
        @Reducer @RequiresAnyRole({}) public void kick() {}
        @Reducer @OwnerOnly public void promote() {}
    }

    @Test
    void theFirstLineNamesTheFirstProblemAndItsMethodTheListFollows() {
        PolicyCompilationException one = catchThrowableOfType(PolicyCompilationException.class,
                () -> PolicyEngine.builder().build().compile(OneProblem.class));
        assertThat(one.getMessage()).isEqualTo("cannot guard " + OneProblem.class.getName() + ": OneProblem.kick: "
                + "@RequiresAnyRole lists no role (an empty list would deny everyone or, worse, be read as no rule)");
        PolicyCompilationException two = catchThrowableOfType(PolicyCompilationException.class,
                () -> PolicyEngine.builder().build().compile(TwoProblems.class));
        List<String> p = two.problems();
        assertThat(p).hasSize(2);
        assertThat(p.get(0)).as("methods in name order: the same first problem on every run")
                .startsWith("TwoProblems.kick: ");
        assertThat(p.get(1)).startsWith("TwoProblems.promote: ");
        assertThat(two.getMessage()).isEqualTo("cannot guard " + TwoProblems.class.getName() + ": " + p.get(0)
                + " (1 of 2 problems, all listed below)\n  - " + p.get(0) + "\n  - " + p.get(1));
    }

    static class PolicyTypo {
        @Reducer @Policy("officerOfGuid") public void kick() {}
        @Reducer @Policy("leaderOfGild") public void promote() {}
        @Reducer @Policy("x") public void farOff() {}
    }

    @Test
    void anUnregisteredPolicyNameSuggestsTheNearestRegisteredOne() {
        PolicyEngine engine = PolicyEngine.builder().policy("officerOfGuild", (c, i) -> true)
                .policy("leaderOfGuild", (c, i) -> true).build();
        assertThat(problems(PolicyTypo.class, engine)).containsExactlyInAnyOrder(
                "PolicyTypo.kick: @Policy(\"officerOfGuid\") is not registered (did you mean 'officerOfGuild'?); "
                        + "registered policies: [leaderOfGuild, officerOfGuild] (PolicyEngine.Builder.policy)",
                "PolicyTypo.promote: @Policy(\"leaderOfGild\") is not registered (did you mean 'leaderOfGuild'?); "
                        + "registered policies: [leaderOfGuild, officerOfGuild] (PolicyEngine.Builder.policy)",
                "PolicyTypo.farOff: @Policy(\"x\") is not registered; registered policies: [leaderOfGuild, "
                        + "officerOfGuild] (PolicyEngine.Builder.policy)");
        assertThat(problems(PolicyTypo.class)).contains("PolicyTypo.kick: @Policy(\"officerOfGuid\") is not "
                + "registered; no policy is registered (PolicyEngine.Builder.policy)");
    }

    static class RowPolicyTypo {
        @View @Public @VisibleRows(policy = "sameGild") public List<String> chat() {
            return List.of();
        }
    }

    @Test
    void anUnregisteredRowPolicyNameSuggestsTheNearestRegisteredOne() {
        PolicyEngine engine = PolicyEngine.builder().rowPolicy("sameGuild", String.class, (c, row) -> true).build();
        assertThat(problems(RowPolicyTypo.class, engine)).containsExactly("RowPolicyTypo.chat: @VisibleRows(policy = "
                + "\"sameGild\") is not registered (did you mean 'sameGuild'?); registered row policies: [sameGuild] "
                + "(PolicyEngine.Builder.rowPolicy)");
        assertThat(problems(RowPolicyTypo.class)).containsExactly("RowPolicyTypo.chat: @VisibleRows(policy = "
                + "\"sameGild\") is not registered; no row policy is registered (PolicyEngine.Builder.rowPolicy)");
    }

    record Row(String owner) {}

    static class WrongAccessorType {
        @View @Public @VisibleRows(owner = "owner") public List<Row> rows() {
            return List.of();
        }
    }

    @Test
    void rowsVisibleToNeedsAnIdentityAccessor() {
        assertThat(problems(WrongAccessorType.class).get(0))
                .contains("Row has no Identity-typed accessor or field named owner");
    }

    static class Empty {}

    @Test
    void aModuleWithoutEntryPointsCompilesToNothing() {
        assertThat(PolicyEngine.builder().build().compile(Empty.class).entryPoints()).isEmpty();
    }

    @Test
    void registrationErrorsAreImmediate() {
        PolicyEngine.Builder b = PolicyEngine.builder().policy("p", (c, i) -> true);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> b.policy("p", (c, i) -> true)))
                .hasMessage("policy 'p' is already registered");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> b.policy(" ", (c, i) -> true)))
                .hasMessageContaining("blank");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> b.connectionRule(java.util.Set.of(), java.util.Set.of(), java.util.Set.of())))
                .hasMessageContaining("at least one caller kind");
    }
}
