package dev.warden.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a record as a table's row type, as SpacetimeDB's {@code [Table]} does:
 *
 * <pre>{@code
 * @Table(name = "account", access = Access.PRIVATE,
 *        indexes = @Index(name = "account_identity", columns = "identity", type = IndexType.BTREE))
 * public record Account(@PrimaryKey @AutoInc long id, @Unique String nameKey, Identity identity, long balance) {}
 * }</pre>
 *
 * The access has no default: every table says whether clients may subscribe to it, so a forgotten decision is a
 * compile error, not a table that leaks or one that silently shows nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Table {
    /** @return the table's name, as clients see it ({@code SELECT * FROM account}) */
    String name();

    /** @return who may read it: {@link Access#PUBLIC} (subscribable, per-row rules apply) or {@link Access#PRIVATE} */
    Access access();

    /** @return indexes over one or more columns, besides those declared on components */
    Index[] indexes() default {};
}
