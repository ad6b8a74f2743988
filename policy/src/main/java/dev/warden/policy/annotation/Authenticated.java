package dev.warden.policy.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller holds a token from a trusted external issuer (a USER or SERVICE caller); anonymous callers
 * only when {@link #allowAnonymous()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface Authenticated {
    /** @return whether callers with a host-minted anonymous token are accepted too */
    boolean allowAnonymous() default false;
}
