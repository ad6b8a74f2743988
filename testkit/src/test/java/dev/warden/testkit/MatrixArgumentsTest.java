package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** A matrix row can name the call's arguments, as JSON values, so ownership rules can be checked. */
@WardenTest(module = PostsModule.class, engine = PostsModule.Rules.class)
class MatrixArgumentsTest {

    @Test
    void rowsNameTheArgumentsOfTheCall(TestHost<PostsModule> host, TestCallers callers) {
        CallerContext alice = callers.user("alice");
        CallerContext bob = callers.user("bob");
        host.call(alice, "create_post", "alice's");     // post 1
        host.call(bob, "create_post", "bob's");         // post 2
        Map<String, CallerContext> who = Map.of("alice", alice, "bob", bob, "mod", callers.user("mod", "moderator"));
        AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point                | alice | bob   | mod   |",
                "| ---                        | ---   | ---   | ---   |",
                "| edit_post(1, \"edited\")   | allow | deny  | deny  |",
                "| edit_post(2, \"edited\")   | deny  | allow | deny  |",
                "| delete_post(2)             | deny  | deny  | allow |",
                "| create_post                | allow | allow | allow |")).verify(host, who);
        AuthorizationMatrix.fromCsv(String.join("\n",
                "entry point,alice,bob,mod",
                "\"edit_post(1, \"\"x, y\"\")\",allow,deny,deny",
                "edit_post(2,\"z\"),deny,allow,deny")).verify(host, who);
        assertThatThrownBy(() -> AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point | alice | bob |",
                "| edit_post(2, \"x\") | allow | allow |")).verify(host, who))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("| edit_post(2, \"x\") | **DENY** (expected allow) | allow |")
                .hasMessageContaining("edit_post(2, \"x\") x alice: denied edit_post: policy 'isAuthor' denied");
    }

    @Test
    void badArgumentsAreClearErrors(TestHost<PostsModule> host, TestCallers callers) {
        Map<String, CallerContext> who = Map.of("alice", callers.user("alice"));
        assertThatThrownBy(() -> AuthorizationMatrix.fromMarkdown("| entry point | alice |\n| delete_post(1, | allow |"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 2 (delete_post(1,): the arguments are not a list of JSON values");
        assertThatThrownBy(() -> AuthorizationMatrix.fromMarkdown("| entry point | alice |\n| delete_post(1, 2) | deny |")
                .verify(host, who))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delete_post(1, 2): delete_post takes 1 argument(s), the row gives 2");
        assertThatThrownBy(() -> AuthorizationMatrix.fromMarkdown("| entry point | alice |\n| delete_post(\"one\") | deny |")
                .verify(host, who))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delete_post(\"one\"): argument 0 (counting from 0) is not a long: got \"one\"");
    }
}
