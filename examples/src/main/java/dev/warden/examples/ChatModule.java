package dev.warden.examples;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.RoleHierarchy;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat module in the spirit of the SpacetimeDB tutorial. Every reducer validates before it changes
 * anything, so a reducer that fails leaves the state unchanged. Its views take no arguments and return a
 * {@code List} of records, so a {@code HostServer} serves them as tables clients subscribe to
 * ({@code SELECT * FROM posts}, {@code my_messages}, {@code profiles}), each subscriber seeing the rows its rule
 * allows.
 */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE, CallerKind.ANONYMOUS})
public class ChatModule {

    /** A public post. */
    public record Post(long id, Identity author, String text, Instant at) {}

    /** A private message. */
    public record Message(Identity sender, Identity recipient, String text) {}

    /** A user's profile. */
    public record Profile(Identity identity, String name) {}

    private final Clock clock;
    private final Map<Long, Post> posts = new ConcurrentHashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private final Map<Identity, Profile> profiles = new ConcurrentHashMap<>();
    private final Set<Identity> banned = ConcurrentHashMap.newKeySet();
    private long nextId;

    /** @param clock time source for posts and cleanup */
    public ChatModule(Clock clock) {
        this.clock = clock;
    }

    /** Creates a module on the system clock. */
    public ChatModule() {
        this(Clock.systemUTC());
    }

    /**
     * The module's rules that annotations cannot express: named policies and the role hierarchy.
     *
     * @return the engine
     */
    public static PolicyEngine engine() {
        return PolicyEngine.builder()
                .roleHierarchy(RoleHierarchy.of("admin > moderator"))
                .policy("self", (caller, call) -> caller.sender().toHex().equals(call.arg(0, String.class)))
                .policy("authorOrModerator", (caller, call) -> caller.hasRole("moderator") || caller.hasRole("admin")
                        || ((ChatModule) call.module()).isAuthor(call.arg(0, Long.class), caller.sender()))
                .build();
    }

    /** Rejects banned identities when they connect; SpacetimeDB answers 403 with this message. */
    @OnConnect
    public void connected(CallerContext ctx) {
        if (banned.contains(ctx.sender())) {
            throw new IllegalStateException("you are banned");
        }
    }

    @Reducer("create_post")
    @Authenticated
    public synchronized long createPost(CallerContext ctx, String text) {
        requireText(text);
        long id = nextId++;
        posts.put(id, new Post(id, ctx.sender(), text, clock.instant()));
        return id;
    }

    @Reducer("update_profile")
    @Policy("self")
    public void updateProfile(String identityHex, String name) {
        requireText(name);
        Identity id = Identity.fromHex(identityHex);
        profiles.put(id, new Profile(id, name));
    }

    @Reducer("delete_post")
    @Policy("authorOrModerator")
    public void deletePost(long id) {
        if (posts.remove(id) == null) {
            throw new IllegalArgumentException("no post " + id);
        }
    }

    @Reducer("ban_user")
    @RequiresAnyRole("admin")
    public void banUser(String identityHex) {
        banned.add(Identity.fromHex(identityHex));
    }

    @Reducer("send_message")
    @Authenticated
    public synchronized void sendMessage(CallerContext ctx, String toHex, String text) {
        requireText(text);
        messages.add(new Message(ctx.sender(), Identity.fromHex(toHex), text));
    }

    @View("posts")
    @Public
    public List<Post> allPosts() {
        List<Post> out = new ArrayList<>(posts.values());
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    @View("my_messages")
    @Authenticated
    @VisibleRows(owner = "recipient")
    public synchronized List<Message> myMessages() {
        return new ArrayList<>(messages);
    }

    @View("profiles")
    @Authenticated(allowAnonymous = true)
    public List<Profile> profiles() {
        List<Profile> out = new ArrayList<>(profiles.values());
        out.sort((a, b) -> a.identity().toHex().compareTo(b.identity().toHex()));
        return out;
    }

    @Procedure("export_posts")
    @RequiresAnyRole("admin")
    public int exportPosts() {
        return posts.size();
    }

    @Scheduled("cleanup")
    public int cleanup() {
        Instant cutoff = clock.instant().minus(Duration.ofDays(30));
        int before = posts.size();
        posts.values().removeIf(p -> p.at().isBefore(cutoff));
        return before - posts.size();
    }

    boolean isAuthor(long postId, Identity who) {
        Post p = posts.get(postId);
        return p != null && p.author().equals(who);
    }

    private static void requireText(String text) {
        if (text == null || text.isBlank() || text.length() > 500) {
            throw new IllegalArgumentException("text must be 1 to 500 characters");
        }
    }
}
