package dev.warden.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.DatabaseException;
import dev.warden.db.TableSchema;
import dev.warden.examples.bank.MoneyExchange.Account;
import dev.warden.examples.bank.MoneyExchange.AccountChange;
import dev.warden.examples.bank.MoneyExchange.ChangeDirection;
import dev.warden.examples.bank.MoneyExchange.Directory;
import dev.warden.examples.RowBytes;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.TableRule;
import dev.warden.testkit.AuthorizationMatrix;
import dev.warden.testkit.TestCallers;
import dev.warden.testkit.TestHost;
import dev.warden.testkit.WardenTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The money exchange behaves as SpacetimeDB's {@code money-exchange-react-ts} module: its tables as declared
 * there (the accounts private), an account opened on first connect, names unique but for case, and transfers with
 * the original's checks, in its order, moving money without creating or losing any.
 */
@WardenTest(module = MoneyExchange.class)
class MoneyExchangeTest {

    CallerContext ada;
    CallerContext bob;

    @BeforeEach
    void connect(TestHost<MoneyExchange> host, TestCallers callers) {
        ada = host.connect(callers.user("ada"));
        bob = host.connect(callers.user("bob"));
    }

    static void fails(ThrowingCallable call, Class<? extends RuntimeException> type, String message) {
        assertThatThrownBy(call).isInstanceOf(EntryPointFailedException.class).cause().isExactlyInstanceOf(type)
                .hasMessage(message);
    }

    static long balance(TestHost<MoneyExchange> host, CallerContext who) {
        return host.read(db -> db.table(Account.class).unique(Account::identity).find(who.sender()).orElseThrow()
                .balanceCents());
    }

    static void setBalance(TestHost<MoneyExchange> host, CallerContext who, long cents) {
        host.write(db -> db.table(Account.class).unique(Account::identity).update(new Account(who.sender(), cents)));
    }

    @Test
    void theTablesAreTheOriginals(TestHost<MoneyExchange> host) {
        TableSchema directory = host.guarded().schema().table("directory").orElseThrow();
        assertThat(directory.access()).isEqualTo(Access.PUBLIC);
        assertThat(directory.primaryKey().orElseThrow().name()).isEqualTo("identity");
        assertThat(directory.indexes()).extracting(ix -> ix.name() + " " + ix.type() + (ix.unique() ? " unique" : ""))
                .containsExactly("directory_identity_idx_btree BTREE unique",
                        "directory_nameKey_idx_btree BTREE unique");
        TableSchema account = host.guarded().schema().table("account").orElseThrow();
        assertThat(account.access()).isEqualTo(Access.PRIVATE);
        assertThat(account.columns()).extracting(c -> c.name()).containsExactly("identity", "balanceCents");
        assertThat(account.indexes()).extracting(ix -> ix.name() + " " + ix.type() + (ix.unique() ? " unique" : ""))
                .containsExactly("account_identity_idx_btree BTREE unique");
        TableSchema changes = host.guarded().schema().table("account_change").orElseThrow();
        assertThat(changes.access()).isEqualTo(Access.PRIVATE);
        assertThat(changes.columns()).extracting(c -> c.name() + (c.autoInc() ? " auto_inc" : "")).containsExactly(
                "id auto_inc", "accountIdentity", "counterpartyIdentity", "direction", "amountCents", "createdAt");
        assertThat(changes.primaryKey().orElseThrow().name()).isEqualTo("id");
        assertThat(changes.indexes()).extracting(ix -> ix.name() + " " + ix.type() + (ix.unique() ? " unique" : ""))
                .containsExactly("account_change_id_idx_btree BTREE unique",
                        "account_change_accountIdentity_idx_btree BTREE");
        assertThat(host.guarded().schema().tables()).extracting(TableSchema::name)
                .containsExactlyInAnyOrder("directory", "account", "account_change");
    }

