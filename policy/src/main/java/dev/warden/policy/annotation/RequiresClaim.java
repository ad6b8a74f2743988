package dev.warden.policy.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller's token has a claim at {@link #name()} (a claim path such as {@code tenant_id} or
 * {@code org.id}) whose string value, or one of whose array elements, is one of {@link #values()}.
 * Repeatable; several are ANDed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Repeatable(RequiresClaim.List.class)
public @interface RequiresClaim {
    /** @return the claim path */
    String name();

    /** @return the accepted values; at least one */
    String[] values();

    /** Holds repeated {@link RequiresClaim}s. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @interface List {
        /** @return the claims */
        RequiresClaim[] value();
    }
}
