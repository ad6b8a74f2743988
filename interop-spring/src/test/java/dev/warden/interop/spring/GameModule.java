package dev.warden.interop.spring;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.ProcedureContext;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.ViewContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresAnyScope;
import dev.warden.policy.annotation.RequiresKind;
import dev.warden.policy.annotation.View;
import java.util.Comparator;
import java.util.List;

/**
 * A small game module guarded by what Spring Authorization Server's tokens carry: scopes for moves and reads,
 * the {@code roles} claim for moderation, the caller kind for the machine-to-machine export. Its moves are a table.
 */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE})
public class GameModule {

    /** A move, numbered in the order it was made. */
    @Table(name = "move", access = Access.PRIVATE)
    public record Move(@PrimaryKey @AutoInc long id, Identity player, String square) {}

    @Reducer("whoami")
    @Authenticated
    public String whoami(CallerContext caller) {
        return caller.kind() + " " + caller.sender().toHex();
    }

    @Reducer("move")
    @RequiresAnyScope("game.write")
    public void move(ReducerContext ctx, String square) {
        ctx.db().table(Move.class).insert(new Move(0, ctx.sender(), square));
    }

    @View("board")
    @RequiresAnyScope("game.read")
    public List<String> board(ViewContext ctx) {
        return ctx.db().table(Move.class).all().stream().sorted(Comparator.comparingLong(Move::id))
                .map(m -> m.player().toHex() + " " + m.square()).toList();
    }

    @Reducer("kick")
    @RequiresAnyRole("moderator")
    public String kick(String player) {
        return "kicked " + player;
    }

    @Procedure("export_stats")
    @RequiresKind(CallerKind.SERVICE)
    public int exportStats(ProcedureContext ctx) {
        return ctx.withTx(db -> (int) db.table(Move.class).count());
    }
}
