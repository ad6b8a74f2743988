package dev.warden.db;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * One column of a table: a record component.
 *
 * @param name the component's name
 * @param position its position in the record, from 0
 * @param type its Java type
 * @param autoInc whether it is {@link AutoInc}
 */
public record ColumnSchema(String name, int position, Type type, boolean autoInc) {

    /**
     * @param name the component's name
     * @param position its position
     * @param type its type
     * @param autoInc whether it is auto-increment
     */
    public ColumnSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
