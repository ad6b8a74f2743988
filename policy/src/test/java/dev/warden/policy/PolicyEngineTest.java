package dev.warden.policy;

import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.DenyAll;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.Modules.Chat;
import dev.warden.policy.Modules.Message;
import dev.warden.policy.Modules.Post;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {

    final Chat chat = new Chat();
    final List<Decision> audit = new CopyOnWriteArrayList<>();
    final GuardedModule<Chat> module = Modules.chatEngine(chat).listener((d, c) -> audit.add(d)).build()
            .compile(Chat.class);

    final CallerContext alice = Callers.user("alice");
    final CallerContext mod = Callers.user("mod", "moderator");
    final CallerContext admin = Callers.user("root", "admin");
    final CallerContext anon = Callers.anonymous();

    Decision denied(CallerContext caller, String name, Object... args) {
        int before = chat.runs.get();
        AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
                () -> module.invoke(chat, name, caller, args));
        assertThat(e).as(name + " should be denied").isNotNull();
        assertThat(chat.runs.get()).as("a denied call never runs the method").isEqualTo(before);
        assertThat(e.decision().allowed()).isFalse();
        assertThat(e.decision().entryPoint()).isEqualTo(name);
        return e.decision();
    }

    @Nested
    class Rules {
        @Test
        void authenticatedAllowsUsersButNotAnonymousUnlessAllowed() {
            assertThat(module.invoke(chat, "create_post", alice, "hi")).isEqualTo(0L);
            assertThat(chat.posts.get(0).author()).isEqualTo(alice.sender());
            Decision d = denied(anon, "create_post", "hi");
            assertThat(d.reason()).startsWith("denied create_post: requires an authenticated caller; caller is ANONYMOUS");
            assertThat(d.rule()).isEqualTo("@Authenticated");
            assertThat(module.invoke(chat, "visible_posts", anon)).isEqualTo(List.of(chat.posts.get(0)));
        }

        @Test
        void publicAllowsEveryoneIncludingInternal() {
            for (CallerContext c : List.of(alice, anon, admin, Callers.internal())) {
                assertThat(module.invoke(chat, "status", c)).isEqualTo(List.of("ok"));
            }
        }

        @Test
        void requiresRoleIsAnyOfAndNamesWhatTheCallerHad() {
            module.invoke(chat, "delete_post", mod, 1L);
            Decision d = denied(alice, "delete_post", 1L);
            assertThat(d.reason()).contains("requires any role of [moderator]").contains("has roles []");
        }

        @Test
        void metaAnnotationsWorkWhereverTheRuleDoes() {
            module.invoke(chat, "ban_user", admin, "x");
            assertThat(denied(mod, "ban_user", "x").rule()).isEqualTo("@RequiresAnyRole[admin]");
            CallerContext adminWriter = Callers.of(Callers.ISSUER, "w", Map.of("roles", List.of("admin"),
                    "scope", "read write"));
            module.invoke(chat, "publish", adminWriter);
            assertThat(denied(admin, "publish").reason()).contains("requires scopes [write]");
            assertThat(denied(Callers.of(Callers.ISSUER, "s", Map.of("scope", "write")), "publish").reason())
                    .contains("requires any role of [admin]");
        }

        @Test
        void requiresAnyScopeIsAnyOfAndAllScopesIsAllOf() {
            CallerContext reader = Callers.of(Callers.ISSUER, "r", Map.of("scope", "read"));
            CallerContext exporter = Callers.of(Callers.ISSUER, "e", Map.of("scope", "export"));
            assertThat(module.invoke(chat, "feed", reader)).isEqualTo("feed");
            assertThat(module.invoke(chat, "feed", exporter)).isEqualTo("feed");
            Decision d = denied(Callers.of(Callers.ISSUER, "n", Map.of("scope", "write")), "feed");
            assertThat(d.rule()).isEqualTo("@RequiresAnyScope[read, export]");
            assertThat(d.reason()).isEqualTo("denied feed: requires any scope of [read, export]; caller USER "
                    + Callers.of(Callers.ISSUER, "n", Map.of()).sender().toHex().substring(0, 12)
                    + "... has scopes [write]");
            assertThat(denied(anon, "feed").reason()).contains("requires any scope of [read, export]");
        }

        @Test
        void requiresAllRoles() {
            module.invoke(chat, "audit", Callers.user("a", "admin", "auditor"));
            assertThat(denied(admin, "audit").reason()).contains("[auditor]");
        }

        @Test
        void requiresClaimIsAndedAcrossRepeats() {
            CallerContext ok = Callers.withClaims("t", Map.of("tenant_id", "t2", "org", Map.of("plan", "pro")));
            assertThat(module.invoke(chat, "tenant_export", ok)).isEqualTo("exported");
            Decision d = denied(Callers.withClaims("t", Map.of("tenant_id", "t3", "org", Map.of("plan", "pro"))),
                    "tenant_export");
            assertThat(d.reason()).contains("requires claim tenant_id in").contains("has [t3]");
            assertThat(denied(Callers.withClaims("t", Map.of("tenant_id", "t1")), "tenant_export").reason())
                    .contains("org.plan").contains("has no such claim");
            assertThat(denied(Callers.withClaims("t", Map.of("tenant_id", 5, "org", Map.of("plan", "pro"))),
                    "tenant_export").reason()).contains("claim tenant_id is an integer");
        }

        @Test
        void requiresIssuer() {
            module.invoke(chat, "partner_sync", Callers.of(Callers.OTHER_ISSUER, "p", Map.of()));
            assertThat(denied(alice, "partner_sync").reason()).contains("is from " + Callers.ISSUER);
        }

        @Test
        void ownerOnlyDenyAllAndInternal() {
            module.invoke(chat, "shutdown", Callers.user("owner"));
            assertThat(denied(admin, "shutdown").reason()).contains("only the module owner");
            assertThat(denied(admin, "nobody").reason()).contains("@DenyAll");
            assertThat(denied(admin, "internal_only").reason()).contains("only the module itself");
            module.invoke(chat, "internal_only", Callers.internal());
        }

        @Test
        void namedPolicySeesCallerAndArguments() {
            long id = (Long) module.invoke(chat, "create_post", alice, "mine");
            module.invoke(chat, "edit_post", alice, id, "edited");
            Decision d = denied(mod, "edit_post", id, "hijack");
            assertThat(d.reason()).contains("policy 'isAuthor' denied");
            assertThat(denied(alice, "edit_post", 99L, "missing").allowed()).isFalse();
        }

        @Test
        void roleHierarchyIsDeclaredOnce() {
            GuardedModule<Chat> withHierarchy = Modules.chatEngine(chat)
                    .roleHierarchy(RoleHierarchy.of("admin > moderator > user")).roles("auditor").build().compile(Chat.class);
            withHierarchy.invoke(chat, "delete_post", admin, 1L);
            assertThatThrownBy(() -> withHierarchy.invoke(chat, "ban_user", mod, "x"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> RoleHierarchy.of("a > b > a")).hasMessageContaining("cycle");
            assertThatThrownBy(() -> RoleHierarchy.of("admin")).hasMessageContaining("at least two");
        }
    }

    @Nested
    class EntryPoints {
        @Test
        void lifecycleAndScheduledAreNoSuchEntryPointForClients() {
            for (String name : List.of("cleanup", "init", "connected", "no_such_thing", "helperWithoutAnnotations")) {
                assertThatThrownBy(() -> module.invoke(chat, name, admin))
                        .isInstanceOf(NoSuchEntryPointException.class).hasMessage("no such entry point: " + name);
            }
            assertThat(module.runInternal(chat, "cleanup", Callers.internal())).isEqualTo(0);
            assertThatThrownBy(() -> module.runInternal(chat, "cleanup", admin)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> module.runInternal(chat, "create_post", Callers.internal(), "x"))
                    .isInstanceOf(NoSuchEntryPointException.class);
        }

        @Test
        void argumentsAreCheckedWithClearErrors() {
            assertThatThrownBy(() -> module.invoke(chat, "create_post", alice))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("create_post takes 1 argument(s), got 0");
            assertThatThrownBy(() -> module.invoke(chat, "create_post", alice, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("create_post argument 0 must be a String, got an Integer");
            assertThatThrownBy(() -> module.invoke(chat, "delete_post", mod, (Object) null))
                    .hasMessage("delete_post argument 0 must be a long, got null");
            module.invoke(chat, "delete_post", mod, 3);
            assertThatThrownBy(() -> module.invoke(chat, "delete_post", mod, 1.5))
                    .hasMessage("delete_post argument 0 must be a long, got a Double");
            assertThatThrownBy(() -> module.invoke(null, "create_post", alice, "x"))
                    .hasMessageContaining("instance method");
        }

        @Test
        void listedWithKindAndRule() {
            assertThat(module.entryPoints()).extracting(EntryPoint::name).contains("create_post", "cleanup", "init",
                    "connected", "my_messages").doesNotContain("helperWithoutAnnotations");
            EntryPoint ep = module.entryPoint("my_messages").orElseThrow();
            assertThat(ep.kind()).isEqualTo(EntryPointKind.VIEW);
            assertThat(ep.rule()).isEqualTo("@Authenticated, rows @VisibleRows(owner = recipient)");
            assertThat(module.entryPoint("create_post").orElseThrow().parameterTypes()).containsExactly(String.class);
            assertThat(module.lifecycle(EntryPointKind.ON_CONNECT)).contains("connected");
        }

        @Test
        void theModulesExceptionIsWrappedWithItsCause() {
            CallerContext banned = Callers.withClaims("b", Map.of("banned", "yes"));
            assertThatThrownBy(() -> module.runInternal(chat, "connected", banned))
                    .isInstanceOf(EntryPointFailedException.class).hasRootCauseMessage("you are banned");
        }
    }

    @Nested
    class Views {
        @Test
        void rowsVisibleToTheSenderOnly() {
            chat.messages.add(new Message(alice.sender(), "for alice"));
            chat.messages.add(new Message(mod.sender(), "for mod"));
            chat.messages.add(null);
            assertThat(module.invoke(chat, "my_messages", alice)).isEqualTo(List.of(chat.messages.get(0)));
            assertThat(module.invoke(chat, "my_messages", mod)).isEqualTo(List.of(chat.messages.get(1)));
            assertThat(module.invoke(chat, "my_messages", admin)).isEqualTo(List.of());
        }

        @Test
        void registeredRowPolicyAndRowsOfOtherTypesNeverLeak() {
            chat.posts.add(new Post(0, alice.sender(), "hello"));
            chat.posts.add(new Post(1, alice.sender(), "hidden draft"));
            @SuppressWarnings("unchecked")
            List<Object> rows = (List<Object>) module.invoke(chat, "visible_posts", mod);
            assertThat(rows).containsExactly(chat.posts.get(0));
        }
    }

    @Nested
    class Decisions {
        @Test
        void everyDecisionReachesTheListenerWithoutTheToken() {
            module.invoke(chat, "status", alice);
            assertThatThrownBy(() -> module.invoke(chat, "nobody", alice)).isInstanceOf(AccessDeniedException.class);
            assertThat(audit).hasSize(2);
            assertThat(audit.get(0).allowed()).isTrue();
            assertThat(audit.get(0).rule()).isEqualTo("@Public");
            assertThat(audit.get(1).allowed()).isFalse();
            String token = Callers.token(Callers.ISSUER, "alice", Map.of());
            assertThat(audit.get(1).reason()).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .contains(alice.sender().toHex().substring(0, 12));
        }

        @Test
        void checkDecidesWithoutRunning() {
            assertThat(module.check(chat, "ban_user", admin, "x").allowed()).isTrue();
            assertThat(module.check(chat, "ban_user", alice, "x").allowed()).isFalse();
            assertThat(chat.runs.get()).isZero();
        }

        @Test
        void aThrowingListenerChangesNothing() {
            GuardedModule<Chat> m = Modules.chatEngine(chat).listener((d, c) -> {
                throw new IllegalStateException("audit down");
            }).build().compile(Chat.class);
            assertThat(m.invoke(chat, "status", alice)).isEqualTo(List.of("ok"));
            assertThatThrownBy(() -> m.invoke(chat, "nobody", alice)).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Nested
    class Connections {
        @Test
        void defaultRuleLetsTrustedCallersConnect() {
            assertThat(module.checkConnection(alice).allowed()).isTrue();
            assertThat(module.checkConnection(anon).allowed()).isTrue();
            assertThat(module.checkConnection(Callers.internal()).allowed()).isFalse();
        }

        @ConnectionRule(kinds = {dev.warden.claims.CallerKind.USER}, issuers = Callers.ISSUER, audiences = "game")
        static class UsersOnly {
            @Reducer
            @Public
            public void ping() {}
        }

        @Test
        void annotatedRuleRefusesAnonymousAndOtherIssuersWithAReason() {
            GuardedModule<UsersOnly> m = PolicyEngine.builder().build().compile(UsersOnly.class);
            assertThat(m.checkConnection(alice).allowed()).isTrue();
            Decision d = m.checkConnection(anon);
            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo("ANONYMOUS callers may not connect (allowed: [USER])");
            assertThat(m.checkConnection(Callers.of(Callers.OTHER_ISSUER, "x", Map.of())).reason())
                    .isEqualTo("tokens from this issuer may not connect");
        }
    }

    @Test
    void manyThreadsInvokingAtOnce() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        assertThat(module.check(chat, "ban_user", admin, "x").allowed()).isTrue();
                        assertThat(module.check(chat, "ban_user", mod, "x").allowed()).isFalse();
                        assertThat(module.invoke(chat, "status", anon)).isEqualTo(List.of("ok"));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(failures).isEmpty();
        assertThat(audit).hasSize(8 * 500 * 3);
    }

    @Test
    void moduleOwnerIdentityIsCompared() {
        assertThat(Callers.user("owner").sender()).isEqualTo(Identity.fromClaims(Callers.ISSUER, "owner"));
    }
}
