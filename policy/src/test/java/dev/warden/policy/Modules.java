package dev.warden.policy;

import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.DenyAll;
import dev.warden.policy.annotation.Init;
import dev.warden.policy.annotation.InternalOnly;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.OwnerOnly;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAllRoles;
import dev.warden.policy.annotation.RequiresAllScopes;
import dev.warden.policy.annotation.RequiresAnyScope;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresClaim;
import dev.warden.policy.annotation.RequiresIssuer;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Module classes the policy tests compile. */
final class Modules {
    private Modules() {}

    /** A meta-annotation: wherever it stands, @RequiresAnyRole("admin") applies. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @RequiresAnyRole("admin")
    @interface AdminOnly {}

    /** A meta-annotation built on a meta-annotation. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @AdminOnly
    @RequiresAllScopes("write")
    @interface AdminWriter {}

    record Post(long id, Identity author, String text) {}

    record Message(Identity recipient, String text) {}

    static class Chat {
        final List<Post> posts = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();
        final AtomicInteger runs = new AtomicInteger();

        @Reducer("feed")
        @RequiresAnyScope({"read", "export"})
        public String feed() {
            return "feed";
        }

        @Reducer("create_post")
        @Authenticated
        public long createPost(CallerContext ctx, String text) {
            runs.incrementAndGet();
            posts.add(new Post(posts.size(), ctx.sender(), text));
            return posts.size() - 1;
        }

        @Reducer("edit_post")
        @Policy("isAuthor")
        public void editPost(long id, String text) {
            runs.incrementAndGet();
        }

        @Reducer("delete_post")
        @RequiresAnyRole({"moderator"})
        public void deletePost(long id) {
            runs.incrementAndGet();
        }

        @Reducer("ban_user")
        @AdminOnly
        public void banUser(String identity) {
            runs.incrementAndGet();
        }

        @Reducer("publish")
        @AdminWriter
        public void publish() {
            runs.incrementAndGet();
        }

        @Reducer("audit")
        @RequiresAllRoles({"admin", "auditor"})
        public void audit() {
            runs.incrementAndGet();
        }

        @Procedure("tenant_export")
        @RequiresClaim(name = "tenant_id", values = {"t1", "t2"})
        @RequiresClaim(name = "org.plan", values = "pro")
        public String tenantExport() {
            runs.incrementAndGet();
            return "exported";
        }

        @Procedure("partner_sync")
        @RequiresIssuer(Callers.OTHER_ISSUER)
        public void partnerSync() {
            runs.incrementAndGet();
        }

        @View("status")
        @Public
        public String status() {
            return "ok";
        }

        @View("my_messages")
        @Authenticated
        @VisibleRows(owner = "recipient")
        public List<Message> myMessages() {
            return messages;
        }

        @View("visible_posts")
        @Authenticated(allowAnonymous = true)
        @VisibleRows(policy = "notHidden")
        public Stream<Object> visiblePosts() {
            List<Object> rows = new ArrayList<>(posts);
            rows.add("not a post");
            rows.add(null);
            return rows.stream();
        }

        @Reducer("shutdown")
        @OwnerOnly
        public void shutdown() {
            runs.incrementAndGet();
        }

        @Reducer("nobody")
        @DenyAll
        public void nobody() {
            runs.incrementAndGet();
        }

        @Scheduled("cleanup")
        public int cleanup() {
            runs.incrementAndGet();
            return posts.size();
        }

        @Reducer("internal_only")
        @InternalOnly
        public void internalOnly() {
            runs.incrementAndGet();
        }

        @Init
        public void init(CallerContext ctx) {
            runs.incrementAndGet();
        }

        @OnConnect
        public void connected(CallerContext ctx) {
            if (ctx.claims().flatMap(c -> c.string("banned")).isPresent()) {
                throw new IllegalStateException("you are banned");
            }
        }

        public void helperWithoutAnnotations() {}
    }

    static PolicyEngine.Builder chatEngine(Chat chat) {
        return PolicyEngine.builder()
                .moduleOwner(Identity.fromClaims(Callers.ISSUER, "owner"))
                .policy("isAuthor", (caller, call) -> {
                    long id = call.arg(0, Long.class);
                    return id < chat.posts.size() && chat.posts.get((int) id).author().equals(caller.sender());
                })
                .rowPolicy("notHidden", Post.class, (caller, post) -> !post.text().startsWith("hidden"));
    }
}
