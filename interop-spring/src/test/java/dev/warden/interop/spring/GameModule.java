package dev.warden.interop.spring;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresAnyScope;
import dev.warden.policy.annotation.RequiresKind;
import dev.warden.policy.annotation.View;
import dev.warden.policy.host.Table;
import java.util.List;

/**
 * A small game module guarded by what Spring Authorization Server's tokens carry: scopes for moves and reads,
 * the {@code roles} claim for moderation, the caller kind for the machine-to-machine export.
 */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE})
public class GameModule {

    final Table<String> moves = new Table<>();

    @Reducer("whoami")
    @Authenticated
    public String whoami(CallerContext caller) {
        return caller.kind() + " " + caller.sender().toHex();
    }

    @Reducer("move")
    @RequiresAnyScope("game.write")
    public void move(CallerContext caller, String square) {
        moves.insert(caller.sender().toHex() + " " + square);
    }

    @View("board")
    @RequiresAnyScope("game.read")
    public List<String> board() {
        return moves.all();
    }

    @Reducer("kick")
    @RequiresAnyRole("moderator")
    public String kick(String player) {
        return "kicked " + player;
    }

    @Procedure("export_stats")
    @RequiresKind(CallerKind.SERVICE)
    public int exportStats() {
        return moves.size();
    }
}
