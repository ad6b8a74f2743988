package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.host.Bsatn;
import dev.warden.host.internal.server.Catalog;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ProcedureContext;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.ViewContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.View;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: the contexts a host injects ({@code ReducerContext}, {@code ViewContext}, {@code ProcedureContext}) are no
 * arguments of the client's, as {@code CallerContext} is not: a reducer taking one is called with its other
 * arguments only, and a view taking only a {@code ViewContext} is a table clients subscribe to.
 */
class CatalogContextsTest {

    @Authenticated
    public static class Notes {
        @Table(name = "note", access = Access.PRIVATE)
        public record Note(@PrimaryKey @AutoInc long id, String text) {}

        @Reducer("add")
        public void add(ReducerContext ctx, String text) {
            ctx.db().table(Note.class).insert(new Note(0, text));
        }

        @View("notes")
        public List<Note> notes(ViewContext ctx) {
            return ctx.db().table(Note.class).all();
        }

        @Procedure("count")
        public long count(ProcedureContext ctx) {
            return ctx.withTx(db -> db.table(Note.class).count());
        }
    }

    final Catalog catalog = Catalog.of(PolicyEngine.builder().build().compile(Notes.class));

    @Test
    void injectedContextsAreNotClientArguments() {
        Catalog.Callable add = catalog.callable("add").orElseThrow();
        assertThat(add.parameters()).containsExactly(String.class);
        assertThat(add.decode(Bsatn.codecFor(String.class).encode("hi"))).containsExactly("hi");
        assertThat(catalog.callable("count").orElseThrow().parameters()).isEmpty();
        assertThat(catalog.callable("notes").orElseThrow().parameters()).isEmpty();
    }

    @Test
    void aViewTakingOnlyAViewContextIsSubscribable() {
        assertThat(catalog.subscribable("notes")).hasValueSatisfying(s -> assertThat(s.rowType())
                .isEqualTo(Notes.Note.class));
    }
}
