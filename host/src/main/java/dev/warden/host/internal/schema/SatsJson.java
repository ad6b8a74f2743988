package dev.warden.host.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes the records of {@link Sats}, {@link V9} and {@link V10} as SpacetimeDB's serde JSON
 * (crates/sats/src/ser/serde.rs, {@code SerdeWrapper}): a product is an object keyed by its Rust field names
 * (the component's name in snake_case); a sum is a one-entry object {@code {"Variant": payload}} (the record's
 * or constant's name, a trailing underscore dropped), whose payload is {@code []} for a unit variant and the one
 * field itself for a newtype variant; an {@code Option} is {@code {"some": v}} or {@code {"none": []}}; bytes are
 * a hex string.
 */
public final class SatsJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SatsJson() {}

    /**
     * @param value a record of this package
     * @return its JSON
     */
    public static JsonNode toJson(Object value) {
        return write(value);
    }

    /**
     * @param value a record of this package
     * @return its JSON, as bytes
     */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(write(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static JsonNode write(Object value) {
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Short s) {
            return NODES.numberNode(Short.toUnsignedInt(s));
        }
        if (value instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(HexFormat.of().formatHex(bytes));
        }
        if (value instanceof Optional<?> o) {
            ObjectNode n = NODES.objectNode();
            if (o.isPresent()) {
                n.set("some", write(o.get()));
            } else {
                n.set("none", NODES.arrayNode());
            }
            return n;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode();
            list.forEach(e -> a.add(write(e)));
            return a;
        }
        if (value instanceof Enum<?> e) {
            ObjectNode n = NODES.objectNode();
            n.set(e.name(), NODES.arrayNode());
            return n;
        }
        if (value instanceof Record r) {
            Class<?> type = r.getClass();
            RecordComponent[] components = type.getRecordComponents();
            boolean variant = type.getInterfaces().length == 1 && type.getInterfaces()[0].isSealed();
            if (variant) {
                JsonNode payload = components.length == 0 ? NODES.arrayNode()
                        : components.length == 1 ? write(get(r, components[0])) : product(r, components);
                ObjectNode n = NODES.objectNode();
                String name = type.getSimpleName();
                n.set(name.endsWith("_") ? name.substring(0, name.length() - 1) : name, payload);
                return n;
            }
            return product(r, components);
        }
        throw new IllegalArgumentException("no SATS JSON form for " + value.getClass().getName());
    }

    private static ObjectNode product(Record r, RecordComponent[] components) {
        ObjectNode n = NODES.objectNode();
        for (RecordComponent c : components) {
            n.set(snake(c.getName()), write(get(r, c)));
        }
        return n;
    }

    private static Object get(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }

    /** {@code productTypeRef} to {@code product_type_ref}. */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
