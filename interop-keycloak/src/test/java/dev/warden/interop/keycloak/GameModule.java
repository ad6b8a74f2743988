package dev.warden.interop.keycloak;

import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresAnyScope;
import dev.warden.policy.annotation.RequiresKind;

/** A small game module guarded the way its authors would guard it, for the checks through {@code Warden}. */
@Authenticated
public class GameModule {

    /** A post, numbered in the order it was made. */
    @Table(name = "post", access = Access.PRIVATE)
    public record Post(@PrimaryKey @AutoInc long id, Identity author, String text) {}

    /** Any signed-in caller. */
    @Reducer("post")
    public void post(ReducerContext ctx, String text) {
        ctx.db().table(Post.class).insert(new Post(0, ctx.sender(), text));
    }

    /** Players only (a Keycloak realm role). */
    @Reducer("join_match")
    @RequiresAnyRole("player")
    public void joinMatch() {}

    /** Admins only (a client role of game-client). */
    @Reducer("ban")
    @RequiresAnyRole("admin")
    public void ban(String who) {}

    /** Callers whose token was granted the email scope. */
    @Reducer("mail_me")
    @RequiresAnyScope("email")
    public void mailMe() {}

    /** Machine-to-machine only: a Keycloak service account. */
    @Reducer("export_stats")
    @RequiresKind(CallerKind.SERVICE)
    public int exportStats(ReducerContext ctx) {
        return (int) ctx.db().table(Post.class).count();
    }
}
