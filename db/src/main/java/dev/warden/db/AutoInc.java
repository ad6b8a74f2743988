package dev.warden.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An auto-increment column of an integral type ({@code byte}, {@code short}, {@code int}, {@code long} or their
 * boxes): a row inserted with 0 there gets the column's next value (1, 2, ...), as SpacetimeDB's sequences give;
 * a row inserted with another value keeps it. Values taken by a transaction that rolls back are not reused.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface AutoInc {}
