package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.db.TableSchema;
import dev.warden.policy.internal.RowFilters;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which rows of a table a caller may read, compiled once with the module: none for a {@code PRIVATE} table; for a
 * {@code PUBLIC} one, every row, or those its row record's {@link dev.warden.policy.annotation.VisibleRows} allows
 * (as SpacetimeDB's {@code client_visibility_filter}). A host applies it to every row it sends or answers.
 * Immutable and thread-safe.
 */
public final class TableRule {

    private final TableSchema table;
    private final RowFilters.RowFilter filter;
    private final Function<Object, Identity> owner;

    TableRule(TableSchema table, RowFilters.RowFilter filter, Function<Object, Identity> owner) {
        this.table = Objects.requireNonNull(table, "table");
        this.filter = filter;
        this.owner = owner;
    }

    /** @return the table */
    public TableSchema table() {
        return table;
    }

    /** @return whether clients may read it at all */
    public boolean isPublic() {
        return table.isPublic();
    }

    /**
     * @param caller who reads
     * @param module the module instance (a {@code field}/{@code matches} rule reads its state), or null
     * @return which rows the caller may see, with the module's state read once, now
     */
    public Predicate<Object> rowsFor(CallerContext caller, Object module) {
        Objects.requireNonNull(caller, "caller");
        if (!table.isPublic()) {
            return row -> false;
        }
        return filter == null ? row -> true : filter.rowsFor(caller, module);
    }

    /**
     * For a rule of the form {@code @VisibleRows(owner = "recipient")}: a row's owner, so that a host can send a
     * changed row to the subscribers who own it without asking every subscriber.
     *
     * @return the row's owner, if the rule shows each row to its owner only
     */
    public Optional<Function<Object, Identity>> owner() {
        return Optional.ofNullable(owner);
    }

    /** @return whether every caller sees every row (a public table without a row rule) */
    public boolean showsEveryRow() {
        return table.isPublic() && filter == null;
    }

    /** @return the rule as written */
    public String describe() {
        return table.isPublic() ? filter == null ? "public" : "public, rows " + filter.describe() : "private";
    }

    @Override
    public String toString() {
        return "TableRule[" + table.name() + ": " + describe() + "]";
    }
}