    @Test
    void theAccountsArePrivateAndEachClientReadsOnlyItsOwnThroughTheViews(TestHost<MoneyExchange> host) {
        host.call(ada, "set_name", "Ada");
        host.call(bob, "set_name", "Bob");
        host.call(ada, "transfer", bob.sender(), 1234L);
        for (String table : List.of("account", "account_change")) {
            TableRule rule = host.guarded().tableRule(table).orElseThrow();
            assertThat(rule.isPublic()).as(table).isFalse();
            assertThat(rule.describe()).isEqualTo("private");
        }
        TableRule accounts = host.guarded().tableRule("account").orElseThrow();
        TableRule changes = host.guarded().tableRule("account_change").orElseThrow();
        // not even its owner gets a row of a private table from a subscription or a query
        assertThat(host.rows(Account.class)).hasSize(2).noneMatch(accounts.rowsFor(ada, host.module()));
        assertThat(host.rows(AccountChange.class)).hasSize(2).noneMatch(changes.rowsFor(ada, host.module()));
        assertThat(host.guarded().tableRule("directory").orElseThrow().showsEveryRow()).isTrue();

        assertThat(host.view(ada, "my_account")).containsExactly(new Account(ada.sender(), 10_000 - 1234));
        assertThat(host.view(bob, "my_account")).containsExactly(new Account(bob.sender(), 10_000 + 1234));
        assertThat(host.view(ada, "my_account_changes")).singleElement()
                .satisfies(c -> assertThat(((AccountChange) c).direction()).isEqualTo(ChangeDirection.DEBIT));
        assertThat(host.view(bob, "my_account_changes")).singleElement()
                .satisfies(c -> assertThat(((AccountChange) c).direction()).isEqualTo(ChangeDirection.CREDIT));
    }

    @Test
    void aClientThatNeverConnectedHasNoAccount(TestHost<MoneyExchange> host, TestCallers callers) {
        CallerContext stranger = callers.user("stranger");
        assertThat(host.view(stranger, "my_account")).isEmpty();
        assertThat(host.view(stranger, "my_account_changes")).isEmpty();
        fails(() -> host.call(stranger, "set_name", "Stranger"), IllegalStateException.class,
                "Account is not ready yet");
    }

    @Test
    void theFirstConnectOpensAnAccountWithAHundredDollarsAndLaterOnesKeepIt(TestHost<MoneyExchange> host) {
        assertThat(host.rows(Account.class)).containsExactlyInAnyOrder(new Account(ada.sender(), 10_000),
                new Account(bob.sender(), 10_000));
        host.call(ada, "set_name", "Ada");
        host.call(bob, "set_name", "Bob");
        host.call(ada, "transfer", bob.sender(), 500L);
        host.disconnect(ada);
        host.connect(ada);
        assertThat(balance(host, ada)).isEqualTo(9_500);
        assertThat(host.rows(Account.class)).hasSize(2);
    }

    @Test
    void namesAreTrimmedBetweenOneAndTwentyCharactersAndUniqueButForCase(TestHost<MoneyExchange> host) {
        fails(() -> host.call(ada, "set_name", ""), IllegalArgumentException.class,
                "Names must be between 1 and 20 characters");
        fails(() -> host.call(ada, "set_name", " \t\u00A0\u2003 "), IllegalArgumentException.class,
                "Names must be between 1 and 20 characters");
        fails(() -> host.call(ada, "set_name", "x".repeat(21)), IllegalArgumentException.class,
                "Names must be between 1 and 20 characters");
        // 20 characters once trimmed, by JavaScript's trim: U+00A0 and U+3000 go, U+001F (kept by trim) stays
        host.call(ada, "set_name", "\u00A0 " + "a".repeat(20) + "\u3000");
        assertThat(host.rows(Directory.class)).containsExactly(new Directory(ada.sender(), "a".repeat(20),
                "a".repeat(20)));
        host.call(ada, "set_name", "\u001FAda");
        assertThat(host.rows(Directory.class)).containsExactly(new Directory(ada.sender(), "\u001FAda", "\u001Fada"));

        host.call(ada, "set_name", "Ada");
        fails(() -> host.call(bob, "set_name", "ADA"), IllegalStateException.class, "That name is already in use");
        fails(() -> host.call(bob, "set_name", " ada "), IllegalStateException.class, "That name is already in use");
        // its owner may change its case: an update of the same row
        host.call(ada, "set_name", "ADA");
        assertThat(host.rows(Directory.class)).containsExactly(new Directory(ada.sender(), "ADA", "ada"));
        // a rename frees the old key
        host.call(ada, "set_name", "Adelaide");
        host.call(bob, "set_name", "Ada");
        assertThat(host.rows(Directory.class)).containsExactlyInAnyOrder(
                new Directory(ada.sender(), "Adelaide", "adelaide"), new Directory(bob.sender(), "Ada", "ada"));
    }

    @Test
    void theAccountIsCheckedBeforeTheName(TestHost<MoneyExchange> host, TestCallers callers) {
        fails(() -> host.call(callers.user("stranger"), "set_name", ""), IllegalStateException.class,
                "Account is not ready yet");
    }

