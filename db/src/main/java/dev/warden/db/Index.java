package dev.warden.db;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An index over one or more columns, declared in {@link Table#indexes()}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Index {
    /** @return the index's name (as in SpacetimeDB's schema) */
    String name();

    /** @return the record components it covers, in order (a multi-column btree also answers its prefixes) */
    String[] columns();

    /** @return how it is kept */
    IndexType type() default IndexType.BTREE;
}
