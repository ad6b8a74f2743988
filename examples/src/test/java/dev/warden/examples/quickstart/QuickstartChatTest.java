package dev.warden.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.IndexSchema;
import dev.warden.db.IndexType;
import dev.warden.db.TableSchema;
import dev.warden.examples.RowBytes;
import dev.warden.examples.quickstart.QuickstartChat.Message;
import dev.warden.examples.quickstart.QuickstartChat.User;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.TableRule;
import dev.warden.testkit.AuthorizationMatrix;
import dev.warden.testkit.TestCallers;
import dev.warden.testkit.TestHost;
import dev.warden.testkit.WardenTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The quickstart chat behaves as SpacetimeDB's {@code chat-react-ts} module: its tables as declared there, the
 * {@code online} flag following connections, and each reducer's checks with the original's texts.
 */
@WardenTest(module = QuickstartChat.class)
class QuickstartChatTest {

    /** A reducer that failed: the exception whose message the host sends the client, exactly. */
    static void fails(ThrowingCallable call, Class<? extends RuntimeException> type, String message) {
        assertThatThrownBy(call).isInstanceOf(EntryPointFailedException.class).cause().isExactlyInstanceOf(type)
                .hasMessage(message);
    }

    @Test
    void theTablesAreTheOriginals(TestHost<QuickstartChat> host) {
        TableSchema user = host.guarded().schema().table("user").orElseThrow();
        assertThat(user.access()).isEqualTo(Access.PUBLIC);
        assertThat(user.columns()).extracting(c -> c.name()).containsExactly("identity", "name", "online");
        assertThat(user.primaryKey().orElseThrow().name()).isEqualTo("identity");
        // t.identity().primaryKey(): one unique btree index, named as in the template's bindings
        assertThat(user.indexes()).singleElement().satisfies(ix -> {
            assertThat(ix.name()).isEqualTo("user_identity_idx_btree");
            assertThat(ix.type()).isEqualTo(IndexType.BTREE);
            assertThat(ix.unique()).isTrue();
        });
        TableSchema message = host.guarded().schema().table("message").orElseThrow();
        assertThat(message.access()).isEqualTo(Access.PUBLIC);
        assertThat(message.columns()).extracting(c -> c.name()).containsExactly("sender", "sent", "text");
        assertThat(message.primaryKey()).isEmpty();
        assertThat(message.indexes()).extracting(IndexSchema::name).isEmpty();
        assertThat(host.guarded().schema().tables()).extracting(TableSchema::name)
                .containsExactlyInAnyOrder("user", "message");
        // public, without a row rule: every subscriber sees every row
        assertThat(host.guarded().tableRules().values()).allSatisfy(r -> assertThat(r.showsEveryRow()).isTrue());
    }

    @Test
    void connectingCreatesAnOnlineUserAndDisconnectingMarksItOffline(TestHost<QuickstartChat> host,
                                                                      TestCallers callers) {
        CallerContext alice = callers.user("alice");
        host.connect(alice);
        assertThat(host.rows(User.class)).containsExactly(new User(alice.sender(), Optional.empty(), true));
        host.call(alice, "set_name", "Alice");
        host.disconnect(alice);
        assertThat(host.rows(User.class)).containsExactly(new User(alice.sender(), Optional.of("Alice"), false));
        // a returning user is online again, with its name kept: no second row
        host.connect(alice);
        assertThat(host.rows(User.class)).containsExactly(new User(alice.sender(), Optional.of("Alice"), true));
    }

    @Test
    void aDisconnectWithoutAConnectChangesNothing(TestHost<QuickstartChat> host, TestCallers callers) {
        CallerContext alice = callers.user("alice");
        host.connect(alice);
        host.disconnect(callers.user("bob"));
        assertThat(host.rows(User.class)).containsExactly(new User(alice.sender(), Optional.empty(), true));
    }

    @Test
    void everyKindOfCallerGetsAUserRow(TestHost<QuickstartChat> host, TestCallers callers) {
        CallerContext user = host.connect(callers.user("alice"));
        CallerContext service = host.connect(callers.service("bot"));
        CallerContext anonymous = host.connect(callers.anonymous());
        assertThat(host.rows(User.class)).extracting(User::identity)
                .containsExactlyInAnyOrder(user.sender(), service.sender(), anonymous.sender());
    }

    @Test
    void setNameRefusesOnlyTheEmptyNameAndAnUnknownUser(TestHost<QuickstartChat> host, TestCallers callers) {
        CallerContext alice = callers.user("alice");
        fails(() -> host.call(alice, "set_name", "Alice"), IllegalStateException.class,
                "Cannot set name for unknown user");
        host.connect(alice);
        fails(() -> host.call(alice, "set_name", ""), IllegalArgumentException.class, "Names must not be empty");
        assertThat(host.rows(User.class)).containsExactly(new User(alice.sender(), Optional.empty(), true));
        // JavaScript's !name is false for " ": the original accepts a blank name, and so does the port
        host.call(alice, "set_name", " ");
        assertThat(host.rows(User.class)).containsExactly(new User(alice.sender(), Optional.of(" "), true));
        // the empty name is checked first, even for an unknown user
        fails(() -> host.call(callers.user("bob"), "set_name", ""), IllegalArgumentException.class,
                "Names must not be empty");
    }

