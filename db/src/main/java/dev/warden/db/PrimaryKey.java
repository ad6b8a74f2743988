package dev.warden.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The table's primary key: unique, at most one per table. Rows are updated by it ({@link UniqueIndex#update}), and
 * clients see a change of a row with the same key as an update. Its index is a btree (ranges too), or a hash
 * with {@code @Indexed(IndexType.HASH)} beside it (equality only, in constant time), as SpacetimeDB's
 * {@code primaryKey().index('hash')}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PrimaryKey {}
