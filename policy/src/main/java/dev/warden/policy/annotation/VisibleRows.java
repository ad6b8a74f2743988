package dev.warden.policy.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Filters a view's rows for each caller, on the view's method; on a {@code PUBLIC} table's row record
 * ({@code dev.warden.db.Table}), filters the rows each subscriber and each query sees, as SpacetimeDB's
 * {@code client_visibility_filter} does. Use exactly one of three forms:
 *
 * <ul>
 *   <li>{@link #owner()}: a row is shown only if its {@code Identity}-typed accessor or field of that name
 *       equals the caller's sender ({@code @VisibleRows(owner = "recipient")});</li>
 *   <li>{@link #policy()}: a row is shown only if the row policy registered under that name with
 *       {@code PolicyEngine.Builder.rowPolicy} allows it ({@code @VisibleRows(policy = "sameGuild")}); a
 *       {@code ModuleRowPolicy} also sees the module instance;</li>
 *   <li>{@link #field()} with {@link #matches()}: a row is shown only if its accessor or field {@code field}
 *       equals what the module's method {@code matches} returns for the caller
 *       ({@code @VisibleRows(field = "guildId", matches = "guildOf")} with {@code Long guildOf(CallerContext)},
 *       {@code Long guildOf(Identity)} or, to read the module's tables, {@code Long guildOf(ViewContext)} on the
 *       module: members see their own guild's rows). The method may have any visibility and be static; it is
 *       called once per view call (a {@code ViewContext} one inside the call's read of the tables, so only for
 *       calls made through {@code Warden}), and a null result (or a throw) shows no rows. Values compare with {@code equals} after boxing, so a {@code long} field matches a
 *       {@code Long} result, but not an {@code Integer} one.</li>
 * </ul>
 *
 * A view that uses none or more than one form, names a field the row type lacks, a method the module lacks
 * (or has in both forms), or a method whose return type can never equal the field's fails at compile time of
 * the module ({@code PolicyCompilationException}), as does a module-aware row policy registered for another
 * module class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface VisibleRows {
    /** @return the row's {@code Identity} accessor ({@code author()} or {@code getAuthor()}) or field name */
    String owner() default "";

    /** @return the name of a registered row policy */
    String policy() default "";

    /**
     * @return the row's accessor ({@code guildId()} or {@code getGuildId()}) or field compared with
     *     {@link #matches()}
     */
    String field() default "";

    /**
     * @return the name of the module's method, taking the caller ({@code CallerContext}, {@code Identity} or
     *     {@code ViewContext}), whose result a visible row's {@link #field()} equals
     */
    String matches() default "";
}
