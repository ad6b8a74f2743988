package dev.warden.storage;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A row format for the tests (the host's is BSATN): longs, ints, booleans, strings, optional strings and enums (by
 *  ordinal, as BSATN does). */
final class TestFormat implements RowFormat {

    @Override
    public ColumnCodec codecFor(Type type) {
        if (type == long.class) {
            return codec(v -> ByteBuffer.allocate(8).putLong((Long) v).array(), b -> ByteBuffer.wrap(b).getLong(),
                    new StoredType.Scalar("i64"));
        }
        if (type == int.class) {
            return codec(v -> ByteBuffer.allocate(4).putInt((Integer) v).array(), b -> ByteBuffer.wrap(b).getInt(),
                    new StoredType.Scalar("i32"));
        }
        if (type == boolean.class) {
            return codec(v -> new byte[] {(byte) ((Boolean) v ? 1 : 0)}, b -> b[0] == 1, new StoredType.Scalar("bool"));
        }
        if (type == String.class) {
            return codec(v -> ((String) v).getBytes(StandardCharsets.UTF_8),
                    b -> new String(b, StandardCharsets.UTF_8), new StoredType.Scalar("string"));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class
                && p.getActualTypeArguments()[0] == String.class) {
            return codec(v -> ((Optional<?>) v).map(s -> ("1" + s).getBytes(StandardCharsets.UTF_8))
                    .orElse(new byte[] {'0'}), b -> b[0] == '0' ? Optional.empty()
                    : Optional.of(new String(b, 1, b.length - 1, StandardCharsets.UTF_8)),
                    new StoredType.Sum(List.of(new StoredType.Member("some", new StoredType.Scalar("string")),
                            new StoredType.Member("none", UNIT))));
        }
        if (type instanceof Class<?> c && c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            List<StoredType.Member> variants = new ArrayList<>();
            for (Object k : constants) {
                variants.add(new StoredType.Member(((Enum<?>) k).name(), UNIT));
            }
            return codec(v -> new byte[] {(byte) ((Enum<?>) v).ordinal()}, b -> constants[b[0]],
                    new StoredType.Sum(variants));
        }
        throw new IllegalArgumentException("the test format has no codec for " + type.getTypeName());
    }

    static final StoredType UNIT = new StoredType.Product(List.of());

    private static ColumnCodec codec(java.util.function.Function<Object, byte[]> enc,
                                     java.util.function.Function<byte[], Object> dec, StoredType structure) {
        return new ColumnCodec() {
            @Override
            public StoredType structure() {
                return structure;
            }

            @Override
            public byte[] encode(Object value) {
                return enc.apply(value);
            }

            @Override
            public Object decode(byte[] bytes) {
                return dec.apply(bytes);
            }
        };
    }
}
