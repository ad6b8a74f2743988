package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerKind;
import dev.warden.policy.annotation.DenyAll;
import dev.warden.policy.annotation.InternalOnly;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresAnyScope;
import dev.warden.policy.annotation.RequiresClaim;
import dev.warden.policy.annotation.RequiresIssuer;
import dev.warden.policy.annotation.RequiresKind;
import dev.warden.policy.annotation.Scheduled;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A method's own rule replaces its class rule (Jakarta semantics), so a class-level kind, scope, claim or issuer
 * requirement silently stops applying to it: compiling says so, as a warning or, strictly, as a startup error.
 */
class DroppedClassRulesTest {

    private static final String LOGGER = "dev.warden.policy.PolicyEngine";

    @RequiresKind(CallerKind.USER)
    static class UsersOnly {
        @Reducer public void say() {}
        @Reducer @RequiresAnyRole("officer") public void kick() {}
        @Reducer @RequiresKind(CallerKind.USER) @RequiresAnyRole("officer") public void promote() {}
        @Reducer @RequiresKind(CallerKind.SERVICE) public void export() {}
        @Reducer @Public public void motd() {}
        @Reducer @DenyAll public void retired() {}
        @Scheduled public void decay() {}
    }

    @RequiresAnyScope("guild")
    @RequiresClaim(name = "tenant", values = "acme")
    @RequiresIssuer("https://idp.test")
    static class ScopedTenant {
        @Reducer @RequiresAnyRole("officer") public void kick() {}
        @Reducer @RequiresAnyScope("guild.admin") @RequiresClaim(name = "plan", values = "pro")
        @RequiresIssuer("https://idp.test") public void upgrade() {}
        @Reducer @InternalOnly public void sweep() {}
    }

    /** Runs {@code compile} and returns what the policy logger wrote (slf4j-simple writes to System.err). */
    private static String logOf(Runnable compile) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            compile.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static List<String> warnings(String log) {
        return Arrays.stream(log.split("\\R")).filter(l -> l.contains("WARN " + LOGGER)).toList();
    }

    @Test
    void aMethodRuleThatDropsTheClassKindIsWarnedAboutByName() {
        AtomicReference<GuardedModule<UsersOnly>> compiled = new AtomicReference<>();
        List<String> w = warnings(logOf(() -> compiled.set(PolicyEngine.builder().build().compile(UsersOnly.class))));
        assertThat(w).hasSize(1);
        assertThat(w.get(0)).endsWith(" - UsersOnly.kick: its own rule replaces the class rule of UsersOnly "
                + "(Jakarta semantics), dropping @RequiresKind[USER]; repeat it on the method to keep it");
        // the Jakarta meaning is kept: the warning changes nothing
        assertThat(compiled.get().check(new UsersOnly(), "kick", Callers.of(Callers.ISSUER, "svc",
                Map.of("azp", "svc", "roles", List.of("officer")))).allowed())
                .as("a SERVICE caller with the role passes kick, whose rule replaced @RequiresKind(USER)").isTrue();
    }

    @Test
    void scopesClaimsByNameAndIssuersAreRequirementsToo() {
        List<String> w = warnings(logOf(() -> PolicyEngine.builder().build().compile(ScopedTenant.class)));
        assertThat(w).hasSize(2);
        assertThat(String.join("\n", w))
                .contains("ScopedTenant.kick: its own rule replaces the class rule of ScopedTenant (Jakarta semantics), "
                        + "dropping @RequiresAnyScope[guild], @RequiresClaim(tenant in [acme]), "
                        + "@RequiresIssuer[https://idp.test]; repeat them on the method to keep them")
                .contains("ScopedTenant.upgrade: its own rule replaces the class rule of ScopedTenant (Jakarta "
                        + "semantics), dropping @RequiresClaim(tenant in [acme]); repeat it")
                .doesNotContain("sweep");
    }

    @Test
    void strictlyEachDroppedRequirementIsAStartupError() {
        PolicyEngine strict = PolicyEngine.builder().strictClassRules(true).build();
        List<String> users = CompilationTest.problems(UsersOnly.class, strict);
        assertThat(users).containsExactly("UsersOnly.kick: its own rule replaces the class rule of UsersOnly "
                + "(Jakarta semantics), dropping @RequiresKind[USER]; repeat it on the method to keep it "
                + "(an error under PolicyEngine.Builder.strictClassRules)");
        assertThat(CompilationTest.problems(ScopedTenant.class, strict)).hasSize(2);
        assertThat(warnings(logOf(() -> CompilationTest.problems(UsersOnly.class, strict))))
                .as("strictly, an error instead of a warning").isEmpty();
    }

    interface Kicks {
        @Reducer @RequiresAnyRole("officer") void kick();
    }

    @RequiresKind(CallerKind.USER)
    static class KicksForUsers implements Kicks {
        @Override public void kick() {}
    }

    @Test
    void aMethodRuleInheritedFromAnInterfaceDropsTheImplementingClassRuleToo() {
        assertThat(warnings(logOf(() -> PolicyEngine.builder().build().compile(KicksForUsers.class))))
                .singleElement().asString().endsWith(" - KicksForUsers.kick: its own rule replaces the class rule of "
                        + "KicksForUsers (Jakarta semantics), dropping @RequiresKind[USER]; repeat it on the method "
                        + "to keep it");
    }
}
