package dev.warden.examples;

import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Range;
import dev.warden.db.Table;
import dev.warden.db.TableHandle;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ProcedureContext;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.RoleHierarchy;
import dev.warden.policy.ViewContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A chat module in the spirit of the SpacetimeDB tutorial. Its state lives in its tables (the nested
 * {@code @Table} records), so every reducer is one transaction: one that fails leaves every table as it was (and
 * each validates before it changes anything, too). The tables are private: clients read them through the views,
 * whose rules decide what each caller sees. The views take no arguments and return a {@code List} of records, so
 * a {@code HostServer} serves them as tables clients subscribe to ({@code SELECT * FROM posts},
 * {@code my_messages}, {@code profiles}), each subscriber seeing the rows its rule allows.
 */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE, CallerKind.ANONYMOUS})
public class ChatModule {

    /**
     * A public post, and a row of the {@code posts} view. Its id is given by the table (1, 2, ...); its time is
     * indexed, for {@code cleanup}.
     *
     * @param id its number
     * @param author who wrote it
     * @param text what it says
     * @param at when it was written: its transaction's timestamp
     */
    @Table(name = "post", access = Access.PRIVATE)
    public record Post(@PrimaryKey @AutoInc long id, Identity author, String text, @Indexed Instant at) {}

    /**
     * A private message as its recipient reads it: a row of the {@code my_messages} view.
     *
     * @param sender who sent it
     * @param recipient who it is for
     * @param text what it says
     */
    public record Message(Identity sender, Identity recipient, String text) {}

    /**
     * A private message as the module keeps it: numbered, so that the same text sent twice is two messages, and
     * indexed by recipient, since that is how it is read.
     *
     * @param id its number, given by the table
     * @param sender who sent it
     * @param recipient who it is for
     * @param text what it says
     */
    @Table(name = "message", access = Access.PRIVATE)
    public record StoredMessage(@PrimaryKey @AutoInc long id, Identity sender, @Indexed Identity recipient,
                                String text) {}

    /**
     * A user's profile, one per identity, and a row of the {@code profiles} view.
     *
     * @param identity whose it is
     * @param name the name they chose
     */
    @Table(name = "profile", access = Access.PRIVATE)
    public record Profile(@PrimaryKey Identity identity, String name) {}

    /**
     * A banned identity, turned away when it connects.
     *
     * @param identity who is banned
     */
    @Table(name = "banned", access = Access.PRIVATE)
    public record Banned(@PrimaryKey Identity identity) {}

    /**
     * The module's engine: its {@link #rules rules} on a new engine.
     *
     * @return the engine
     */
    public static PolicyEngine engine() {
        return rules(PolicyEngine.builder()).build();
    }

    /**
     * The module's rules that annotations cannot express: named policies (the author's, read from the post table
     * through {@code call.db()}) and the role hierarchy.
     *
     * @param engine the engine to configure
     * @return the engine
     */
    public static PolicyEngine.Builder rules(PolicyEngine.Builder engine) {
        return engine
                .roleHierarchy(RoleHierarchy.of("admin > moderator"))
                .policy("self", (caller, call) -> caller.sender().toHex().equals(call.arg(0, String.class)))
                .policy("authorOrModerator", (caller, call) -> caller.hasRole("moderator") || caller.hasRole("admin")
                        || call.db().table(Post.class).unique(Post::id).find(call.arg(0, Long.class))
                                .map(p -> p.author().equals(caller.sender())).orElse(false));
    }

    /**
     * Rejects banned identities when they connect; SpacetimeDB answers 403 with this message.
     *
     * @param ctx who connects
     */
    @OnConnect
    public void connected(ReducerContext ctx) {
        if (ctx.db().table(Banned.class).unique(Banned::identity).find(ctx.sender()).isPresent()) {
            throw new IllegalStateException("you are banned");
        }
    }

    /**
     * @param ctx the author
     * @param text the post
     * @return its id
     */
    @Reducer("create_post")
    @Authenticated
    public long createPost(ReducerContext ctx, String text) {
        requireText(text);
        return ctx.db().table(Post.class).insert(new Post(0, ctx.sender(), text, ctx.timestamp())).id();
    }

