/**
 * Warden db: the tables a module declares (records annotated {@link dev.warden.db.Table}), their keys and
 * indexes, serializable transactions with an undo log, and each commit's row changes. Independent of the rest
 * of Warden: the policy module runs reducers in its transactions, the host subscribes clients to its commits.
 */
module dev.warden.db {
    exports dev.warden.db;
}