    @Test
    void aTransferMovesTheMoneyAndRecordsBothSidesInOneTransaction(TestHost<MoneyExchange> host) {
        host.call(ada, "set_name", "Ada");
        host.call(bob, "set_name", "Bob");
        host.call(ada, "transfer", bob.sender(), 1234L);
        host.call(bob, "transfer", ada.sender(), 500L);
        assertThat(balance(host, ada)).isEqualTo(10_000 - 1234 + 500);
        assertThat(balance(host, bob)).isEqualTo(10_000 + 1234 - 500);
        List<AccountChange> changes = host.rows(AccountChange.class).stream()
                .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        // auto-increment from 1; the debit first, both sides stamped with the transfer's one timestamp
        assertThat(changes).extracting(c -> c.id() + " " + who(c.accountIdentity()) + " "
                + who(c.counterpartyIdentity()) + " " + c.direction() + " " + c.amountCents()).containsExactly(
                "1 ada bob DEBIT 1234", "2 bob ada CREDIT 1234", "3 bob ada DEBIT 500", "4 ada bob CREDIT 500");
        assertThat(changes.get(0).createdAt()).isEqualTo(changes.get(1).createdAt());
        assertThat(changes.get(2).createdAt()).isEqualTo(changes.get(3).createdAt());
        assertThat(host.view(ada, "my_account_changes")).extracting(c -> ((AccountChange) c).id())
                .containsExactlyInAnyOrder(1L, 4L);
    }

    private String who(Identity id) {
        return id.equals(ada.sender()) ? "ada" : id.equals(bob.sender()) ? "bob" : id.toHex();
    }

    @Test
    void aTransfersChecksComeInTheOriginalsOrderAndAFailureChangesNothing(TestHost<MoneyExchange> host,
                                                                          TestCallers callers) {
        CallerContext nameless = host.connect(callers.user("nameless"));
        Identity nobody = callers.user("nobody").sender();
        fails(() -> host.call(ada, "transfer", ada.sender(), 0L), IllegalStateException.class,
                "Choose a name before sending money");
        host.call(ada, "set_name", "Ada");
        host.call(bob, "set_name", "Bob");
        fails(() -> host.call(ada, "transfer", ada.sender(), 0L), IllegalArgumentException.class,
                "You cannot send money to yourself");
        fails(() -> host.call(ada, "transfer", nobody, 0L), IllegalArgumentException.class,
                "Amount must be greater than zero");
        fails(() -> host.call(ada, "transfer", nobody, 1L), IllegalStateException.class, "Recipient does not exist");
        fails(() -> host.call(ada, "transfer", nameless.sender(), 1L), IllegalStateException.class,
                "Recipient does not exist");
        fails(() -> host.call(ada, "transfer", bob.sender(), 10_001L), IllegalStateException.class,
                "Insufficient funds");
        assertThat(host.rows(AccountChange.class)).isEmpty();
        assertThat(host.rows(Account.class)).extracting(Account::balanceCents).containsOnly(10_000L);

        // a directory entry without an account: the original's defensive check, reachable only by writing the
        // tables directly (its reducers always open the account first)
        host.write(db -> db.table(Directory.class).insert(new Directory(nobody, "Ghost", "ghost")));
        fails(() -> host.call(ada, "transfer", nobody, 1L), IllegalStateException.class, "Account does not exist");
        assertThat(host.rows(AccountChange.class)).isEmpty();
    }

    @Test
    void balancesAreUnsigned64BitIntegers(TestHost<MoneyExchange> host) {
        host.call(ada, "set_name", "Ada");
        host.call(bob, "set_name", "Bob");
        // 2^63 cents: negative as a signed long, and more than enough to send 2^63 - 1 + 1
        setBalance(host, ada, Long.MIN_VALUE);
        host.call(ada, "transfer", bob.sender(), Long.MAX_VALUE);
        assertThat(balance(host, ada)).isEqualTo(1L);
        assertThat(Long.toUnsignedString(balance(host, bob))).isEqualTo("9223372036854785807");
        // 2^64 - 1 is the most an account holds
        setBalance(host, bob, MoneyExchange.MAX_U64 - 1);
        host.call(ada, "transfer", bob.sender(), 1L);
        assertThat(Long.toUnsignedString(balance(host, bob))).isEqualTo("18446744073709551615");
        setBalance(host, ada, 10L);
        fails(() -> host.call(ada, "transfer", bob.sender(), 1L), IllegalStateException.class,
                "Recipient balance is too large");
        // an amount above 2^63 - 1, as the TypeScript client sends a bigint, is a large amount, not a negative one
        fails(() -> host.call(ada, "transfer", bob.sender(), -2L), IllegalStateException.class, "Insufficient funds");
        assertThat(balance(host, ada)).isEqualTo(10L);
    }