    @Test
    void aNameChangeIsAnUpdateOfTheSameKey(TestHost<QuickstartChat> host, TestCallers callers) {
        CallerContext alice = host.connect(callers.user("alice"));
        List<dev.warden.db.Commit> commits = new java.util.ArrayList<>();
        host.database().addCommitListener(commits::add);
        host.call(alice, "set_name", "Alice");
        assertThat(commits).singleElement().satisfies(c -> assertThat(c.changes()).singleElement().satisfies(t -> {
            assertThat(t.table().name()).isEqualTo("user");
            assertThat(t.deletes()).containsExactly(new User(alice.sender(), Optional.empty(), true));
            assertThat(t.inserts()).containsExactly(new User(alice.sender(), Optional.of("Alice"), true));
        }));
    }

    @Test
    void sendMessageStampsTheTransactionsTimeAndRefusesAnEmptyText(TestHost<QuickstartChat> host,
                                                                     TestCallers callers) {
        CallerContext alice = host.connect(callers.user("alice"));
        fails(() -> host.call(alice, "send_message", ""), IllegalArgumentException.class,
                "Messages must not be empty");
        assertThat(host.rows(Message.class)).isEmpty();
        List<Instant> stamped = new java.util.ArrayList<>();
        host.database().addCommitListener(c -> stamped.add(c.timestamp()));
        host.call(alice, "send_message", "Hello from GH Actions!");
        assertThat(host.rows(Message.class)).containsExactly(
                new Message(alice.sender(), stamped.get(0), "Hello from GH Actions!"));
    }

    @Test
    void anyoneMaySendAMessageNamedOrNotConnectedOrNot(TestHost<QuickstartChat> host, TestCallers callers) {
        // the original's comments leave "reject messages from unnamed user" as a thing to consider: it does not
        CallerContext stranger = callers.anonymous();
        host.call(stranger, "send_message", "hi");
        assertThat(host.rows(Message.class)).extracting(Message::sender).containsExactly(stranger.sender());
        assertThat(host.rows(User.class)).isEmpty();
    }

    @Test
    void initChangesNothing(TestHost<QuickstartChat> host, TestCallers callers) {
        List<dev.warden.db.Commit> commits = new java.util.ArrayList<>();
        host.database().addCommitListener(commits::add);
        host.init(callers.user("owner").sender());
        assertThat(commits).isEmpty();
        assertThat(host.rows(User.class)).isEmpty();
        assertThat(host.rows(Message.class)).isEmpty();
    }

    @Test
    void everyConnectedClientMayCallBothReducersAndNoneTheLifecycleHooks(TestHost<QuickstartChat> host,
                                                                          TestCallers callers) {
        AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point             | user         | service      | anonymous    |",
                "| ---                     | ---          | ---          | ---          |",
                "| set_name(\"Ada\")         | allow        | allow        | allow        |",
                "| send_message(\"hi\")      | allow        | allow        | allow        |",
                "| init                    | not callable | not callable | not callable |",
                "| onConnect               | not callable | not callable | not callable |",
                "| onDisconnect            | not callable | not callable | not callable |"))
                .verify(host, Map.of("user", callers.user("alice"), "service", callers.service("bot"),
                        "anonymous", callers.anonymous()));
        // the connection rule: what SpacetimeDB lets connect (everyone with an identity), never the module itself
        assertThatThrownBy(() -> host.connect(callers.internal())).hasMessageContaining(
                "INTERNAL callers may not connect");
    }

    @Test
    void theRowsHaveTheLayoutOfTheTemplatesBindings(TestCallers callers) {
        Identity alice = callers.user("alice").sender();
        String identity = RowBytes.identity(alice);
        // user_table.ts: identity, name: option<string> (tag 0 and the value, or tag 1), online: bool
        assertThat(RowBytes.of(new User(alice, Optional.of("Ada"), true)))
                .isEqualTo(identity + "00" + "03000000" + "416461" + "01");
        assertThat(RowBytes.of(new User(alice, Optional.empty(), false))).isEqualTo(identity + "01" + "00");
        // message_table.ts: sender, sent: timestamp (i64 microseconds), text: string
        assertThat(RowBytes.of(new Message(alice, Instant.ofEpochSecond(1, 2_000), "hi")))
                .isEqualTo(identity + "42420f0000000000" + "02000000" + "6869");
    }

    @Test
    void theTableRulesShowEveryRowToEverySubscriber(TestHost<QuickstartChat> host, TestCallers callers) {
        CallerContext alice = host.connect(callers.user("alice"));
        host.call(alice, "send_message", "hi");
        CallerContext bob = callers.anonymous();
        TableRule users = host.guarded().tableRule("user").orElseThrow();
        TableRule messages = host.guarded().tableRule("message").orElseThrow();
        assertThat(host.rows(User.class)).allMatch(users.rowsFor(bob, host.module()));
        assertThat(host.rows(Message.class)).allMatch(messages.rowsFor(bob, host.module()));
    }
}
