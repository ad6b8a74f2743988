package dev.warden.policy.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller has every one of these roles (each satisfied by itself or a role above it in the hierarchy);
 * any one of them: {@link RequiresAnyRole}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface RequiresAllRoles {
    /** @return the required roles; at least one, none empty */
    String[] value();
}
