package dev.warden.examples.quickstart;

import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.db.TableHandle;
import dev.warden.db.Tables;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Init;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.OnDisconnect;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import java.time.Instant;
import java.util.Optional;

/**
 * SpacetimeDB's quickstart chat, the server module of its {@code templates/chat-react-ts} template
 * ({@code spacetimedb/src/index.ts}), ported table for table and reducer for reducer: the same table names,
 * columns in the same order and of the same SpacetimeDB types, the same reducer names, argument order and error
 * texts, so the template's generated TypeScript bindings talk to it unchanged.
 *
 * <p><b>Access.</b> The original has no authorization beyond the caller's identity: every client that connects,
 * with a token from any issuer the host trusts or with the anonymous identity the host mints for a client without
 * one, may set its own name and send messages, and every client reads both tables whole. So:
 * <ul>
 *   <li>the connection rule admits users, services and anonymous callers (Warden's default, written out so that a
 *       reader sees the decision);</li>
 *   <li>{@code set_name} and {@code send_message} are {@link Public}: a reducer only ever changes the caller's own
 *       row or writes a message signed with the caller's identity, so there is nothing a caller could do to
 *       another that a rule would have to stop; what stops abuse is the connection rule (who may connect at all)
 *       and the reducers' own checks;</li>
 *   <li>both tables are {@link Access#PUBLIC} without a row rule: every subscriber sees every user and every
 *       message, as in the original.</li>
 * </ul>
 *
 * <p><b>Differences.</b> The original logs each name change and message with {@code console.info} (and a
 * disconnect of an unknown user with {@code console.warn}); this port does not log: logs are no part of what
 * clients see, and a message's text has no place in a server log. A Warden primary key is kept in a hash index
 * unless told otherwise, SpacetimeDB keeps it in a btree: {@code @Indexed} makes {@code user}'s the same btree,
 * named {@code user_identity_idx_btree} as in the template's bindings.
 */
// the original's table order (schema({ user, message })), which its RawModuleDef and bindings keep
@Tables({QuickstartChat.User.class, QuickstartChat.Message.class})
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE, CallerKind.ANONYMOUS})
public class QuickstartChat {

    /**
     * A user: whoever connected once. {@code name} is {@code t.string().optional()}, absent until set.
     *
     * @param identity the user's identity, the primary key
     * @param name the name the user chose, if any
     * @param online whether the user is connected now
     */
    @Table(name = "user", access = Access.PUBLIC)
    public record User(@PrimaryKey @Indexed Identity identity, Optional<String> name, boolean online) {}

    /**
     * A message. The table has no primary key: the whole row is its identity, as in the original.
     *
     * @param sender who sent it
     * @param sent the sending transaction's timestamp
     * @param text what it says
     */
    @Table(name = "message", access = Access.PUBLIC)
    public record Message(Identity sender, Instant sent, String text) {}

    /**
     * Sets the caller's name.
     *
     * @param ctx the call
     * @param name the new name: any string but the empty one (as JavaScript's {@code !name}, a blank name is
     *     accepted)
     * @throws IllegalArgumentException {@code "Names must not be empty"}
     * @throws IllegalStateException {@code "Cannot set name for unknown user"} for a caller that never connected
     */
    @Reducer("set_name")
    @Public
    public void setName(ReducerContext ctx, String name) {
        validateName(name);
        var users = ctx.db().table(User.class).unique(User::identity);
        User user = users.find(ctx.sender())
                .orElseThrow(() -> new IllegalStateException("Cannot set name for unknown user"));
        users.update(new User(user.identity(), Optional.of(name), user.online()));
    }

    /**
     * Sends a message, stamped with the transaction's timestamp. The original leaves rate limits and refusing
     * unnamed users as "things to consider"; so does this port.
     *
     * @param ctx the call
     * @param text the message
     * @throws IllegalArgumentException {@code "Messages must not be empty"}
     */
    @Reducer("send_message")
    @Public
    public void sendMessage(ReducerContext ctx, String text) {
        validateMessage(text);
        ctx.db().table(Message.class).insert(new Message(ctx.sender(), ctx.timestamp(), text));
    }

    /**
     * Runs once when the module is first published. The original's {@code init} does nothing, and neither does
     * this one: the hook is kept so that the module has the same lifecycle reducers.
     *
     * @param ctx the call
     */
    @Init
    public void init(ReducerContext ctx) {
        // the original: spacetimedb.init(_ctx => {})
    }

    /**
     * A client connected: a returning user is marked online with its name kept; a new one gets a row, online and
     * without a name.
     *
     * @param ctx the connection's call
     */
    @OnConnect
    public void onConnect(ReducerContext ctx) {
        TableHandle<User> users = ctx.db().table(User.class);
        Optional<User> user = users.unique(User::identity).find(ctx.sender());
        if (user.isPresent()) {
            users.unique(User::identity).update(new User(user.get().identity(), user.get().name(), true));
        } else {
            users.insert(new User(ctx.sender(), Optional.empty(), true));
        }
    }

    /**
     * A client disconnected: its user is marked offline. A disconnect without a connect finds no row and changes
     * nothing (the original logs a warning there).
     *
     * @param ctx the connection's call
     */
    @OnDisconnect
    public void onDisconnect(ReducerContext ctx) {
        var users = ctx.db().table(User.class).unique(User::identity);
        users.find(ctx.sender()).ifPresent(u -> users.update(new User(u.identity(), u.name(), false)));
    }

    private static void validateName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Names must not be empty");
        }
    }

    private static void validateMessage(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Messages must not be empty");
        }
    }
}
