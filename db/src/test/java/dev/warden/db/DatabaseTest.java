package dev.warden.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.db.Bank.Account;
import dev.warden.db.Bank.Audit;
import dev.warden.db.Bank.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    final Database database = Database.create(Schema.of(List.of(Account.class, Audit.class, User.class)));
    final Db db = database.db();

    TableHandle<Account> accounts() {
        return db.table(Account.class);
    }

    void write(Runnable r) {
        database.write(() -> {
            r.run();
            return null;
        });
    }

    <T> T read(java.util.function.Supplier<T> s) {
        return database.read(s);
    }

    static void refused(ThrowingCallable call, DatabaseException.Reason reason, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DatabaseException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessageContaining(message);
    }

    @Test
    void autoIncrementFillsZeroAndKeepsGivenValues() {
        List<Account> made = database.write(() -> List.of(
                accounts().insert(new Account(0, "a", "alice", "main", 10)),
                accounts().insert(new Account(0, "b", "bob", "main", 20)),
                accounts().insert(new Account(40, "c", "carol", "main", 30))));
        assertThat(made).extracting(Account::id).containsExactly(1L, 2L, 40L);
        assertThat(read(() -> accounts().unique(Account::id).find(2L))).contains(made.get(1));
        assertThat(read(() -> accounts().unique(Account::nameKey).find("c"))).contains(made.get(2));
        assertThat(read(() -> accounts().count())).isEqualTo(3);
    }

    @Test
    void aUniqueViolationRefusesTheRowAndTheWholeTransactionRollsBack() {
        write(() -> accounts().insert(new Account(0, "a", "alice", "main", 10)));
        refused(() -> write(() -> {
            accounts().insert(new Account(0, "b", "bob", "main", 5));
            accounts().insert(new Account(0, "a", "mallory", "main", 1));
        }), DatabaseException.Reason.UNIQUE_VIOLATION, "another row of account has the same nameKey (unique)");
        assertThat(read(() -> accounts().all())).extracting(Account::nameKey).containsExactly("a");
        refused(() -> write(() -> accounts().insert(new Account(1, "z", "zed", "main", 1))),
                DatabaseException.Reason.UNIQUE_VIOLATION, "another row of account has the same id (primary key)");
        // the owner index holds only alice's row: nothing was half inserted
        assertThat(read(() -> accounts().index(Account::owner).filter("bob"))).isEmpty();
        assertThat(read(() -> accounts().index(Account::owner).filter("alice"))).hasSize(1);
    }

    @Test
    void aPublicTablesViolationNamesTheValueAPrivateOnesNever() {
        write(() -> db.table(User.class).insert(new User("c200", "alice", true)));
        refused(() -> write(() -> db.table(User.class).insert(new User("c200", "mallory", false))),
                DatabaseException.Reason.UNIQUE_VIOLATION, "another row of user has identity = c200 (primary key)");
        write(() -> accounts().insert(new Account(0, "secret-handle", "alice", "main", 10)));
        assertThatThrownBy(() -> write(() -> accounts().insert(new Account(0, "secret-handle", "eve", "x", 1))))
                .hasMessage("another row of account has the same nameKey (unique)")
                .hasMessageNotContaining("secret-handle");
    }

    @Test
    void aNestedTransactionThatFailsIsUndoneAloneWhenTheOuterCatchesIt() {
        database.write(() -> {
            accounts().insert(new Account(0, "kept", "alice", "main", 1));
            try {
                database.write(() -> {
                    accounts().insert(new Account(0, "undone", "bob", "main", 1));
                    throw new IllegalStateException("inner fails");
                });
            } catch (IllegalStateException expected) {
                // the outer goes on
            }
            return null;
        });
        assertThat(read(() -> accounts().all())).extracting(Account::nameKey).containsExactly("kept");
        assertThat(read(() -> accounts().index(Account::owner).filter("bob"))).isEmpty();
    }

    @Test
    void anExactDuplicateInsertChangesNothing() {
        write(() -> {
            db.table(Audit.class).insert(new Audit("alice", "login"));
            db.table(Audit.class).insert(new Audit("alice", "login"));
        });
        assertThat(read(() -> db.table(Audit.class).count())).isEqualTo(1);
    }

    @Test
    void updateByKeyReplacesTheRowAndChecksTheOtherUniqueColumns() {
        Account a = database.write(() -> accounts().insert(new Account(0, "a", "alice", "main", 10)));
        database.write(() -> accounts().insert(new Account(0, "b", "bob", "main", 10)));
        write(() -> accounts().unique(Account::id).update(new Account(a.id(), "a", "alice", "main", 99)));
        assertThat(read(() -> accounts().unique(Account::id).find(a.id()).orElseThrow().balance())).isEqualTo(99);
        refused(() -> write(() -> accounts().unique(Account::id).update(new Account(a.id(), "b", "alice", "x", 1))),
                DatabaseException.Reason.UNIQUE_VIOLATION, "the same nameKey");
        refused(() -> write(() -> accounts().unique(Account::id).update(new Account(77, "q", "q", "q", 1))),
                DatabaseException.Reason.NOT_FOUND, "no row of account has that id to update");
        assertThat(read(() -> accounts().unique(Account::id).find(a.id()).orElseThrow().balance())).isEqualTo(99);
        write(() -> assertThat(accounts().unique(Account::nameKey).delete("b")).isTrue());
        write(() -> assertThat(accounts().unique(Account::nameKey).delete("b")).isFalse());
    }

    @Test
    void rollbackUndoesInsertsUpdatesAndDeletesInReverse() {
        Account a = database.write(() -> accounts().insert(new Account(0, "a", "alice", "main", 10)));
        assertThatThrownBy(() -> write(() -> {
            accounts().unique(Account::id).update(new Account(a.id(), "a", "alice", "main", 0));
            accounts().delete(new Account(a.id(), "a", "alice", "main", 0));
            accounts().insert(new Account(0, "n", "nina", "main", 5));
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(read(() -> accounts().all())).containsExactly(a);
        assertThat(read(() -> accounts().index(Account::owner).filter("nina"))).isEmpty();
        // sequence values taken by the rolled-back transaction are not reused
        assertThat(database.write(() -> accounts().insert(new Account(0, "m", "m", "main", 1))).id()).isEqualTo(3);
    }

    @Test
    void btreeRangesPrefixesAndHashEquality() {
        write(() -> {
            for (String[] r : new String[][] {{"a", "alice", "x"}, {"b", "alice", "y"}, {"c", "bob", "x"},
                {"d", "carol", "z"}}) {
                accounts().insert(new Account(0, r[0], r[1], r[2], 1));
            }
            db.table(Audit.class).insert(new Audit("alice", "login"));
            db.table(Audit.class).insert(new Audit("bob", "login"));
        });
        assertThat(read(() -> accounts().index(Account::owner).filter(Range.closed("alice", "bob"))))
                .extracting(Account::nameKey).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(read(() -> accounts().index(Account::owner).filter(Range.greaterThan("alice"))))
                .extracting(Account::nameKey).containsExactly("c", "d");
        assertThat(read(() -> accounts().index(Account::owner).filter(Range.lessThan("bob"))))
                .extracting(Account::nameKey).containsExactlyInAnyOrder("a", "b");
        PairIndex<Account, String, String> byOwnerName = read(() -> accounts().index(Account::owner, Account::name));
        assertThat(read(() -> byOwnerName.filter("alice"))).extracting(Account::nameKey).containsExactly("a", "b");
        assertThat(read(() -> byOwnerName.filter("alice", "y"))).extracting(Account::nameKey).containsExactly("b");
        assertThat(read(() -> byOwnerName.filter("alice", Range.atLeast("y")))).extracting(Account::nameKey)
                .containsExactly("b");
        assertThat(read(() -> byOwnerName.filter("alice", Range.lessThan("y")))).extracting(Account::nameKey)
                .containsExactly("a");
        assertThat(read(() -> db.table(Audit.class).index(Audit::who).filter("bob"))).hasSize(1);
        refused(() -> read(() -> db.table(Audit.class).index(Audit::who).filter(Range.atLeast("a"))),
                DatabaseException.Reason.NO_SUCH_INDEX, "is a hash index");
    }

    @Test
    void columnsMustBeIndexedAccessorReferences() {
        refused(() -> read(() -> accounts().unique(Account::owner)), DatabaseException.Reason.NO_SUCH_INDEX,
                "account.owner is not unique");
        refused(() -> read(() -> accounts().index(Account::balance)), DatabaseException.Reason.NO_SUCH_INDEX,
                "account.balance has no index");
        refused(() -> read(() -> accounts().unique(a -> a.id() + 1)), DatabaseException.Reason.NOT_A_COLUMN,
                "not a lambda");
        refused(() -> read(() -> accounts().index(Account::owner, Account::balance)),
                DatabaseException.Reason.NO_SUCH_INDEX, "account has no index on (owner, balance)");
    }

    @Test
    void outsideATransactionOrInAReadTablesRefuse() {
        refused(() -> accounts().count(), DatabaseException.Reason.NO_TRANSACTION, "outside a transaction");
        refused(() -> read(() -> accounts().insert(new Account(0, "a", "alice", "main", 1))),
                DatabaseException.Reason.READ_ONLY, "cannot change in a read-only call");
        refused(() -> db.table(NotATable.class),
                DatabaseException.Reason.NO_SUCH_TABLE, "not annotated @Table");
    }

    record NotATable(int x) {}

    @Test
    void aCommitReportsItsNetChangesAndAKeyUpdateAsDeleteAndInsert() {
        List<Commit> commits = new ArrayList<>();
        database.addCommitListener(commits::add);
        write(() -> db.table(User.class).insert(new User("c200", "alice", true)));
        write(() -> {
            db.table(User.class).unique(User::identity).update(new User("c200", "alice", false));
            db.table(Audit.class).insert(new Audit("x", "temporary"));
            db.table(Audit.class).delete(new Audit("x", "temporary"));
        });
        write(() -> db.table(User.class).unique(User::identity).find("c200"));   // reads only: no commit told
        assertThat(commits).hasSize(2);
        assertThat(commits.get(0).changes()).singleElement().satisfies(c -> {
            assertThat(c.table().name()).isEqualTo("user");
            assertThat(c.inserts()).containsExactly(new User("c200", "alice", true));
            assertThat(c.deletes()).isEmpty();
        });
        assertThat(commits.get(1).changes()).singleElement().satisfies(c -> {
            assertThat(c.deletes()).containsExactly(new User("c200", "alice", true));
            assertThat(c.inserts()).containsExactly(new User("c200", "alice", false));
        });
        assertThat(commits.get(1).changed("audit")).isFalse();
    }

    @Test
    void aNestedTransactionJoinsTheOuterOneAndSharesItsTimestamp() {
        Instant at = Instant.parse("2026-12-06T00:00:00Z");
        assertThatThrownBy(() -> database.write(at, () -> {
            database.write(() -> accounts().insert(new Account(0, "a", "alice", "main", 1)));
            assertThat(database.write(() -> db.timestamp())).isEqualTo(at);
            throw new IllegalStateException("outer fails");
        })).hasMessage("outer fails");
        assertThat(read(() -> accounts().count())).isZero();
    }

    @Test
    void readTrackingNamesTheTablesARead() {
        Database.Reading<Long> r = database.readTracking(() -> accounts().count()
                + db.table(User.class).unique(User::identity).find("x").map(u -> 1L).orElse(0L));
        assertThat(r.tables()).isEqualTo(Set.of("account", "user"));
    }

    @Test
    void schemaProblemsAreAllListedFirstOneFirst() {
        assertThatThrownBy(() -> Schema.of(List.of(Broken.class, NotATable.class)))
                .isInstanceOfSatisfying(SchemaException.class, e -> assertThat(e.problems()).containsExactly(
                        "broken.a: a table has at most one @PrimaryKey (also id)",
                        "broken.amount: @AutoInc needs an integral type (byte, short, int, long), not String",
                        "broken index by_nothing: Broken has no component 'nothing' (it has [id, a, amount])",
                        "dev.warden.db.DatabaseTest$NotATable: not annotated @Table"))
                .hasMessageStartingWith("cannot build the tables: broken.a: a table has at most one @PrimaryKey");
    }

    @Table(name = "broken", access = Access.PUBLIC, indexes = @Index(name = "by_nothing", columns = "nothing"))
    record Broken(@PrimaryKey long id, @PrimaryKey String a, @AutoInc String amount) {}

    @Table(name = "keyed_by_bytes", access = Access.PRIVATE)
    record KeyedByBytes(@PrimaryKey byte[] key, String value) {}

    @Table(name = "both", access = Access.PRIVATE)
    record Both(@PrimaryKey @Indexed(IndexType.HASH) long id, @Indexed(IndexType.HASH) String tag) {}

    @Test
    void anArrayCannotBeAKeyAndABtreeWinsOverAHashOnOneColumn() {
        assertThatThrownBy(() -> Schema.of(List.of(KeyedByBytes.class))).isInstanceOfSatisfying(SchemaException.class,
                e -> assertThat(e.problems()).containsExactly("keyed_by_bytes.key: an array compares by reference, so"
                        + " it cannot be a key or indexed column (use a record, a String or a List)"));
        Database d = Database.create(Schema.of(List.of(Account.class)));
        // account.nameKey is unique (a btree by default): ranges work through index(...) too
        d.write(() -> d.db().table(Account.class).insert(new Account(0, "b", "o", "n", 1)));
        assertThat(d.read(() -> d.db().table(Account.class).index(Account::nameKey).filter(Range.atLeast("a"))))
                .hasSize(1);
    }
}
