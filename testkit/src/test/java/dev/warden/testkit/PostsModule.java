package dev.warden.testkit;

import dev.warden.policy.host.Table;
import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Init;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.RoleHierarchy;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import java.util.List;

/** A small module for the testkit's own tests, and the README's "Testing your rules" example. */
@ConnectionRule(kinds = {dev.warden.claims.CallerKind.USER, dev.warden.claims.CallerKind.SERVICE,
        dev.warden.claims.CallerKind.ANONYMOUS})
public class PostsModule {

    /** A post. */
    public record Post(long id, Identity author, String text) {}

    final Table<Post> posts = new Table<>();
    final Table<String> log = new Table<>();

    @Reducer("create_post")
    @Authenticated
    public long createPost(CallerContext ctx, String text) {
        long id = posts.size();
        posts.insert(new Post(id, ctx.sender(), text));
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty post");   // rolls the insert back
        }
        return id;
    }

    @Reducer("edit_post")
    @Policy("isAuthor")
    public void editPost(long id, String text) {
        posts.update(p -> p.id() == id, p -> new Post(p.id(), p.author(), text));
    }

    @Reducer("delete_post")
    @RequiresAnyRole("moderator")
    public void deletePost(long id) {
        posts.delete(p -> p.id() == id);
    }

    @View("my_posts")
    @Authenticated
    @VisibleRows(owner = "author")
    public List<Post> myPosts() {
        return posts.all();
    }

    @View("count")
    @Public
    public long count() {
        return posts.size();
    }

    @Procedure("export")
    @RequiresAnyRole("admin")
    public String export() {
        log.insert("exported");
        throw new IllegalStateException("procedures are not transactional");
    }

    @Scheduled("cleanup")
    public int cleanup() {
        return posts.delete(p -> p.text().startsWith("spam"));
    }

    @Init
    public void init(CallerContext owner) {
        log.insert("init by " + owner.sender());
    }

    /** The engine configuration the tests use: the author policy and a role hierarchy. */
    public static final class Rules implements EngineConfig {
        @Override
        public void configure(PolicyEngine.Builder engine, MockIssuer issuer) {
            engine.roleHierarchy(RoleHierarchy.of("admin > moderator"))
                    .policy("isAuthor", (caller, call) -> {
                        PostsModule m = (PostsModule) call.module();
                        long id = call.arg(0, Long.class);
                        return m.posts.find(p -> p.id() == id).map(p -> p.author().equals(caller.sender()))
                                .orElse(false);
                    });
        }
    }
}
