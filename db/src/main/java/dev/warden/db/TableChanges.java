package dev.warden.db;

import java.util.List;
import java.util.Objects;

/**
 * What one commit changed in one table: the rows it deleted and those it inserted, net (a row inserted and deleted
 * in the same transaction is in neither). An update by key is a delete of the old row and an insert of the new.
 *
 * @param table the table
 * @param deletes the rows that are gone
 * @param inserts the rows that are new
 */
public record TableChanges(TableSchema table, List<Record> deletes, List<Record> inserts) {

    /**
     * @param table the table
     * @param deletes the deleted rows
     * @param inserts the inserted rows
     */
    public TableChanges {
        Objects.requireNonNull(table, "table");
        deletes = List.copyOf(deletes);
        inserts = List.copyOf(inserts);
    }
}
