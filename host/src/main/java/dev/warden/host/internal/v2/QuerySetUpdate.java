package dev.warden.host.internal.v2;

import java.util.List;

/**
 * What a transaction changed in one subscribed query set (v2.rs: {@code pub struct QuerySetUpdate { pub
 * query_set_id: QuerySetId, pub tables: Box<[TableUpdate]> }}).
 *
 * @param querySetId {@code query_set_id}
 * @param tables {@code tables}: grouped by table, though a table may appear more than once
 */
public record QuerySetUpdate(QuerySetId querySetId, List<TableUpdate> tables) {

    /**
     * One table's changes (v2.rs: {@code pub struct TableUpdate { pub table_name: RawIdentifier, pub rows:
     * Box<[TableUpdateRows]> }}).
     *
     * @param tableName {@code table_name}: the table's name, as the module declares it
     * @param rows {@code rows}
     */
    public record TableUpdate(String tableName, List<TableUpdateRows> rows) {}

    /**
     * A table's changed rows by kind of table (v2.rs: {@code pub enum TableUpdateRows}, tags 0
     * {@code PersistentTable(PersistentTableRows)}, 1 {@code EventTable(EventTableRows)}).
     */
    public sealed interface TableUpdateRows permits TableUpdateRows.PersistentTable, TableUpdateRows.EventTable {

        /**
         * A stored table's inserts and deletes (v2.rs: {@code pub struct PersistentTableRows { pub inserts:
         * BsatnRowList, pub deletes: BsatnRowList }}: inserts first).
         *
         * @param inserts {@code inserts}
         * @param deletes {@code deletes}
         */
        record PersistentTable(BsatnRowList inserts, BsatnRowList deletes) implements TableUpdateRows {}

        /**
         * An event table's rows, which are not stored (v2.rs: {@code pub struct EventTableRows { pub events:
         * BsatnRowList }}).
         *
         * @param events {@code events}
         */
        record EventTable(BsatnRowList events) implements TableUpdateRows {}
    }
}
