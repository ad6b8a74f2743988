package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.NoSuchEntryPointException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@WardenTest(module = PostsModule.class, engine = PostsModule.Rules.class)
class TestHostTest {

    @Test
    void reducersAreTransactional(TestHost<PostsModule> host, TestCallers callers) {
        CallerContext alice = callers.user("alice");
        host.call(alice, "create_post", "first");
        assertThatThrownBy(() -> host.call(alice, "create_post", " ")).isInstanceOf(EntryPointFailedException.class)
                .hasRootCauseMessage("empty post");
        assertThat(host.rows(PostsModule.Post.class)).extracting(PostsModule.Post::text)
                .containsExactly("first");
    }

    @Test
    void proceduresAreNotTransactional(TestHost<PostsModule> host, TestCallers callers) {
        assertThatThrownBy(() -> host.call(callers.user("root", "admin"), "export"))
                .isInstanceOf(EntryPointFailedException.class);
        assertThat(host.rows(PostsModule.Log.class).stream().map(PostsModule.Log::text).toList()).containsExactly("exported");
    }

    @Test
    void viewsAreFilteredPerCaller(TestHost<PostsModule> host, TestCallers callers) {
        CallerContext alice = callers.user("alice");
        CallerContext bob = callers.user("bob");
        host.call(alice, "create_post", "a1");
        host.call(bob, "create_post", "b1");
        host.call(alice, "create_post", "a2");
        assertThat(host.view(alice, "my_posts")).extracting(p -> ((PostsModule.Post) p).text()).containsExactly("a1", "a2");
        assertThat(host.view(bob, "my_posts")).extracting(p -> ((PostsModule.Post) p).text()).containsExactly("b1");
        assertThat(host.view(callers.anonymous(), "count")).containsExactly(3L);
        assertThatThrownBy(() -> host.view(alice, "create_post", "x")).hasMessageContaining("is not a view");
    }

    @Test
    void scheduledAndInitRunAsInternalAndClientsCannotCallThem(TestHost<PostsModule> host, TestCallers callers) {
        CallerContext alice = callers.user("alice");
        host.call(alice, "create_post", "spam!");
        host.call(alice, "create_post", "real");
        assertThatThrownBy(() -> host.call(callers.user("root", "admin"), "cleanup"))
                .isInstanceOf(NoSuchEntryPointException.class);
        assertThat(host.runScheduled("cleanup")).isEqualTo(1);
        host.init(alice.sender());
        assertThat(host.rows(PostsModule.Log.class).stream().map(PostsModule.Log::text).toList()).containsExactly("init by " + alice.sender());
    }

    @Test
    void connectRunsTheConnectionRule(TestHost<PostsModule> host, TestCallers callers) {
        assertThat(host.connect(callers.user("alice")).kind()).isEqualTo(CallerKind.USER);
        assertThatThrownBy(() -> host.connect(callers.internal())).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("INTERNAL callers may not connect");
    }

    @Test
    void theMatrixPrintsEveryDifferingCell(TestHost<PostsModule> host, TestCallers callers) {
        AuthorizationMatrix wrong = AuthorizationMatrix.fromCsv(String.join("\n",
                "entry point,alice,anonymous",
                "create_post,allow,allow",
                "delete_post,allow,deny",
                "count,allow,allow"));
        assertThatThrownBy(() -> wrong.verify(host, Map.of("alice", callers.user("alice"),
                "anonymous", callers.anonymous())))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("differs in 2 cell(s)")
                .hasMessageContaining("| create_post | allow | **DENY** (expected allow) |")
                .hasMessageContaining("| delete_post | **DENY** (expected allow) | deny |")
                .hasMessageContaining("| count | allow | allow |")
                .hasMessageContaining("delete_post x alice: denied delete_post: requires any role of [moderator]");
    }

    @Test
    void malformedMatricesAreClearErrors() {
        assertThatThrownBy(() -> AuthorizationMatrix.fromMarkdown("| entry point | a |\n| x | maybe |"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected allow, deny or not callable, got 'maybe'");
        assertThatThrownBy(() -> AuthorizationMatrix.fromCsv("entry point,a\nx,allow,deny"))
                .hasMessageContaining("row 2 has 3 cells");
        assertThatThrownBy(() -> AuthorizationMatrix.fromCsv("entry point,a"))
                .hasMessageContaining("at least one entry point row");
    }

    @Test
    void assertionsFailWithTheReason(TestHost<PostsModule> host, TestCallers callers) {
        assertThatThrownBy(() -> WardenAssertions.assertAllowed(host, callers.anonymous(), "create_post", "x"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("requires an authenticated caller");
        assertThatThrownBy(() -> WardenAssertions.assertDenied(host, callers.user("a"), "count"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("to be denied");
        assertThatThrownBy(() -> WardenAssertions.assertDenied(host, callers.anonymous(), "create_post", "x")
                .withReasonContaining("something else")).isInstanceOf(AssertionFailedError.class);
    }

    @Nested
    @WithCaller(subject = "svc", kind = CallerKind.SERVICE, roles = "admin")
    class NestedClassesSeeTheirOwnCaller {
        @Test
        void serviceCallerFromTheNestedClass(CallerContext caller, TestHost<PostsModule> host) {
            assertThat(caller.kind()).isEqualTo(CallerKind.SERVICE);
            assertThat(caller.roles().names()).containsExactly("admin");
            WardenAssertions.assertAllowed(host, caller, "export");
        }

        @Test
        @WithCaller(subject = "bob", claims = {"tenant_id=t1", "org={\"plan\":\"pro\"}", "level=3"})
        void methodCallerReplacesTheClassCallerEntirely(CallerContext caller) {
            assertThat(caller.kind()).isEqualTo(CallerKind.USER);
            assertThat(caller.roles().isEmpty()).as("roles are not merged from the class").isTrue();
            assertThat(caller.claims().get().string("tenant_id")).contains("t1");
            assertThat(caller.claims().get().string("org.plan")).contains("pro");
            assertThat(caller.claims().get().longValue("level")).contains(3L);
        }

        @Test
        @WithCaller(kind = CallerKind.INTERNAL)
        void internalCaller(CallerContext caller, TestHost<PostsModule> host) {
            assertThat(caller.auth().isInternal()).isTrue();
            assertThat(caller.sender()).isEqualTo(host.moduleIdentity());
        }
    }

    @Test
    void everyTestGetsAFreshHost(TestHost<PostsModule> host) {
        assertThat(host.rows(PostsModule.Post.class)).isEmpty();
        assertThat(List.of(host.guarded().entryPoints().size())).containsExactly(8);
    }
}
