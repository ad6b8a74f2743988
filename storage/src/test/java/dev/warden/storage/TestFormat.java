package dev.warden.storage;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A row format for the tests (the host's is BSATN): longs, ints, booleans, strings and optional strings. */
final class TestFormat implements RowFormat {

    @Override
    public ColumnCodec codecFor(Type type) {
        if (type == long.class) {
            return codec(v -> ByteBuffer.allocate(8).putLong((Long) v).array(), b -> ByteBuffer.wrap(b).getLong());
        }
        if (type == int.class) {
            return codec(v -> ByteBuffer.allocate(4).putInt((Integer) v).array(), b -> ByteBuffer.wrap(b).getInt());
        }
        if (type == boolean.class) {
            return codec(v -> new byte[] {(byte) ((Boolean) v ? 1 : 0)}, b -> b[0] == 1);
        }
        if (type == String.class) {
            return codec(v -> ((String) v).getBytes(StandardCharsets.UTF_8),
                    b -> new String(b, StandardCharsets.UTF_8));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class
                && p.getActualTypeArguments()[0] == String.class) {
            return codec(v -> ((Optional<?>) v).map(s -> ("1" + s).getBytes(StandardCharsets.UTF_8))
                    .orElse(new byte[] {'0'}), b -> b[0] == '0' ? Optional.empty()
                    : Optional.of(new String(b, 1, b.length - 1, StandardCharsets.UTF_8)));
        }
        throw new IllegalArgumentException("the test format has no codec for " + type.getTypeName());
    }

    private static ColumnCodec codec(java.util.function.Function<Object, byte[]> enc,
                                     java.util.function.Function<byte[], Object> dec) {
        return new ColumnCodec() {
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
