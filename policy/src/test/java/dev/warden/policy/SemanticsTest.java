package dev.warden.policy;

import dev.warden.policy.host.Warden;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.DenyAll;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAllRoles;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.View;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Class and method levels, AND, inheritance and interfaces, Jakarta, the kind SPI, report, facade. */
class SemanticsTest {

    final CallerContext user = Callers.user("u", "user");
    final CallerContext admin = Callers.user("a", "admin");
    final CallerContext auditor = Callers.user("x", "admin", "auditor");

    static <M> boolean allowed(GuardedModule<M> m, M instance, String name, CallerContext c) {
        return m.check(instance, name, c).allowed();
    }

    @RequiresAnyRole("admin")
    static class ClassLevel {
        @Reducer public void inherits() {}
        @Reducer @Public public void replacedByPublic() {}
        @Reducer @RequiresAnyRole("user") public void replacedByUser() {}
        @Reducer @RequiresAnyRole("admin") @RequiresAllRoles("auditor") public void anded() {}
    }

    @Test
    void classRuleAppliesMethodRuleReplacesItDifferentRulesAreAnded() {
        GuardedModule<ClassLevel> m = PolicyEngine.builder().build().compile(ClassLevel.class);
        ClassLevel i = new ClassLevel();
        assertThat(allowed(m, i, "inherits", admin)).isTrue();
        assertThat(allowed(m, i, "inherits", user)).isFalse();
        assertThat(allowed(m, i, "replacedByPublic", Callers.anonymous())).isTrue();
        assertThat(allowed(m, i, "replacedByUser", user)).isTrue();
        assertThat(allowed(m, i, "replacedByUser", admin)).as("Jakarta semantics: replaced, not merged").isFalse();
        assertThat(allowed(m, i, "anded", admin)).isFalse();
        assertThat(allowed(m, i, "anded", auditor)).isTrue();
        assertThat(m.entryPoint("anded").orElseThrow().rule())
                .isEqualTo("@RequiresAnyRole[admin] and @RequiresAllRoles[auditor]");
    }

    interface Api {
        @Reducer("from_interface")
        @RequiresAnyRole("admin")
        void fromInterface();

        @View("default_view")
        @Public
        default List<String> defaultView() {
            return List.of("d");
        }
    }

    @Authenticated
    abstract static class Base implements Api {
        @Reducer("from_base")
        public void fromBase() {}

        @Reducer("overridden")
        @RequiresAnyRole("admin")
        public void overridden() {}
    }

    static class Derived extends Base {
        @Override
        public void fromInterface() {}

        @Override
        public void overridden() {}
    }

    @Test
    void inheritanceAndInterfaces() {
        GuardedModule<Derived> m = PolicyEngine.builder().build().compile(Derived.class);
        Derived d = new Derived();
        assertThat(m.entryPoints()).extracting(EntryPoint::name)
                .containsExactlyInAnyOrder("from_interface", "default_view", "from_base", "overridden");
        assertThat(allowed(m, d, "from_interface", admin)).isTrue();
        assertThat(allowed(m, d, "from_interface", user)).isFalse();
        assertThat(allowed(m, d, "from_base", user)).as("class rule inherited from the superclass").isTrue();
        assertThat(allowed(m, d, "from_base", Callers.anonymous())).isFalse();
        assertThat(allowed(m, d, "overridden", user)).as("an override keeps the overridden method's rule").isFalse();
        assertThat(m.invoke(d, "default_view", Callers.anonymous())).isEqualTo(List.of("d"));
    }

    static class Jakarta {
        @Reducer @RolesAllowed({"admin", "ops"}) public void rolesAllowed() {}
        @Reducer @PermitAll public void permitAll() {}
        @Reducer @jakarta.annotation.security.DenyAll public void denyAll() {}
    }

    @Test
    void jakartaAnnotationsAreUnderstood() {
        GuardedModule<Jakarta> m = PolicyEngine.builder().build().compile(Jakarta.class);
        Jakarta j = new Jakarta();
        assertThat(allowed(m, j, "rolesAllowed", admin)).isTrue();
        assertThat(allowed(m, j, "rolesAllowed", user)).isFalse();
        assertThat(allowed(m, j, "permitAll", Callers.anonymous())).isTrue();
        assertThat(allowed(m, j, "denyAll", admin)).isFalse();
        assertThat(m.entryPoint("rolesAllowed").orElseThrow().rule()).isEqualTo("@RolesAllowed[admin, ops]");
    }

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface HostCommand {
        String value();
    }

