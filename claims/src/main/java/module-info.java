/**
 * Warden claims: turns a verified token into a caller (identity, kind, roles and scopes read the way each
 * provider writes them, typed claims).
 */
module dev.warden.claims {
    requires transitive dev.warden.core;
    requires org.slf4j;

    exports dev.warden.claims;
}
