package dev.warden.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An index over this one column ({@code @Indexed} is a btree; {@code @Indexed(IndexType.HASH)} a hash index). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Indexed {
    /** @return how the index is kept */
    IndexType value() default IndexType.BTREE;
}
