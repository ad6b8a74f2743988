package dev.warden.storage;

import java.lang.reflect.Type;

/**
 * SPI: how column values become bytes in the store (the host supplies BSATN). Storage keeps each column's value
 * separately, so a table can gain a column without rewriting how the others are read. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface RowFormat {

    /**
     * @param type a column's Java type, as its record component declares it (generic: {@code Optional<String>})
     * @return its codec, asked once per column when the store opens
     * @throws IllegalArgumentException if values of that type cannot be stored (the store refuses to open,
     *     naming the table and column)
     */
    ColumnCodec codecFor(Type type);

    /** Encodes and decodes the values of one column type. Thread-safe. */
    interface ColumnCodec {
        /**
         * @param value a value of the type
         * @return its bytes
         */
        byte[] encode(Object value);

        /**
         * @param bytes what {@link #encode} made
         * @return the value
         * @throws RuntimeException if the bytes are not a value of the type (the store reports it as corrupt)
         */
        Object decode(byte[] bytes);

        /**
         * @return the structure of the values this codec stores (field and variant names and orders included): the
         *     store records it and refuses to open on a change that would make stored values change meaning
         */
        StoredType structure();
    }
}
