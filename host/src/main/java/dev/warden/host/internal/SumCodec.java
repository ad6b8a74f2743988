package dev.warden.host.internal;

import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;

/**
 * A sealed interface of records as a sum: a {@code u8} tag, the record's position among the permitted
 * subclasses, then the record as a product (a unit variant is a record without components).
 */
final class SumCodec<T> extends Codec<T> {

    private final Class<T> type;
    private final Class<?>[] variants;
    private Codec<?>[] codecs;

    private SumCodec(Class<T> type, Class<?>[] variants) {
        this.type = type;
        this.variants = variants;
    }

    static <T> SumCodec<T> derive(Class<T> type, CodecFactory.Derivation derivation) {
        Class<?>[] variants = type.getPermittedSubclasses();
        if (!type.isInterface() || variants == null || variants.length == 0) {
            throw new IllegalArgumentException(type.getName() + " is not a sealed interface");
        }
        if (variants.length > 256) {
            throw new IllegalArgumentException(type.getName() + " permits " + variants.length
                    + " types: a BSATN sum has at most 256 variants");
        }
        for (Class<?> v : variants) {
            if (!v.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " permits " + v.getName() + ", which is not a "
                        + "record: each variant of a sum must be a record (a unit variant a record without components)");
            }
        }
        SumCodec<T> codec = new SumCodec<>(type, variants);
        derivation.register(type, codec);
        Codec<?>[] codecs = new Codec<?>[variants.length];
        for (int i = 0; i < variants.length; i++) {
            codecs[i] = derivation.resolve(variants[i], null, type.getName() + " variant " + i);
        }
        codec.codecs = codecs;
        return codec;
    }

    @Override
    public int minSize() {
        return 1;
    }

    @Override
    public void write(BsatnWriter out, T value) {
        if (value == null) {
            throw new NullPointerException(type.getName() + " is null: BSATN has no null (use Optional)");
        }
        Class<?> c = value.getClass();
        for (int i = 0; i < variants.length; i++) {
            if (variants[i] == c) {
                out.writeTag(i);
                codecs[i].writeAny(out, value);
                return;
            }
        }
        throw new IllegalArgumentException(c.getName() + " is not a variant of " + type.getName());
    }

    @Override
    public T read(BsatnReader in) {
        in.enter();
        int tag = in.readTag(codecs.length);
        T value = type.cast(codecs[tag].read(in));
        in.exit();
        return value;
    }

    @Override
    public String toString() {
        return type.getSimpleName();
    }
}
