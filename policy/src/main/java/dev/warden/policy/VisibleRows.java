package dev.warden.policy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Filters a view's rows through a row policy registered with {@code PolicyEngine.Builder.rowPolicy}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface VisibleRows {
    /** @return the registered row policy name */
    String value();
}
