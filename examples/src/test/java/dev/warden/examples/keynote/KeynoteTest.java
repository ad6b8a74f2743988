package dev.warden.examples.keynote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.db.Access;
import dev.warden.db.TableSchema;
import dev.warden.examples.keynote.Keynote.Account;
import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.ReducerContext;
import dev.warden.testkit.AuthorizationMatrix;
import dev.warden.testkit.TestCallers;
import dev.warden.testkit.TestHost;
import dev.warden.testkit.WardenTest;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keynote benchmark's module behaves as SpacetimeDB's {@code keynote-2}: {@code seed} resets the accounts,
 * {@code transfer} refuses with the original's errors in its order, and the total balance never changes, which
 * is what the benchmark's {@code verify()} checks after a run.
 */
@WardenTest(module = Keynote.class)
class KeynoteTest {

    CallerContext client;

    @BeforeEach
    void connect(TestHost<Keynote> host, TestCallers callers) {
        client = host.connect(callers.anonymous());
    }

    static void fails(ThrowingCallable call, Class<? extends RuntimeException> type, String message) {
        assertThatThrownBy(call).isInstanceOf(EntryPointFailedException.class).cause().isExactlyInstanceOf(type)
                .hasMessage(message);
    }

    static long balance(TestHost<Keynote> host, int id) {
        return host.read(db -> db.table(Account.class).unique(Account::id).find(id).orElseThrow().balance());
    }

    @Test
    void theTableIsTheOriginals(TestHost<Keynote> host) {
        TableSchema accounts = host.guarded().schema().table("accounts").orElseThrow();
        assertThat(host.guarded().schema().tables()).containsExactly(accounts);
        assertThat(accounts.access()).isEqualTo(Access.PUBLIC);
        assertThat(accounts.columns()).extracting(c -> c.name()).containsExactly("id", "balance");
        assertThat(accounts.primaryKey().orElseThrow().name()).isEqualTo("id");
        // t.u32().primaryKey().index('hash'): one unique hash index, as SpacetimeDB names it
        assertThat(accounts.indexes()).extracting(ix -> ix.name() + " " + ix.type() + (ix.unique() ? " unique" : ""))
                .containsExactly("accounts_id_idx_hash HASH unique");
        assertThat(host.guarded().tableRule("accounts").orElseThrow().showsEveryRow()).isTrue();
    }

    @Test
    void seedDeletesEveryAccountThenOpensNFromZero(TestHost<Keynote> host) {
        host.call(client, "seed", 3, 100L);
        assertThat(host.rows(Account.class)).containsExactlyInAnyOrder(new Account(0, 100), new Account(1, 100),
                new Account(2, 100));
        host.call(client, "transfer", 0, 2, 30L);
        host.call(client, "seed", 2, 50L);
        assertThat(host.rows(Account.class)).containsExactlyInAnyOrder(new Account(0, 50), new Account(1, 50));
        host.call(client, "seed", 0, 50L);
        assertThat(host.rows(Account.class)).isEmpty();
    }

    @Test
    void transferRefusesWithTheOriginalsErrorsInItsOrderAndChangesNothing(TestHost<Keynote> host) {
        host.call(client, "seed", 2, 100L);
        fails(() -> host.call(client, "transfer", 1, 1, -5L), IllegalArgumentException.class, "same_account");
        fails(() -> host.call(client, "transfer", 7, 1, 0L), IllegalArgumentException.class, "non_positive_amount");
        fails(() -> host.call(client, "transfer", 7, 1, -1L), IllegalArgumentException.class, "non_positive_amount");
        fails(() -> host.call(client, "transfer", 7, 1, 5L), IllegalStateException.class, "account_missing");
        fails(() -> host.call(client, "transfer", 1, 7, 5L), IllegalStateException.class, "account_missing");
        fails(() -> host.call(client, "transfer", 0, 1, 101L), IllegalStateException.class, "insufficient_funds");
        assertThat(host.rows(Account.class)).containsExactlyInAnyOrder(new Account(0, 100), new Account(1, 100));
        host.call(client, "transfer", 0, 1, 100L);
        assertThat(host.rows(Account.class)).containsExactlyInAnyOrder(new Account(0, 0), new Account(1, 200));
    }

