package dev.warden.policy.annotation;

import dev.warden.claims.CallerKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller is of one of these kinds: {@code @RequiresKind(CallerKind.SERVICE)} for an entry point only
 * machine-to-machine clients may call, {@code @RequiresKind(CallerKind.USER)} for one only people may.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface RequiresKind {
    /** @return the accepted kinds; at least one */
    CallerKind[] value();
}
