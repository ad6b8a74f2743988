package dev.warden.examples.bank;

import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.db.Tables;
import dev.warden.db.Unique;
import dev.warden.db.UniqueIndex;
import dev.warden.host.Unsigned;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.ViewContext;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.View;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SpacetimeDB's private-account money exchange, the server module of its {@code templates/money-exchange-react-ts}
 * template ({@code spacetimedb/src/index.ts}), ported table for table: a public {@code directory} of names, each
 * client's {@code account} in a private table, and every transfer written twice to the private
 * {@code account_change} (a debit for the sender, a credit for the recipient). Clients read their own account and
 * changes through the views {@code my_account} and {@code my_account_changes}, never the private tables. The
 * reducers have the original's names, arguments, checks in the same order and error texts.
 *
 * <p><b>Types.</b> SpacetimeDB's {@code u64} is a Java {@code long} holding the same 64 bits ({@link Unsigned}
 * says so): every comparison and the overflow check use {@link Long#compareUnsigned}, so a balance above
 * 2<sup>63</sup>-1 cents is a large balance, not a negative one, exactly as the original's {@code bigint}s.
 *
 * <p><b>Access.</b> As in the original, any connected client (a user, a service, or an anonymous identity the
 * host minted) gets an account with {@value #STARTING_BALANCE_CENTS} cents when it first connects and may call
 * both reducers and read both views: the reducers only ever move the caller's own money, and the views show only
 * the caller's own rows. Everything else is the tables' access: {@code account} and {@code account_change} are
 * {@link Access#PRIVATE}, so no subscription or query ever sends their rows to a client.
 *
 * <p><b>Differences.</b> {@code my_account} returns {@code account.rowType.optional()} in the original; a Warden
 * host serves a view to subscriptions when it returns a {@code List} of rows, so this one returns a list of zero
 * or one row, which is what a SpacetimeDB client receives for an optional view (a table of zero or one row).
 * Column names are the record components' ({@code nameKey}), where SpacetimeDB 2 names the column
 * {@code name_key}: rows travel by position, so the template's bindings read them unchanged, but an SQL filter on
 * the column must use Warden's name. Primary keys and unique columns carry {@code @Indexed} so that their
 * indexes are btrees, as SpacetimeDB keeps them (Warden's default is a hash index).
 */
// the original's table order (schema({ directory, account, accountChange })), which its RawModuleDef keeps
@Tables({MoneyExchange.Directory.class, MoneyExchange.Account.class, MoneyExchange.AccountChange.class})
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE, CallerKind.ANONYMOUS})
public class MoneyExchange {

    /** What a new account holds: $100.00. */
    public static final long STARTING_BALANCE_CENTS = 10_000L;
    /** The longest name, in UTF-16 code units (JavaScript's {@code length}). */
    public static final int MAX_NAME_LENGTH = 20;
    /** 2<sup>64</sup>-1, the largest {@code u64}, as a {@code long}'s bits. */
    public static final long MAX_U64 = -1L;

    /**
     * A client's public name. {@code nameKey}, the name in lower case, is unique: no two clients have names that
     * differ only in case.
     *
     * @param identity the client, the primary key
     * @param name the name as the client wrote it, trimmed
     * @param nameKey the name in lower case
     */
    @Table(name = "directory", access = Access.PUBLIC)
    public record Directory(@PrimaryKey @Indexed Identity identity, String name, @Unique @Indexed String nameKey) {}

    /**
     * A client's account, private.
     *
     * @param identity the client, the primary key
     * @param balanceCents its balance, a {@code u64}
     */
    @Table(name = "account", access = Access.PRIVATE)
    public record Account(@PrimaryKey @Indexed Identity identity, @Unsigned long balanceCents) {}

    /**
     * Which way money moved, the original's {@code ChangeDirection} sum of unit variants; the constants are in
     * its order, since the order is the tag on the wire.
     */
    public enum ChangeDirection {
        /** Money came in: tag 0, {@code { tag: 'Credit' }}. */
        CREDIT,
        /** Money went out: tag 1, {@code { tag: 'Debit' }}. */
        DEBIT
    }

    /**
     * One side of a transfer, private.
     *
     * @param id auto-increment primary key (insert 0 to have the next one)
     * @param accountIdentity whose account changed, btree-indexed
     * @param counterpartyIdentity the other side
     * @param direction credit or debit
     * @param amountCents how much, a {@code u64}
     * @param createdAt the transfer's transaction timestamp
     */
    @Table(name = "account_change", access = Access.PRIVATE)
    public record AccountChange(@PrimaryKey @AutoInc @Indexed @Unsigned long id, @Indexed Identity accountIdentity,
                                Identity counterpartyIdentity, ChangeDirection direction,
                                @Unsigned long amountCents, Instant createdAt) {}

    /**
     * A client connected: its account is opened with {@value #STARTING_BALANCE_CENTS} cents the first time, and
     * left as it is after that.
     *
     * @param ctx the connection's call
     */
    @OnConnect
    public void onConnect(ReducerContext ctx) {
        var accounts = ctx.db().table(Account.class);
        if (accounts.unique(Account::identity).find(ctx.sender()).isEmpty()) {
            accounts.insert(new Account(ctx.sender(), STARTING_BALANCE_CENTS));
        }
    }

    /**
     * The caller's account: one row, or none before the caller ever connected.
     *
     * @param ctx the caller
     * @return the caller's account, as a list of at most one row
     */
    @View("my_account")
    @Public
    public List<Account> myAccount(ViewContext ctx) {
        return ctx.db().table(Account.class).unique(Account::identity).find(ctx.sender()).map(List::of)
                .orElse(List.of());
    }

    /**
     * The caller's account changes, through the index on {@code accountIdentity}.
     *
     * @param ctx the caller
     * @return the caller's side of every transfer it took part in
     */
    @View("my_account_changes")
    @Public
    public List<AccountChange> myAccountChanges(ViewContext ctx) {
        return ctx.db().table(AccountChange.class).index(AccountChange::accountIdentity).filter(ctx.sender());
    }

    /**
     * Chooses or changes the caller's name.
     *
     * @param ctx the call
     * @param name the name; surrounding white space (as JavaScript's {@code trim} reads it) is dropped
     * @throws IllegalStateException {@code "Account is not ready yet"} before the caller's account exists,
     *     {@code "That name is already in use"} if another client's name is the same but for case
     * @throws IllegalArgumentException {@code "Names must be between 1 and 20 characters"}
     */
    @Reducer("set_name")
    @Public
    public void setName(ReducerContext ctx, String name) {
        if (ctx.db().table(Account.class).unique(Account::identity).find(ctx.sender()).isEmpty()) {
            throw new IllegalStateException("Account is not ready yet");
        }
        String displayName = jsTrim(name);
        if (displayName.isEmpty() || displayName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("Names must be between 1 and 20 characters");
        }
        String nameKey = displayName.toLowerCase(Locale.ROOT);
        var directory = ctx.db().table(Directory.class);
        Optional<Directory> owner = directory.unique(Directory::nameKey).find(nameKey);
        if (owner.isPresent() && !owner.get().identity().equals(ctx.sender())) {
            throw new IllegalStateException("That name is already in use");
        }
        UniqueIndex<Directory, Identity> byIdentity = directory.unique(Directory::identity);
        Directory row = new Directory(ctx.sender(), displayName, nameKey);
        if (byIdentity.find(ctx.sender()).isPresent()) {
            byIdentity.update(row);
        } else {
            directory.insert(row);
        }
    }

    /**
     * Sends money from the caller's account to another client's, and records both sides.
     *
     * @param ctx the call
     * @param recipient who receives it
     * @param amountCents how much, a {@code u64}
     * @throws IllegalStateException {@code "Choose a name before sending money"}, {@code "Recipient does not
     *     exist"}, {@code "Account does not exist"}, {@code "Insufficient funds"}, {@code "Recipient balance is too
     *     large"}
     * @throws IllegalArgumentException {@code "You cannot send money to yourself"}, {@code "Amount must be greater
     *     than zero"}
     */
    @Reducer("transfer")
    @Public
    public void transfer(ReducerContext ctx, Identity recipient, @Unsigned long amountCents) {
        var directory = ctx.db().table(Directory.class).unique(Directory::identity);
        if (directory.find(ctx.sender()).isEmpty()) {
            throw new IllegalStateException("Choose a name before sending money");
        }
        if (recipient.equals(ctx.sender())) {
            throw new IllegalArgumentException("You cannot send money to yourself");
        }
        if (amountCents == 0) {
            throw new IllegalArgumentException("Amount must be greater than zero");
        }
        if (directory.find(recipient).isEmpty()) {
            throw new IllegalStateException("Recipient does not exist");
        }
        var accounts = ctx.db().table(Account.class).unique(Account::identity);
        Optional<Account> from = accounts.find(ctx.sender());
        Optional<Account> to = accounts.find(recipient);
        if (from.isEmpty() || to.isEmpty()) {
            throw new IllegalStateException("Account does not exist");
        }
        if (Long.compareUnsigned(from.get().balanceCents(), amountCents) < 0) {
            throw new IllegalStateException("Insufficient funds");
        }
        if (Long.compareUnsigned(to.get().balanceCents(), MAX_U64 - amountCents) > 0) {
            throw new IllegalStateException("Recipient balance is too large");
        }
        accounts.update(new Account(ctx.sender(), from.get().balanceCents() - amountCents));
        accounts.update(new Account(recipient, to.get().balanceCents() + amountCents));
        var changes = ctx.db().table(AccountChange.class);
        changes.insert(new AccountChange(0, ctx.sender(), recipient, ChangeDirection.DEBIT, amountCents,
                ctx.timestamp()));
        changes.insert(new AccountChange(0, recipient, ctx.sender(), ChangeDirection.CREDIT, amountCents,
                ctx.timestamp()));
    }

    /**
     * JavaScript's {@code String.prototype.trim}: drops leading and trailing white space and line terminators
     * (tab, vertical tab, form feed, every space separator such as U+00A0, U+FEFF, and LF, CR, U+2028, U+2029).
     * Java's {@code strip} differs: it keeps U+00A0 and drops U+001C..U+001F.
     */
    static String jsTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && jsWhiteSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && jsWhiteSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean jsWhiteSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', '\u2028', '\u2029', '\uFEFF' -> true;
            default -> Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }
}
