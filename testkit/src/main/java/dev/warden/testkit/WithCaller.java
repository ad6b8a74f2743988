package dev.warden.testkit;

import dev.warden.claims.CallerKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller injected as a {@code CallerContext} parameter in a {@link WardenTest}. It is built from a real
 * token, signed by the mock issuer and verified by the real validator; never by hand.
 *
 * <p>On a class it applies to every test method; on a method it replaces the class's entirely (attributes
 * are never merged). ANONYMOUS callers get a local-issuer token; INTERNAL callers are the module itself;
 * neither may carry roles, scopes or claims (that is an error, not silently ignored).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WithCaller {

    /** @return the {@code sub} (for SERVICE callers, the client id) */
    String subject() default "alice";

    /**
     * @return roles, written where the test's claims mapping reads them (a {@code roles} claim by default; see
     *     {@link WardenClaims})
     */
    String[] roles() default {};

    /** @return scopes, in the {@code scope} claim */
    String[] scopes() default {};

    /** @return more claims as {@code name=value}; a value that parses as JSON is used as JSON, else as text */
    String[] claims() default {};

    /** @return the kind of caller */
    CallerKind kind() default CallerKind.USER;
}
