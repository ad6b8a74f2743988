package dev.warden.policy;

import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The annotated module shown in the README, and its report: the README must show both verbatim. */
public class ReadmeExampleTest {

    // --- README example start
    @Authenticated                                   // class rule: every entry point below, unless replaced
    public static class ChatModule {
        @Table(name = "message", access = Access.PRIVATE)          // its state: a table (see Tables below)
        public record Message(@PrimaryKey @AutoInc long id, Identity sender, Identity recipient, String text) {}

        @Reducer("send_message")                     // inherits @Authenticated
        public void sendMessage(ReducerContext ctx, Identity to, String text) {
            ctx.db().table(Message.class).insert(new Message(0, ctx.sender(), to, text));
        }

        @View("my_messages")
        @VisibleRows(owner = "recipient")      // each caller sees only rows addressed to them
        public List<Message> myMessages(ViewContext ctx) {
            return ctx.db().table(Message.class).all();
        }

        @Reducer("delete_message")
        @RequiresAnyRole("moderator")                // replaces the class rule
        public void deleteMessage(ReducerContext ctx, long id) {
            ctx.db().table(Message.class).unique(Message::id).delete(id);
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

    @Test
    void readmeShowsThisModule() throws Exception {
        String source = Files.readString(Path.of("src", "test", "java", "dev", "warden", "policy",
                "ReadmeExampleTest.java"));
        String start = "    // --- README example start\n";
        String example = source.substring(source.indexOf(start) + start.length(),
                source.indexOf("    // --- README example end"));
        String shown = example.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        assertThat(Files.readString(Path.of("..", "README.md"))).as("README.md shows the module verbatim")
                .contains("```java\n" + shown);
    }
}