    @Test
    void moneyIsNeitherCreatedNorLost(TestHost<MoneyExchange> host, TestCallers callers) {
        CallerContext cy = host.connect(callers.anonymous());
        List<CallerContext> all = List.of(ada, bob, cy);
        for (int i = 0; i < all.size(); i++) {
            host.call(all.get(i), "set_name", "client" + i);
        }
        java.util.Random random = new java.util.Random(24);
        int failed = 0;
        for (int i = 0; i < 200; i++) {
            CallerContext from = all.get(random.nextInt(3));
            CallerContext to = all.get(random.nextInt(3));
            try {
                host.call(from, "transfer", to.sender(), (long) random.nextInt(4_000));
            } catch (EntryPointFailedException e) {
                failed++;
            }
        }
        assertThat(failed).isPositive().isLessThan(200);
        assertThat(host.rows(Account.class).stream().mapToLong(Account::balanceCents).sum()).isEqualTo(30_000);
        // every change has its other side
        long debits = host.rows(AccountChange.class).stream().filter(c -> c.direction() == ChangeDirection.DEBIT)
                .mapToLong(AccountChange::amountCents).sum();
        long credits = host.rows(AccountChange.class).stream().filter(c -> c.direction() == ChangeDirection.CREDIT)
                .mapToLong(AccountChange::amountCents).sum();
        assertThat(debits).isEqualTo(credits).isPositive();
    }

    @Test
    void theUniqueNameKeyHoldsWithoutTheReducersCheckAndItsViolationRollsBackTheWholeTransaction(
            TestHost<MoneyExchange> host) {
        host.call(ada, "set_name", "Ada");
        assertThatThrownBy(() -> host.write(db -> {
            db.table(Account.class).unique(Account::identity).update(new Account(bob.sender(), 1));
            return db.table(Directory.class).insert(new Directory(bob.sender(), "ADA", "ada"));
        })).isInstanceOfSatisfying(DatabaseException.class, e -> {
            assertThat(e.reason()).isEqualTo(DatabaseException.Reason.UNIQUE_VIOLATION);
            assertThat(e.table()).isEqualTo("directory");
        });
        assertThat(balance(host, bob)).isEqualTo(10_000);
        assertThat(host.rows(Directory.class)).containsExactly(new Directory(ada.sender(), "Ada", "ada"));
        // the primary key too: one directory entry per client
        assertThatThrownBy(() -> host.write(db -> db.table(Directory.class).insert(
                new Directory(ada.sender(), "Other", "other")))).isInstanceOfSatisfying(DatabaseException.class,
                        e -> assertThat(e.reason()).isEqualTo(DatabaseException.Reason.UNIQUE_VIOLATION));
    }

    @Test
    void theRowsHaveTheLayoutOfTheTemplatesBindings() {
        // directory_table.ts: identity, name: string, nameKey: string (u32 length, UTF-8)
        assertThat(RowBytes.of(new Directory(ada.sender(), "Ada", "ada"))).isEqualTo(RowBytes.identity(ada.sender())
                + "03000000" + "416461" + "03000000" + "616461");
        // my_account_table.ts: identity, balanceCents: u64
        assertThat(RowBytes.of(new Account(ada.sender(), -2L))).isEqualTo(RowBytes.identity(ada.sender())
                + "feffffffffffffff");
        // my_account_changes_table.ts: id: u64, accountIdentity, counterpartyIdentity,
        // direction: ChangeDirection { Credit, Debit } (a u8 tag), amountCents: u64, createdAt: timestamp (i64 us)
        assertThat(RowBytes.of(new AccountChange(5, ada.sender(), bob.sender(), ChangeDirection.DEBIT, 1234,
                Instant.ofEpochSecond(1, 2_000)))).isEqualTo("0500000000000000" + RowBytes.identity(ada.sender())
                + RowBytes.identity(bob.sender()) + "01" + "d204000000000000" + "42420f0000000000");
        assertThat(RowBytes.of(new AccountChange(6, bob.sender(), ada.sender(), ChangeDirection.CREDIT, 1234,
                Instant.ofEpochSecond(1, 2_000)))).contains(RowBytes.identity(ada.sender()) + "00" + "d204");
    }

    @Test
    void everyConnectedClientMayCallTheReducersAndReadTheViews(TestHost<MoneyExchange> host, TestCallers callers) {
        AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point        | user         | service      | anonymous    |",
                "| ---                | ---          | ---          | ---          |",
                "| set_name(\"Ada\")    | allow        | allow        | allow        |",
                "| transfer           | allow        | allow        | allow        |",
                "| my_account         | allow        | allow        | allow        |",
                "| my_account_changes | allow        | allow        | allow        |",
                "| onConnect          | not callable | not callable | not callable |"))
                .verify(host, Map.of("user", callers.user("alice"), "service", callers.service("bot"),
                        "anonymous", callers.anonymous()));
    }
}
