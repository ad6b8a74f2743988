/**
 * Warden storage: durable tables. {@link dev.warden.storage.Storage} logs every commit of a module's
 * {@link dev.warden.db.Database} to an embedded SQLite database (WAL mode; by default a transaction returns only
 * once it is synced, concurrent transactions sharing one sync), rebuilds the tables from it at startup (refusing an
 * incompatible change of the module's tables), and backs it up and restores it. The row encoding is the host's
 * ({@link dev.warden.storage.RowFormat}).
 */
module dev.warden.storage {
    requires transitive dev.warden.db;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    exports dev.warden.storage;
}
