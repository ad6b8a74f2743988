package dev.warden.examples;

import static dev.warden.testkit.WardenAssertions.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.examples.ChatModule.Message;
import dev.warden.examples.ChatModule.Post;
import dev.warden.examples.ChatModule.Profile;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.PolicyEngine;
import dev.warden.testkit.EngineConfig;
import dev.warden.testkit.MockIssuer;
import dev.warden.testkit.TestCallers;
import dev.warden.testkit.TestHost;
import dev.warden.testkit.WardenTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat module on its tables (issue 24): post ids from the table's sequence, the author rule reading the post
 * table, a message sent twice kept twice, one profile per identity, and cleanup through the index on a post's time.
 */
@WardenTest(module = ChatModule.class, engine = ChatModuleTest.Rules.class)
class ChatModuleTest {

    /** The module's own rules, for the extension. */
    public static final class Rules implements EngineConfig {
        @Override
        public void configure(PolicyEngine.Builder engine, MockIssuer issuer) {
            ChatModule.rules(engine);
        }
    }

    CallerContext alice;
    CallerContext bob;
    CallerContext admin;

    @BeforeEach
    void callers(TestCallers callers) {
        alice = callers.user("alice");
        bob = callers.user("bob");
        admin = callers.user("root", "admin");
    }

    @Test
    void postsAreNumberedFromOneAndOnlyTheirAuthorOrAModeratorDeletesThem(TestHost<ChatModule> host) {
        assertThat(host.call(alice, "create_post", "first")).isEqualTo(1L);
        assertThat(host.call(bob, "create_post", "second")).isEqualTo(2L);
        assertDenied(host, alice, "delete_post", 2L).withReasonContaining("policy 'authorOrModerator' denied");
        host.call(alice, "delete_post", 1L);
        host.call(admin, "delete_post", 2L);
        assertThat(host.call(alice, "create_post", "third")).as("a deleted post's id is not reused").isEqualTo(3L);
        assertThat(host.view(bob, "posts")).extracting(r -> ((Post) r).id()).containsExactly(3L);
        assertThatThrownBy(() -> host.call(admin, "delete_post", 99L)).isInstanceOf(EntryPointFailedException.class)
                .hasRootCauseMessage("no post 99");
    }

    @Test
    void aMessageSentTwiceIsTwoMessagesAndOnlyItsRecipientReadsThem(TestHost<ChatModule> host) {
        host.call(alice, "send_message", bob.sender().toHex(), "hi");
        host.call(alice, "send_message", bob.sender().toHex(), "hi");
        host.call(bob, "send_message", alice.sender().toHex(), "hello");
        assertThat(host.view(bob, "my_messages")).containsExactly(new Message(alice.sender(), bob.sender(), "hi"),
                new Message(alice.sender(), bob.sender(), "hi"));
        assertThat(host.view(alice, "my_messages")).containsExactly(new Message(bob.sender(), alice.sender(), "hello"));
        assertThat(host.rows(ChatModule.StoredMessage.class)).hasSize(3);
    }

    @Test
    void aProfileIsOnePerIdentity(TestHost<ChatModule> host) {
        host.call(alice, "update_profile", alice.sender().toHex(), "Alice");
        host.call(alice, "update_profile", alice.sender().toHex(), "Alice B.");
        assertThat(host.view(bob, "profiles")).containsExactly(new Profile(alice.sender(), "Alice B."));
    }

    @Test
    void aFailingReducerChangesNoTable(TestHost<ChatModule> host) {
        host.call(alice, "update_profile", alice.sender().toHex(), "Alice");
        assertThatThrownBy(() -> host.call(alice, "update_profile", alice.sender().toHex(), " "))
                .isInstanceOf(EntryPointFailedException.class).hasRootCauseMessage("text must be 1 to 500 characters");
        assertThat(host.rows(Profile.class)).containsExactly(new Profile(alice.sender(), "Alice"));
    }

    @Test
    void cleanupDeletesThePostsOlderThanThirtyDays(TestHost<ChatModule> host) {
        Instant now = Instant.now();
        host.write(db -> db.table(Post.class).insert(new Post(0, alice.sender(), "old", now.minus(Duration.ofDays(31)))));
        host.call(alice, "create_post", "new");
        assertThat(host.runScheduled("cleanup")).isEqualTo(1);
        assertThat(host.rows(Post.class)).extracting(Post::text).containsExactly("new");
        assertThat(host.runScheduled("cleanup")).isEqualTo(0);
    }
}
