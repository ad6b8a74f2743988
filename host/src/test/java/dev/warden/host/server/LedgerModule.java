package dev.warden.host.server;

import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.db.Unique;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import java.util.List;
import java.util.Optional;

/**
 * The module of {@code TypeScriptGeneratorTest} (here because the tests open this package to Warden's policy): a
 * camelCase unique column, an enum column, a private table and a reducer with a list parameter.
 */
public class LedgerModule {

    /** How money moved. */
    public enum Direction { CREDIT, DEBIT }

    /**
     * @param id key
     * @param nameKey a unique camelCase column
     * @param direction an enum
     * @param memo optional text
     */
    @Table(name = "account_change", access = Access.PUBLIC)
    public record AccountChange(@PrimaryKey @AutoInc @Indexed long id, @Unique @Indexed String nameKey,
                                Direction direction, Optional<String> memo) {}

    /** @param owner key */
    @Table(name = "secret", access = Access.PRIVATE)
    public record Secret(@PrimaryKey Identity owner) {}

    /**
     * @param ctx the call
     * @param newName a name
     * @param tags tags
     */
    @Reducer("set_name")
    @Public
    public void setName(ReducerContext ctx, String newName, List<String> tags) {}
}
