package dev.warden.db;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One table as declared: its name, row record, access, columns, primary key and indexes.
 *
 * @param name the table's name
 * @param rowType the row record
 * @param access who may read it
 * @param columns its columns, in record order
 * @param primaryKey the primary key's column, if it has one
 * @param indexes its indexes: the primary key's and each unique column's first, then the declared ones
 */
public record TableSchema(String name, Class<? extends Record> rowType, Access access, List<ColumnSchema> columns,
                          Optional<ColumnSchema> primaryKey, List<IndexSchema> indexes) {

    /**
     * @param name the name
     * @param rowType the row record
     * @param access its access
     * @param columns its columns
     * @param primaryKey its primary key
     * @param indexes its indexes
     */
    public TableSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rowType, "rowType");
        Objects.requireNonNull(access, "access");
        columns = List.copyOf(columns);
        Objects.requireNonNull(primaryKey, "primaryKey");
        indexes = List.copyOf(indexes);
    }

    /**
     * @param name a column's name
     * @return that column
     */
    public Optional<ColumnSchema> column(String name) {
        for (ColumnSchema c : columns) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** @return whether clients may read it */
    public boolean isPublic() {
        return access == Access.PUBLIC;
    }
}
