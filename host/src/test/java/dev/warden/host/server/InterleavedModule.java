package dev.warden.host.server;

import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.ProcedureContext;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Public;

/** A procedure that commits, then lets a test run something (another thread's commit) before it returns. */
public class InterleavedModule {

    /** What runs after the procedure's transaction, before it returns; set by the test. */
    public static volatile Runnable between = () -> { };

    /**
     * One row per commit.
     *
     * @param id its id
     * @param text what
     */
    @Table(name = "entry", access = Access.PUBLIC)
    public record Entry(@PrimaryKey @AutoInc long id, String text) {}

    /** @param ctx the call */
    @Procedure("commit_then_wait")
    @Public
    public void commitThenWait(ProcedureContext ctx) {
        ctx.withTx(db -> db.table(Entry.class).insert(new Entry(0, "mine")));
        between.run();
    }
}
