package dev.warden.db;

/** Tables of the tests: the money-exchange template's shapes and a few more. */
final class Bank {

    private Bank() {}

    @Table(name = "account", access = Access.PRIVATE,
            indexes = @Index(name = "account_owner_name", columns = {"owner", "name"}, type = IndexType.BTREE))
    record Account(@PrimaryKey @AutoInc long id, @Unique String nameKey, @Indexed String owner, String name,
                   long balance) {}

    @Table(name = "audit", access = Access.PUBLIC)
    record Audit(@Indexed(IndexType.HASH) String who, String what) {}

    @Table(name = "user", access = Access.PUBLIC)
    record User(@PrimaryKey String identity, String name, boolean online) {}
}
