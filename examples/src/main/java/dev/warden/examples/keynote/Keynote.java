package dev.warden.examples.keynote;

import dev.warden.claims.CallerKind;
import dev.warden.db.Access;
import dev.warden.db.IndexType;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.db.TableHandle;
import dev.warden.host.Unsigned;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import java.util.Optional;

/**
 * The module of SpacetimeDB's keynote benchmark ({@code templates/keynote-2/spacetimedb/src/index.ts}, with a Rust
 * twin in {@code rust_module}): one public table of accounts, {@code seed} to reset it and {@code transfer} to move
 * money between two accounts, with the original's error texts ({@code same_account}, {@code non_positive_amount},
 * {@code account_missing}, {@code insufficient_funds}) checked in the original's order.
 *
 * <p><b>Types.</b> The ids and {@code seed}'s count are SpacetimeDB {@code u32}s: a Java {@code int} has the same
 * four little-endian bytes, so an id the TypeScript client sends as 3000000000 arrives as the {@code int} whose
 * unsigned value is 3000000000 ({@link Unsigned} records the intent; {@link Integer#toUnsignedLong} reads it).
 * Balances and amounts are {@code i64}, a {@code long}. As in the originals (the TypeScript module writes an i64
 * with {@code setBigInt64}, the Rust one is built in release mode), {@code balance + amount} is not checked for
 * overflow; transfers conserve the total, so no balance exceeds the total {@code seed} handed out, and that total
 * is what would have to overflow.
 *
 * <p><b>Access.</b> The benchmark calls both reducers from any client, without authorization, and so does this
 * port ({@link Public}). That includes {@code seed}, which deletes every account: the benchmark seeds through
 * {@code spacetime call} as the database owner, and a deployment that is not a benchmark would put
 * {@code @OwnerOnly} on it.
 */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE, CallerKind.ANONYMOUS})
public class Keynote {

    /**
     * An account. {@code id} is {@code t.u32().primaryKey().index('hash')}: one unique hash index,
     * {@code accounts_id_idx_hash}.
     *
     * @param id the account's number, a {@code u32}
     * @param balance its balance, an {@code i64}
     */
    @Table(name = "accounts", access = Access.PUBLIC)
    public record Account(@PrimaryKey @Indexed(IndexType.HASH) @Unsigned int id, long balance) {}

    /**
     * Deletes every account, then opens accounts {@code 0 .. n-1}, each holding {@code initialBalance}.
     *
     * @param ctx the call
     * @param n how many accounts, a {@code u32}
     * @param initialBalance what each holds
     */
    @Reducer("seed")
    @Public
    public void seed(ReducerContext ctx, @Unsigned int n, long initialBalance) {
        TableHandle<Account> accounts = ctx.db().table(Account.class);
        for (Account row : accounts.all()) {
            accounts.delete(row);
        }
        for (long id = 0; id < Integer.toUnsignedLong(n); id++) {
            accounts.insert(new Account((int) id, initialBalance));
        }
    }

    /**
     * Moves {@code amount} from one account to another.
     *
     * @param ctx the call
     * @param from the paying account, a {@code u32}
     * @param to the receiving account, a {@code u32}
     * @param amount how much
     * @throws IllegalArgumentException {@code same_account}, {@code non_positive_amount}
     * @throws IllegalStateException {@code account_missing}, {@code insufficient_funds}
     */
    @Reducer("transfer")
    @Public
    public void transfer(ReducerContext ctx, @Unsigned int from, @Unsigned int to, long amount) {
        if (from == to) {
            throw new IllegalArgumentException("same_account");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("non_positive_amount");
        }
        var byId = ctx.db().table(Account.class).unique(Account::id);
        Optional<Account> fromRow = byId.find(from);
        Optional<Account> toRow = byId.find(to);
        if (fromRow.isEmpty() || toRow.isEmpty()) {
            throw new IllegalStateException("account_missing");
        }
        if (fromRow.get().balance() < amount) {
            throw new IllegalStateException("insufficient_funds");
        }
        byId.update(new Account(from, fromRow.get().balance() - amount));
        byId.update(new Account(to, toRow.get().balance() + amount));
    }
}
