package dev.warden.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a module class: its tables' row types declared elsewhere than inside the module class (row records nested in
 * the module class and annotated {@link Table} are found without it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Tables {
    /** @return the row records, each annotated {@link Table} */
    Class<? extends Record>[] value();
}
