package dev.warden.testkit;

import static dev.warden.testkit.WardenAssertions.assertDenied;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Assertions match rules by annotation name and say what they expected and what they got. */
@WardenTest(module = PostsModule.class, engine = PostsModule.Rules.class)
@WithCaller(subject = "alice")
class WardenAssertionsTest {

    @Test
    void byRuleMatchesTheAnnotationNameOrTheFullRule(TestHost<PostsModule> host, CallerContext alice) {
        assertDenied(host, alice, "delete_post", 0L).byRule("@RequiresAnyRole");
        assertDenied(host, alice, "delete_post", 0L).byRule("RequiresAnyRole");
        assertDenied(host, alice, "delete_post", 0L).byRule("@RequiresAnyRole[moderator]");
    }

    @Test
    void aViewsRowFilterIsNotPartOfItsAccessRule(TestHost<PostsModule> host, TestCallers callers) {
        // my_posts' rule reads "@Authenticated, rows @VisibleRows(owner = author)"
        assertDenied(host, callers.anonymous(), "my_posts").byRule("@Authenticated");
    }

    @Test
    void byRuleIsNotAPrefixMatch(TestHost<PostsModule> host, CallerContext alice) {
        assertThatThrownBy(() -> assertDenied(host, alice, "delete_post", 0L).byRule("@RequiresAny"))
                .isInstanceOf(AssertionFailedError.class);
        assertThatThrownBy(() -> assertDenied(host, alice, "delete_post", 0L).byRule("@RequiresAnyRole[admin]"))
                .isInstanceOf(AssertionFailedError.class);
    }

    @Test
    void aFailedAssertionPrintsTheExpectedAndActualRuleAndReason(TestHost<PostsModule> host, CallerContext alice) {
        assertThatThrownBy(() -> assertDenied(host, alice, "delete_post", 0L).byRule("@Authenticated"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected rule: @Authenticated")
                .hasMessageContaining("actual rule: @RequiresAnyRole[moderator]")
                .hasMessageContaining("reason: denied delete_post: requires any role of [moderator]");
        assertThatThrownBy(() -> assertDenied(host, alice, "delete_post", 0L).withReasonContaining("owner"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected reason containing: owner")
                .hasMessageContaining("actual rule: @RequiresAnyRole[moderator]")
                .hasMessageContaining("reason: denied delete_post: requires any role of [moderator]");
    }
}
