package dev.warden.db;

import java.util.List;
import java.util.Objects;

/**
 * An index of a table: the primary key's, a unique column's, or a declared one.
 *
 * @param name its name (for a key or unique column, {@code <table>_<column>_idx_<type>}, as SpacetimeDB names them)
 * @param columns the columns it covers, in order
 * @param type how it is kept
 * @param unique whether it is a unique constraint (primary key or {@link Unique})
 */
public record IndexSchema(String name, List<ColumnSchema> columns, IndexType type, boolean unique) {

    /**
     * @param name its name
     * @param columns its columns
     * @param type how it is kept
     * @param unique whether it is unique
     */
    public IndexSchema {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        Objects.requireNonNull(type, "type");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("an index covers at least one column");
        }
    }
}
