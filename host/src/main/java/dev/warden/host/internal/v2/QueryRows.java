package dev.warden.host.internal.v2;

import java.util.List;

/**
 * The rows matching a query when it ran, table by table (v2.rs: {@code pub struct QueryRows { pub tables:
 * Box<[SingleTableRows]> }}).
 *
 * @param tables {@code tables}
 */
public record QueryRows(List<SingleTableRows> tables) {

    /**
     * One table's matching rows (v2.rs: {@code pub struct SingleTableRows { pub table: RawIdentifier, pub rows:
     * BsatnRowList }}; a {@code RawIdentifier} is serialized as a string).
     *
     * @param table {@code table}: the table's name, as the module declares it (the SDK looks its row type up by it)
     * @param rows {@code rows}
     */
    public record SingleTableRows(String table, BsatnRowList rows) {}
}
