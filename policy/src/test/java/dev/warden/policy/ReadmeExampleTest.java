package dev.warden.policy;

import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The annotated module shown in the README, and its report, which the README must show verbatim. */
public class ReadmeExampleTest {

    // --- README example start
    record Message(Identity sender, Identity recipient, String text) {}

    @Authenticated                                   // class rule: every entry point below, unless replaced
    public static class ChatModule {
        final List<Message> messages = new ArrayList<>();

        @Reducer("send_message")                     // inherits @Authenticated
        public void sendMessage(CallerContext ctx, Identity to, String text) {
            messages.add(new Message(ctx.sender(), to, text));
        }

        @View("my_messages")
        @VisibleRows(owner = "recipient")      // each caller sees only rows addressed to them
        public List<Message> myMessages() {
            return messages;
        }

        @Reducer("delete_message")
        @RequiresAnyRole("moderator")                   // replaces the class rule
        public void deleteMessage(long index) {
            messages.remove((int) index);
        }

        @Reducer("ban_user")
        @RequiresAnyRole("admin")
        public void banUser(Identity who) {}

        @View("motd")
        @Public                                      // anyone, anonymous callers included
        public String motd() {
            return "welcome";
        }

        @Scheduled("cleanup")                        // internal: clients get "no such entry point"
        public void cleanup() {}
    }
    // --- README example end

    @Test
    void readmeShowsThisModulesReport() throws Exception {
        GuardedModule<ChatModule> chat = PolicyEngine.builder()
                .roleHierarchy(RoleHierarchy.of("admin > moderator"))
                .build()
                .compile(ChatModule.class);
        String report = chat.report();
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme.contains(report)).as("README.md shows the report verbatim").isTrue();
        assertThat(report).contains("| `ban_user` | deny | deny | deny | allow | deny |")
                .contains("| `delete_message` | deny | deny | deny | allow | allow |");
    }
}
