package dev.warden.host.internal.server;

import dev.warden.core.Identity;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscription's or one-off query's {@link Plan} bound to who runs it: its {@code :sender}, if it reads it (so two
 * callers' identical texts are the same query unless the text names the caller).
 *
 * @param plan the checked statement
 * @param sender the caller, if the plan reads {@code :sender}; else null
 */
record Query(Plan plan, Identity sender) {

    /**
     * @param plan a plan
     * @param caller who runs it
     * @return it bound to the caller
     */
    static Query bind(Plan plan, Identity caller) {
        return new Query(plan, plan.usesSender() ? caller : null);
    }

    /** @return the table whose rows it returns */
    Catalog.Subscribable table() {
        return plan.table();
    }

    /** @return the filter of a single table's rows (for a join, {@link Subscriptions} runs the plan whole) */
    RowFilter filter() {
        if (plan.isJoin()) {
            throw new IllegalStateException("a join has no filter over one table's rows");
        }
        return row -> plan.keeps(new Object[] {row}, sender);
    }

    /** Which rows a query keeps. */
    interface RowFilter {
        boolean keep(Object row);

        default List<Object> apply(List<Object> rows) {
            List<Object> out = new ArrayList<>();
            for (Object r : rows) {
                if (keep(r)) {
                    out.add(r);
                }
            }
            return out;
        }
    }
}
