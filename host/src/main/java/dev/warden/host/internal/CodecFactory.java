package dev.warden.host.internal;

import dev.warden.host.Unsigned;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derives codecs from Java types, once per type: the result is cached, and a derivation is published only when
 * it completed (a type that fails to derive leaves nothing behind).
 */
public final class CodecFactory {

    private static final Map<Type, Codec<?>> CACHE = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object();

    private CodecFactory() {}

    /**
     * @param type a Java type
     * @return its codec
     * @throws IllegalArgumentException if the type, or a type it contains, has no BSATN mapping
     */
    public static Codec<?> codecFor(Type type) {
        Codec<?> cached = CACHE.get(type);
        if (cached != null) {
            return cached;
        }
        synchronized (LOCK) { // derivations are rare; one at a time keeps them simple
            cached = CACHE.get(type);
            if (cached != null) {
                return cached;
            }
            Derivation derivation = new Derivation();
            Codec<?> codec = derivation.resolve(type, null, type.getTypeName());
            derivation.derived.forEach(CACHE::putIfAbsent);
            CACHE.putIfAbsent(type, codec);
            return codec;
        }
    }

    /** One derivation: the records, enums and sealed interfaces derived so far, to reuse and to allow cycles. */
    static final class Derivation {

        private final Map<Class<?>, Codec<?>> derived = new HashMap<>();

        void register(Class<?> type, Codec<?> codec) {
            derived.put(type, codec);
        }

        /**
         * @param type the type
         * @param annotated the same type with its type annotations ({@link Unsigned}), or null if it has none
         * @param where what holds the type, for messages
         */
        Codec<?> resolve(Type type, AnnotatedType annotated, String where) {
            boolean unsigned = annotated != null && annotated.isAnnotationPresent(Unsigned.class);
            if (type instanceof Class<?> c) {
                if (unsigned && !isInteger(c)) {
                    throw new IllegalArgumentException(where + ": @Unsigned applies to integer types, not "
                            + c.getName());
                }
                if (c == BigInteger.class) {
                    return unsigned ? Scalar.U128 : Scalar.I128;
                }
                Codec<?> scalar = Scalar.BY_CLASS.get(c);
                return scalar != null ? scalar : derived(c, where);
            }
            if (type instanceof ParameterizedType p && (p.getRawType() == List.class
                    || p.getRawType() == Optional.class)) {
                if (unsigned) {
                    throw new IllegalArgumentException(where + ": @Unsigned applies to integer types, not "
                            + p.getTypeName());
                }
                AnnotatedType element = annotated instanceof AnnotatedParameterizedType ap
                        ? ap.getAnnotatedActualTypeArguments()[0] : null;
                Codec<?> codec = resolve(p.getActualTypeArguments()[0], element, where);
                return p.getRawType() == List.class ? new ListCodec<>(codec) : new OptionalCodec<>(codec);
            }
            throw new IllegalArgumentException(where + ": " + type.getTypeName() + " has no BSATN mapping (a generic "
                    + "type other than List<T> or Optional<T>, a type variable or a wildcard)");
        }

        private static boolean isInteger(Class<?> c) {
            return c == BigInteger.class || c == byte.class || c == Byte.class || c == short.class
                    || c == Short.class || c == int.class || c == Integer.class || c == long.class || c == Long.class;
        }

        private Codec<?> derived(Class<?> c, String where) {
            Codec<?> known = CACHE.get(c);
            if (known == null) {
                known = derived.get(c);
            }
            if (known != null) {
                return known;
            }
            if (c.isRecord()) {
                return ProductCodec.derive(c, this);
            }
            if (c.isEnum()) {
                Codec<?> codec = EnumCodec.derive(c);
                register(c, codec);
                return codec;
            }
            if (c.isSealed()) {
                return SumCodec.derive(c, this);
            }
            if (c == List.class || c == Optional.class) {
                throw new IllegalArgumentException(where + ": a raw " + c.getSimpleName() + " has no BSATN mapping: "
                        + "give its element type");
            }
            throw new IllegalArgumentException(where + ": " + c.getTypeName() + " has no BSATN mapping: use a record, "
                    + "an enum, a sealed interface of records, or a type listed in Bsatn");
        }
    }
}
