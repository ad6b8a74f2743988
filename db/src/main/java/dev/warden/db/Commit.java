package dev.warden.db;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One committed transaction's row changes, table by table, in the order the tables were first changed.
 *
 * @param timestamp the transaction's timestamp
 * @param changes the tables it changed
 */
public record Commit(Instant timestamp, List<TableChanges> changes) {

    /**
     * @param timestamp the timestamp
     * @param changes its changes
     */
    public Commit {
        Objects.requireNonNull(timestamp, "timestamp");
        changes = List.copyOf(changes);
    }

    /**
     * @param table a table's name
     * @return whether this commit changed it
     */
    public boolean changed(String table) {
        for (TableChanges c : changes) {
            if (c.table().name().equals(table)) {
                return true;
            }
        }
        return false;
    }
}
