package dev.warden.policy.annotation;

import dev.warden.claims.CallerKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may connect to the module at all, checked before {@link OnConnect}; a denial's reason goes back to
 * the client. Without this annotation USER, SERVICE and ANONYMOUS callers from any trusted issuer may
 * connect (each entry point still has its own rule).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConnectionRule {
    /** @return the kinds of caller that may connect (INTERNAL never connects) */
    CallerKind[] kinds() default {CallerKind.USER, CallerKind.SERVICE, CallerKind.ANONYMOUS};

    /** @return accepted issuers; empty means every issuer the validator trusts */
    String[] issuers() default {};

    /** @return audiences of which the token must name one; empty means no further check */
    String[] audiences() default {};
}
