package dev.warden.policy.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A view: a read-only entry point computed per caller; its rows can be filtered by
 * {@link VisibleRows}. Needs an access rule.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface View {
    /** @return the entry point name clients use; the method name when empty */
    String value() default "";
}
