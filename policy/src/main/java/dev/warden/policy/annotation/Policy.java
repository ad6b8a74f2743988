package dev.warden.policy.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A named programmatic policy registered with {@code PolicyEngine.Builder.policy}; it sees the caller and
 * the call's arguments, by position ({@code call.arg(0, Long.class)}) or by parameter name
 * ({@code call.arg("guildId", Long.class)}, which needs the module compiled with {@code -parameters}). A
 * policy registered with the names it reads ({@code policy("isOfficer", List.of("guildId"), ...)}) makes
 * compiling the module fail for any entry point under it without a parameter of each name, or without
 * parameter names at all.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface Policy {
    /** @return the registered policy name */
    String value();
}
