package dev.warden.testkit;

import static dev.warden.testkit.WardenAssertions.assertAllowed;
import static dev.warden.testkit.WardenAssertions.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.policy.NoSuchEntryPointException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Scheduled and lifecycle entry points can be stated "not callable by clients" in assertions and matrices. */
@WardenTest(module = PostsModule.class, engine = PostsModule.Rules.class)
class NotCallableTest {

    @Test
    void assertDeniedStatesThatClientsCannotCallAScheduledReducer(TestHost<PostsModule> host, TestCallers callers) {
        CallerContext admin = callers.user("root", "admin");
        WardenAssertions.Denial d = assertDenied(host, admin, "cleanup").notCallableByClients();
        assertThat(d.decision().reason()).contains("cleanup is a SCHEDULED entry point");
        assertDenied(host, callers.anonymous(), "init").notCallableByClients().byRule("not callable by clients");
        assertThatThrownBy(() -> assertDenied(host, callers.anonymous(), "create_post", "x").notCallableByClients())
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("requires an authenticated caller");
        assertThatThrownBy(() -> assertAllowed(host, admin, "cleanup"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("not callable by clients");
    }

    @Test
    void anUnknownEntryPointIsStillAnError(TestHost<PostsModule> host, TestCallers callers) {
        assertThatThrownBy(() -> assertDenied(host, callers.user("alice"), "cleanpu"))
                .isInstanceOf(NoSuchEntryPointException.class);
    }

    @Test
    void theMatrixStatesNotCallableCells(TestHost<PostsModule> host, TestCallers callers) {
        Map<String, CallerContext> who = Map.of("alice", callers.user("alice"), "admin", callers.user("root", "admin"));
        AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point | alice        | admin    |",
                "| ---         | ---          | ---      |",
                "| count       | allow        | allow    |",
                "| cleanup     | not callable | internal |",
                "| init        | internal     | Not-Callable |")).verify(host, who);
        assertThatThrownBy(() -> AuthorizationMatrix.fromCsv(String.join("\n",
                "entry point,alice,admin",
                "cleanup,deny,internal",
                "count,internal,allow")).verify(host, who))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("differs in 2 cell(s)")
                .hasMessageContaining("| cleanup | **NOT CALLABLE** (expected deny) | not callable |")
                .hasMessageContaining("| count | **ALLOW** (expected not callable) | allow |")
                .hasMessageContaining("cleanup x alice: cleanup is a SCHEDULED entry point");
    }
}