    /**
     * @param ctx the call
     * @param identityHex whose profile: the caller's own (policy "self")
     * @param name the new name
     */
    @Reducer("update_profile")
    @Policy("self")
    public void updateProfile(ReducerContext ctx, String identityHex, String name) {
        requireText(name);
        Identity id = Identity.fromHex(identityHex);
        TableHandle<Profile> profiles = ctx.db().table(Profile.class);
        Profile profile = new Profile(id, name);
        if (profiles.unique(Profile::identity).find(id).isPresent()) {
            profiles.unique(Profile::identity).update(profile);
        } else {
            profiles.insert(profile);
        }
    }

    /**
     * @param ctx the call
     * @param id the post to delete: its author's, or any for a moderator (policy "authorOrModerator")
     */
    @Reducer("delete_post")
    @Policy("authorOrModerator")
    public void deletePost(ReducerContext ctx, long id) {
        if (!ctx.db().table(Post.class).unique(Post::id).delete(id)) {
            throw new IllegalArgumentException("no post " + id);
        }
    }

    /**
     * @param ctx the call
     * @param identityHex who to ban
     */
    @Reducer("ban_user")
    @RequiresAnyRole("admin")
    public void banUser(ReducerContext ctx, String identityHex) {
        ctx.db().table(Banned.class).insert(new Banned(Identity.fromHex(identityHex)));
    }

    /**
     * @param ctx the sender
     * @param toHex the recipient
     * @param text the message
     */
    @Reducer("send_message")
    @Authenticated
    public void sendMessage(ReducerContext ctx, String toHex, String text) {
        requireText(text);
        ctx.db().table(StoredMessage.class).insert(new StoredMessage(0, ctx.sender(), Identity.fromHex(toHex), text));
    }

    /**
     * @param ctx the reader
     * @return every post, by id
     */
    @View("posts")
    @Public
    public List<Post> allPosts(ViewContext ctx) {
        return ctx.db().table(Post.class).all().stream().sorted(Comparator.comparingLong(Post::id)).toList();
    }

    /**
     * @param ctx the reader
     * @return the messages addressed to the caller, oldest first (the rule shows each caller only those, too)
     */
    @View("my_messages")
    @Authenticated
    @VisibleRows(owner = "recipient")
    public List<Message> myMessages(ViewContext ctx) {
        return ctx.db().table(StoredMessage.class).index(StoredMessage::recipient).filter(ctx.sender()).stream()
                .sorted(Comparator.comparingLong(StoredMessage::id))
                .map(m -> new Message(m.sender(), m.recipient(), m.text())).toList();
    }

    /**
     * @param ctx the reader
     * @return every profile, by identity
     */
    @View("profiles")
    @Authenticated(allowAnonymous = true)
    public List<Profile> profiles(ViewContext ctx) {
        return ctx.db().table(Profile.class).all().stream()
                .sorted(Comparator.comparing(p -> p.identity().toHex())).toList();
    }

    /**
     * @param ctx the call; a procedure reads the tables in a transaction of its own
     * @return how many posts there are
     */
    @Procedure("export_posts")
    @RequiresAnyRole("admin")
    public int exportPosts(ProcedureContext ctx) {
        return ctx.withTx(db -> (int) db.table(Post.class).count());
    }

    /**
     * @param ctx the run, as the module itself
     * @return how many posts older than 30 days it deleted
     */
    @Scheduled("cleanup")
    public int cleanup(ReducerContext ctx) {
        TableHandle<Post> posts = ctx.db().table(Post.class);
        List<Post> old = posts.index(Post::at).filter(Range.lessThan(ctx.timestamp().minus(Duration.ofDays(30))));
        old.forEach(posts::delete);
        return old.size();
    }

    private static void requireText(String text) {
        if (text == null || text.isBlank() || text.length() > 500) {
            throw new IllegalArgumentException("text must be 1 to 500 characters");
        }
    }
}
