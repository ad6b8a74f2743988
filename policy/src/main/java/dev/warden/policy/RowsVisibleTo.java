package dev.warden.policy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Filters a view's rows to those whose identity-valued accessor or field equals the caller's sender.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface RowsVisibleTo {
    /** @return the row's {@code Identity} accessor ({@code author()} or {@code getAuthor()}) or field name */
    String value();
}
