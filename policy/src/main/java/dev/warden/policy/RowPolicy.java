package dev.warden.policy;

import dev.warden.claims.CallerContext;

/**
 * Decides which rows of a view a caller may see, referenced by {@link dev.warden.policy.annotation.VisibleRows}. Rows that are not of
 * the registered type are never shown. Must be thread-safe; a throw hides the row.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface RowPolicy<T> {
    /**
     * @param caller who is reading
     * @param row one row
     * @return whether the caller may see it
     */
    boolean visible(CallerContext caller, T row);
}
