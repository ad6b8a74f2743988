package dev.warden.policy.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller has at least one of these roles (or a role above one of them in the role hierarchy); all of
 * them: {@link RequiresAllRoles}. Jakarta's {@code @RolesAllowed} means the same.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface RequiresAnyRole {
    /** @return the accepted roles; at least one, none empty */
    String[] value();
}