    @Test
    void theTotalBalanceIsConservedAsTheBenchmarksVerifyChecks(TestHost<Keynote> host) {
        int n = 50;
        long initial = 1_000;
        host.call(client, "seed", n, initial);
        // the benchmark's reducer_single: random pairs, skipping from == to and non-positive amounts
        Random random = new Random(2026);
        int refused = 0;
        for (int i = 0; i < 1_000; i++) {
            int from = random.nextInt(n);
            int to = random.nextInt(n);
            long amount = random.nextInt(600);
            if (from == to || amount <= 0) {
                continue;
            }
            try {
                host.call(client, "transfer", from, to, amount);
            } catch (EntryPointFailedException e) {
                assertThat(e).cause().hasMessage("insufficient_funds");
                refused++;
            }
        }
        List<Account> rows = host.rows(Account.class);
        assertThat(rows).hasSize(n);
        assertThat(rows.stream().mapToLong(Account::balance).sum()).isEqualTo(initial * n);
        assertThat(rows).anyMatch(a -> a.balance() != initial);
        assertThat(rows).allMatch(a -> a.balance() >= 0);
        assertThat(refused).isPositive();
    }

    @Test
    void u32IdsAboveTwoToTheThirtyOneTravelAsTheTypeScriptClientWritesThem(TestHost<Keynote> host)
            throws ReflectiveOperationException {
        int big = (int) 3_000_000_000L;
        host.write(db -> {
            db.table(Account.class).insert(new Account(big, 10));
            return db.table(Account.class).insert(new Account(1, 10));
        });
        // transfer({from: 3000000000, to: 1, amount: 4n}): the SDK's BinaryWriter writes u32, u32, i64,
        // little-endian; decoded here with the codecs the host derives from the reducer's parameters
        byte[] sent = HexFormat.of().parseHex("005ed0b2" + "01000000" + "0400000000000000");
        Method transfer = Keynote.class.getMethod("transfer", ReducerContext.class, int.class, int.class, long.class);
        Object[] args = decode(transfer, sent);
        assertThat(Integer.toUnsignedLong((Integer) args[0])).isEqualTo(3_000_000_000L);
        host.call(client, "transfer", args);
        assertThat(balance(host, big)).isEqualTo(6);
        assertThat(balance(host, 1)).isEqualTo(14);
        // and a row goes back with the same four bytes: { id: 3000000000, balance: 6n } for the client
        BsatnWriter out = new BsatnWriter();
        Bsatn.codecFor(Account.class).write(out, new Account(big, 6));
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo("005ed0b2" + "0600000000000000");
        // seed({n: 2, initialBalance: 7n})
        Object[] seed = decode(Keynote.class.getMethod("seed", ReducerContext.class, int.class, long.class),
                HexFormat.of().parseHex("02000000" + "0700000000000000"));
        host.call(client, "seed", seed);
        assertThat(host.rows(Account.class)).containsExactlyInAnyOrder(new Account(0, 7), new Account(1, 7));
    }

    /** The BSATN product of a reducer's client parameters, decoded as the host does. */
    private static Object[] decode(Method reducer, byte[] bsatn) {
        BsatnReader in = new BsatnReader(bsatn);
        List<Object> args = new ArrayList<>();
        for (Type t : reducer.getGenericParameterTypes()) {
            if (t != ReducerContext.class) {
                BsatnCodec<?> codec = Bsatn.codecFor(t);
                args.add(codec.read(in));
            }
        }
        in.requireEnd();
        return args.toArray();
    }

    @Test
    void anyClientMaySeedAndTransferAsInTheBenchmark(TestHost<Keynote> host, TestCallers callers) {
        AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point | user  | service | anonymous |",
                "| ---         | ---   | ---     | ---       |",
                "| seed        | allow | allow   | allow     |",
                "| transfer    | allow | allow   | allow     |"))
                .verify(host, Map.of("user", callers.user("alice"), "service", callers.service("bench"),
                        "anonymous", callers.anonymous()));
    }
}
