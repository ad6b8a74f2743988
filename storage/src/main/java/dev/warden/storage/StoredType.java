package dev.warden.storage;

import java.util.List;
import java.util.Objects;

/**
 * The structure of a column's stored values, as its {@link RowFormat} encodes them: which scalar, which fields of a
 * record and in which order, which variants of an enum or sealed interface and in which order. The store records
 * it with the table and, when it opens, refuses a change that would make stored values change meaning (an enum's
 * constants reordered, removed or renamed; a nested record's field retyped or moved), naming the table and column.
 * Appending a variant is allowed: the stored ones keep their tags. Immutable.
 */
public sealed interface StoredType {

    /**
     * A scalar: its encoding's name ({@code i64}, {@code string}, {@code identity}, ...); two columns with the same
     * name are encoded alike.
     *
     * @param name the scalar's name: letters, digits, {@code _} and {@code .} only
     */
    record Scalar(String name) implements StoredType {
        /** @param name the name */
        public Scalar {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9_.]+")) {
                throw new IllegalArgumentException("a scalar's name is letters, digits, _ and . only: " + name);
            }
        }
    }

    /**
     * A sequence of values of one type.
     *
     * @param element their type
     */
    record Array(StoredType element) implements StoredType {
        /** @param element their type */
        public Array {
            Objects.requireNonNull(element, "element");
        }
    }

    /**
     * A record: its fields in encoding order.
     *
     * @param fields its fields
     */
    record Product(List<Member> fields) implements StoredType {
        /** @param fields its fields */
        public Product {
            fields = List.copyOf(fields);
        }
    }

    /**
     * A tagged union (an enum, a sealed interface, an {@code Optional}): its variants in tag order (an enum's
     * constants in declaration order, each with an empty {@link Product} payload).
     *
     * @param variants its variants
     */
    record Sum(List<Member> variants) implements StoredType {
        /** @param variants its variants */
        public Sum {
            variants = List.copyOf(variants);
        }
    }

    /**
     * A recursive type's reference to a {@link Product} or {@link Sum} that encloses it.
     *
     * @param depth how many enclosing products and sums up: 0 is the innermost
     */
    record Recursive(int depth) implements StoredType {
        /** @param depth how far up */
        public Recursive {
            if (depth < 0) {
                throw new IllegalArgumentException("depth must not be negative: " + depth);
            }
        }
    }

    /**
     * A field of a {@link Product} or a variant of a {@link Sum}.
     *
     * @param name its name (a record component's name, an enum constant's, a variant record's simple name): no
     *     whitespace and none of {@code {}[]<>:,|^}
     * @param type its values' type
     */
    record Member(String name, StoredType type) {
        /**
         * @param name its name
         * @param type its type
         */
        public Member {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            if (name.isEmpty() || name.chars().anyMatch(ch -> Character.isWhitespace(ch) || "{}[]<>:,|^".indexOf(ch) >= 0)) {
                throw new IllegalArgumentException("a member's name has no whitespace and none of {}[]<>:,|^: '"
                        + name + "'");
            }
        }
    }
}
