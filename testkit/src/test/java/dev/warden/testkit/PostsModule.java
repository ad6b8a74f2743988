package dev.warden.testkit;

import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.ViewContext;
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
    @Table(name = "post", access = Access.PRIVATE)
    public record Post(@PrimaryKey @AutoInc long id, Identity author, String text) {}

    /** What the module did, for the tests. */
    @Table(name = "log", access = Access.PRIVATE)
    public record Log(@PrimaryKey @AutoInc long id, String text) {}

    @Reducer("create_post")
    @Authenticated
    public long createPost(ReducerContext ctx, String text) {
        Post p = ctx.db().table(Post.class).insert(new Post(0, ctx.sender(), text));
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty post");   // rolls the insert back
        }
        return p.id();
    }

    @Reducer("edit_post")
    @Policy("isAuthor")
    public void editPost(ReducerContext ctx, long id, String text) {
        var posts = ctx.db().table(Post.class).unique(Post::id);
        posts.find(id).ifPresent(p -> posts.update(new Post(p.id(), p.author(), text)));
    }

    @Reducer("delete_post")
    @RequiresAnyRole("moderator")
    public void deletePost(ReducerContext ctx, long id) {
        ctx.db().table(Post.class).unique(Post::id).delete(id);
    }

    @View("my_posts")
    @Authenticated
    @VisibleRows(owner = "author")
    public List<Post> myPosts(ViewContext ctx) {
        return ctx.db().table(Post.class).all();
    }

    @View("count")
    @Public
    public long count(ViewContext ctx) {
        return ctx.db().table(Post.class).count();
    }

    @Procedure("export")
    @RequiresAnyRole("admin")
    public String export(dev.warden.policy.ProcedureContext ctx) {
        ctx.withTx(db -> db.table(Log.class).insert(new Log(0, "exported")));
        throw new IllegalStateException("procedures are not transactional");
    }

    @Scheduled("cleanup")
    public int cleanup(ReducerContext ctx) {
        var posts = ctx.db().table(Post.class);
        int n = 0;
        for (Post p : posts.all()) {
            if (p.text().startsWith("spam") && posts.delete(p)) {
                n++;
            }
        }
        return n;
    }

    @Init
    public void init(ReducerContext ctx) {
        ctx.db().table(Log.class).insert(new Log(0, "init by " + ctx.sender()));
    }

    /** The engine configuration the tests use: the author policy and a role hierarchy. */
    public static final class Rules implements EngineConfig {
        @Override
        public void configure(PolicyEngine.Builder engine, MockIssuer issuer) {
            engine.roleHierarchy(RoleHierarchy.of("admin > moderator"))
                    .policy("isAuthor", (caller, call) -> {
                        long id = call.arg(0, Long.class);
                        return call.db().table(Post.class).unique(Post::id).find(id)
                                .map(p -> p.author().equals(caller.sender())).orElse(false);
                    });
        }
    }
}
