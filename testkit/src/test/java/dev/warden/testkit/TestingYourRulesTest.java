package dev.warden.testkit;

import static dev.warden.testkit.WardenAssertions.assertAllowed;
import static dev.warden.testkit.WardenAssertions.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

// --- README example start
@WardenTest(module = PostsModule.class, engine = PostsModule.Rules.class)
@WithCaller(subject = "alice")                                  // default caller for every test below
class TestingYourRulesTest {

    @Test
    void authorsEditTheirOwnPostsOnly(TestHost<PostsModule> host, CallerContext alice, TestCallers callers) {
        long id = (Long) host.call(alice, "create_post", "hello");
        assertAllowed(host, alice, "edit_post", id, "edited");
        assertDenied(host, callers.user("bob"), "edit_post", id, "hijacked")
                .withReasonContaining("policy 'isAuthor' denied");
    }

    @Test
    @WithCaller(subject = "mod", roles = "moderator")             // replaces the class's caller
    void moderatorsDeleteAnyPost(TestHost<PostsModule> host, CallerContext mod) {
        assertAllowed(host, mod, "delete_post", 0L);
    }

    @Test
    @WithCaller(kind = CallerKind.ANONYMOUS)
    void anonymousCallersCanOnlyRead(TestHost<PostsModule> host, CallerContext anon) {
        assertDenied(host, anon, "create_post", "hi").byRule("@Authenticated");
        assertAllowed(host, anon, "count");
    }

    @Test
    void theWholeMatrix(TestHost<PostsModule> host, TestCallers callers) {
        AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point | alice | mod   | admin | anonymous |",
                "| ---         | ---   | ---   | ---   | ---       |",
                "| create_post | allow | allow | allow | deny      |",
                "| delete_post | deny  | allow | allow | deny      |",
                "| export      | deny  | deny  | allow | deny      |",
                "| count       | allow | allow | allow | allow     |"))
            .verify(host, Map.of(
                "alice", callers.user("alice"),
                "mod", callers.user("mod", "moderator"),
                "admin", callers.user("root", "admin"),        // admin > moderator, declared once
                "anonymous", callers.anonymous()));
    }
}
// --- README example end

/** Proves the README snippet is what the README shows. */
class TestingYourRulesReadmeTest {
    @Test
    void readmeShowsTheExampleVerbatim() throws Exception {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of("src", "test", "java", "dev", "warden",
                "testkit", "TestingYourRulesTest.java"));
        String example = source.substring(source.indexOf("// --- README example start\n") + 28,
                source.indexOf("// --- README example end"));
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        assertThat(readme.contains(example.strip())).as("README.md shows the example verbatim").isTrue();
    }
}
