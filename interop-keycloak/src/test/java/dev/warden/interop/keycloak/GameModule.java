package dev.warden.interop.keycloak;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresAnyScope;
import dev.warden.policy.annotation.RequiresKind;
import java.util.ArrayList;
import java.util.List;

/** A small game module guarded the way its authors would guard it, for the checks through {@code Warden}. */
@Authenticated
public class GameModule {

    final List<String> posts = new ArrayList<>();

    /** Any signed-in caller. */
    @Reducer("post")
    public void post(CallerContext caller, String text) {
        posts.add(caller.sender().toHex().substring(0, 8) + ": " + text);
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
    public int exportStats() {
        return posts.size();
    }
}
