package dev.warden.policy.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Filters a view's rows for each caller. Set exactly one of the two attributes:
 *
 * <ul>
 *   <li>{@link #owner()}: a row is shown only if its {@code Identity}-typed accessor or field of that name
 *       equals the caller's sender ({@code @VisibleRows(owner = "recipient")});</li>
 *   <li>{@link #policy()}: a row is shown only if the {@code RowPolicy} registered under that name with
 *       {@code PolicyEngine.Builder.rowPolicy} allows it ({@code @VisibleRows(policy = "sameGuild")}).</li>
 * </ul>
 *
 * Setting both or neither fails at compile time of the module ({@code PolicyCompilationException}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface VisibleRows {
    /** @return the row's {@code Identity} accessor ({@code author()} or {@code getAuthor()}) or field name */
    String owner() default "";

    /** @return the name of a registered row policy */
    String policy() default "";
}