    static class HostModule {
        @HostCommand("do_it") @RequiresAnyRole("admin") public void doIt() {}
        @HostCommand("open") @Public public String open() {
            return "open";
        }
    }

    @Test
    void kindResolverSpiMapsAHostsOwnAnnotations() {
        KindResolver resolver = (Method m) -> Optional.ofNullable(m.getAnnotation(HostCommand.class))
                .map(h -> new KindResolver.Resolved(EntryPointKind.REDUCER, h.value()));
        GuardedModule<HostModule> m = PolicyEngine.builder().kindResolver(resolver).build().compile(HostModule.class);
        assertThat(m.invoke(new HostModule(), "open", user)).isEqualTo("open");
        assertThat(allowed(m, new HostModule(), "do_it", user)).isFalse();
    }

    @Test
    void reportListsRulesAndARoleMatrix() {
        GuardedModule<Modules.Chat> m = Modules.chatEngine(new Modules.Chat()).build().compile(Modules.Chat.class);
        String report = m.report();
        assertThat(report).startsWith("# Authorization report: Chat")
                .contains("| `create_post` | reducer | @Authenticated |")
                .contains("| `cleanup` | scheduled | internal: never callable by clients |")
                .contains("| entry point | anonymous | user, no roles | service, no roles | admin | auditor | moderator |")
                .contains("| `ban_user` | deny | deny | deny | allow | deny | deny |")
                .contains("| `status` | allow | allow | allow | allow | allow | allow |")
                .contains("| `edit_post` | depends | depends | depends | depends | depends | depends |")
                .contains("| `create_post` | deny | allow | allow | allow | allow | allow |");
    }

    @Test
    void theAllowPathOfARoleCheckAllocatesNothing() {
        GuardedModule<Modules.Chat> m = Modules.chatEngine(new Modules.Chat()).build().compile(Modules.Chat.class);
        Modules.Chat chat = new Modules.Chat();
        Object[] none = new Object[0];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200_000; i++) {
            m.check(chat, "audit", auditor, none);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            if (!m.check(chat, "audit", auditor, none).allowed()) {
                throw new AssertionError();
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 100k allowed checks").isLessThan(100_000);
    }

    @Test
    void facadeWiresValidatorClaimsAndPolicy() {
        Modules.Chat chat = new Modules.Chat();
        Warden<Modules.Chat> warden = Warden.builder(Modules.chatEngine(chat).build().compile(Modules.Chat.class), chat)
                .validator(Callers.VALIDATOR).claims(Callers.MAPPER).build();
        CallerContext alice = warden.connect(Callers.token(Callers.ISSUER, "alice", Map.of()),
                dev.warden.core.ConnectionId.random());
        assertThat(warden.call(alice, "create_post", "hello")).isEqualTo(0L);
        assertThatThrownBy(() -> warden.call(alice, "ban_user", "x")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> warden.connect(Callers.token(Callers.ISSUER, "eve", Map.of("banned", "yes")),
                dev.warden.core.ConnectionId.random())).isInstanceOf(EntryPointFailedException.class)
                .hasRootCauseMessage("you are banned");
        assertThatThrownBy(() -> warden.connect("not a token", dev.warden.core.ConnectionId.random()))
                .isInstanceOf(dev.warden.core.TokenRejectedException.class);
        assertThatThrownBy(() -> warden.connect(Callers.token(Callers.ISSUER, "r", Map.of("roles", 5)),
                dev.warden.core.ConnectionId.random())).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the token's claim roles cannot be read: it is an integer, expected an array of "
                        + "role names or a role name");
        assertThatThrownBy(() -> warden.connect(Callers.token(Callers.ISSUER, "s", Map.of("scope", List.of(1))),
                dev.warden.core.ConnectionId.random())).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the token's claim scope cannot be read: it is an array holding an integer, "
                        + "expected an array of scope names");
        assertThat(warden.runScheduled("cleanup")).isEqualTo(1);
        CallerContext refreshed = warden.reauthenticate(alice, Callers.token(Callers.ISSUER, "alice",
                Map.of("roles", List.of("admin"))));
        warden.call(refreshed, "ban_user", "x");
        assertThat(warden.disconnect(refreshed)).isNull();
    }
}
