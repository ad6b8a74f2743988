package dev.warden.host.internal.server;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.storage.RowFormat;
import dev.warden.storage.StoredType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's row format for its storage: each column's value as BSATN, the encoding clients see; its structure as
 * the BSATN codec lays it out (a record's components in order, an enum's constants and a sealed interface's
 * permitted records in declaration order, since BSATN writes a variant's position), so the store can refuse a change
 * of the module that would make stored values change meaning.
 */
public final class BsatnRowFormat implements RowFormat {

    private static final StoredType UNIT = new StoredType.Product(List.of());

    private static final Map<Class<?>, String> SCALARS = Map.ofEntries(
            Map.entry(boolean.class, "bool"), Map.entry(Boolean.class, "bool"),
            Map.entry(byte.class, "i8"), Map.entry(Byte.class, "i8"),
            Map.entry(short.class, "i16"), Map.entry(Short.class, "i16"),
            Map.entry(int.class, "i32"), Map.entry(Integer.class, "i32"),
            Map.entry(long.class, "i64"), Map.entry(Long.class, "i64"),
            Map.entry(float.class, "f32"), Map.entry(Float.class, "f32"),
            Map.entry(double.class, "f64"), Map.entry(Double.class, "f64"),
            Map.entry(BigInteger.class, "i128"),   // a Type carries no @Unsigned: the codec reads i128 (same bytes)
            Map.entry(String.class, "string"), Map.entry(byte[].class, "bytes"),
            Map.entry(Identity.class, "identity"), Map.entry(ConnectionId.class, "connection_id"),
            Map.entry(Instant.class, "timestamp"), Map.entry(Duration.class, "time_duration"));

    @Override
    public ColumnCodec codecFor(Type type) {
        @SuppressWarnings("unchecked")
        BsatnCodec<Object> codec = (BsatnCodec<Object>) Bsatn.codecFor(type);
        StoredType structure = structure(type, new ArrayList<>());
        return new ColumnCodec() {
            @Override
            public byte[] encode(Object value) {
                return codec.encode(value);
            }

            @Override
            public Object decode(byte[] bytes) {
                return codec.decode(bytes);
            }

            @Override
            public StoredType structure() {
                return structure;
            }
        };
    }

    /**
     * @param type a type the BSATN codecs map (checked before)
     * @param enclosing the records, enums and sealed interfaces being described, outermost first
     */
    static StoredType structure(Type type, List<Class<?>> enclosing) {
        if (type instanceof ParameterizedType p) {
            StoredType inner = structure(p.getActualTypeArguments()[0], enclosing);
            return p.getRawType() == List.class ? new StoredType.Array(inner)
                    : new StoredType.Sum(List.of(new StoredType.Member("some", inner),
                            new StoredType.Member("none", UNIT)));
        }
        Class<?> c = (Class<?>) type;
        String scalar = SCALARS.get(c);
        if (scalar != null) {
            return new StoredType.Scalar(scalar);
        }
        int at = enclosing.indexOf(c);
        if (at >= 0) {
            return new StoredType.Recursive(enclosing.size() - 1 - at);
        }
        enclosing.add(c);
        try {
            List<StoredType.Member> members = new ArrayList<>();
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    members.add(new StoredType.Member(rc.getName(), structure(rc.getGenericType(), enclosing)));
                }
                return new StoredType.Product(members);
            }
            if (c.isEnum()) {
                for (Object constant : c.getEnumConstants()) {
                    members.add(new StoredType.Member(((Enum<?>) constant).name(), UNIT));
                }
                return new StoredType.Sum(members);
            }
            if (c.isSealed()) {
                for (Class<?> v : c.getPermittedSubclasses()) {
                    members.add(new StoredType.Member(v.getSimpleName(), structure(v, enclosing)));
                }
                return new StoredType.Sum(members);
            }
            throw new IllegalArgumentException(c.getName() + " has no BSATN mapping");
        } finally {
            enclosing.remove(enclosing.size() - 1);
        }
    }
}
