package dev.warden.host.server;

import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.Scheduled;

/** A module with a public table, a reducer that adds to it and a scheduled reducer that does too. */
public class TickModule {

    /** One row per call. */
    @Table(name = "entry", access = Access.PUBLIC)
    public record Entry(@PrimaryKey @AutoInc long id, String text) {}

    /**
     * @param ctx the caller
     * @param text what to add
     */
    @Reducer("add")
    @Public
    public void add(ReducerContext ctx, String text) {
        ctx.db().table(Entry.class).insert(new Entry(0, text));
    }

    /** @param ctx the module */
    @Scheduled("tick")
    public void tick(ReducerContext ctx) {
        ctx.db().table(Entry.class).insert(new Entry(0, "tick"));
    }
}
