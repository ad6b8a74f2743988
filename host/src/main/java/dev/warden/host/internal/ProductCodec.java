package dev.warden.host.internal;

import dev.warden.host.BsatnException;
import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;

/**
 * A record as a product: its components in declaration order, read through method handles made once (no
 * reflection per value). Decoding calls the canonical constructor, so a compact constructor's checks apply to
 * decoded values: a refusal is {@link BsatnException.Reason#INVALID_VALUE}.
 */
final class ProductCodec<T> extends Codec<T> {

    private final Class<T> type;
    private final String[] names;
    private final MethodHandle[] getters;
    private final MethodHandle constructor;
    private Codec<?>[] fields;
    private int minSize;

    private ProductCodec(Class<T> type, String[] names, MethodHandle[] getters, MethodHandle constructor) {
        this.type = type;
        this.names = names;
        this.getters = getters;
        this.constructor = constructor;
    }

    /**
     * Makes the record's codec and registers it before its components are resolved, so that a record may contain
     * itself.
     */
    static <T> ProductCodec<T> derive(Class<T> type, CodecFactory.Derivation derivation) {
        RecordComponent[] components = type.getRecordComponents();
        if (type.getTypeParameters().length > 0) {
            throw new IllegalArgumentException(type.getName() + " is generic: BSATN codecs are derived for "
                    + "concrete records only");
        }
        MethodHandles.Lookup lookup = Access.lookupFor(type);
        int n = components.length;
        String[] names = new String[n];
        MethodHandle[] getters = new MethodHandle[n];
        Class<?>[] parameterTypes = new Class<?>[n];
        try {
            for (int i = 0; i < n; i++) {
                names[i] = components[i].getName();
                parameterTypes[i] = components[i].getType();
                getters[i] = lookup.unreflect(components[i].getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
            }
            MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            ProductCodec<T> codec = new ProductCodec<>(type, names, getters, constructor);
            derivation.register(type, codec);
            Codec<?>[] fields = new Codec<?>[n];
            int minSize = 0;
            for (int i = 0; i < n; i++) {
                fields[i] = derivation.resolve(components[i].getGenericType(), components[i].getAnnotatedType(),
                        type.getName() + "." + names[i]);
                minSize += fields[i].minSize();
            }
            codec.fields = fields;
            codec.minSize = minSize;
            return codec;
        } catch (IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalArgumentException(Access.refusal(type), e);
        }
    }

    @Override
    public int minSize() {
        return minSize;
    }

    @Override
    public void write(BsatnWriter out, T value) {
        if (value == null) {
            throw new NullPointerException(type.getName() + " is null: BSATN has no null (use Optional)");
        }
        for (int i = 0; i < fields.length; i++) {
            Object field = get(i, value);
            if (field == null) {
                throw new NullPointerException(type.getName() + "." + names[i]
                        + " is null: BSATN has no null (use Optional)");
            }
            fields[i].writeAny(out, field);
        }
    }

    private Object get(int i, T value) {
        try {
            return (Object) getters[i].invokeExact((Object) value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(type.getName() + "." + names[i] + "() threw " + e, e);
        }
    }

    @Override
    public T read(BsatnReader in) {
        int start = in.offset();
        in.enter();
        Object[] args = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            args[i] = fields[i].read(in);
        }
        in.exit();
        try {
            return type.cast((Object) constructor.invokeExact(args));
        } catch (RuntimeException e) {
            // the message may quote the decoded (untrusted) values: only the cause keeps it
            throw new BsatnException(BsatnException.Reason.INVALID_VALUE, start,
                    type.getSimpleName() + "'s constructor refused the decoded values ("
                            + e.getClass().getSimpleName() + ")", e);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(type.getName() + "'s constructor threw " + e.getClass().getName(), e);
        }
    }

    @Override
    public String toString() {
        return type.getSimpleName();
    }
}
