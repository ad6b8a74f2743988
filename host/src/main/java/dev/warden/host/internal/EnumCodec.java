package dev.warden.host.internal;

import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import java.util.Objects;

/** An enum as a sum of unit variants: a {@code u8} tag, the constant's ordinal, and an empty payload. */
final class EnumCodec<E extends Enum<E>> extends Codec<E> {

    private final Class<E> type;
    private final E[] constants;

    private EnumCodec(Class<E> type) {
        this.type = type;
        this.constants = type.getEnumConstants();
        if (constants.length > 256) {
            throw new IllegalArgumentException(type.getName() + " has " + constants.length
                    + " constants: a BSATN sum has at most 256 variants");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // the caller checked that the class is an enum
    static Codec<?> derive(Class<?> type) {
        return new EnumCodec(type);
    }

    @Override
    public int minSize() {
        return 1;
    }

    @Override
    public void write(BsatnWriter out, E value) {
        out.writeTag(Objects.requireNonNull(value, type.getName()).ordinal());
    }

    @Override
    public E read(BsatnReader in) {
        return constants[in.readTag(constants.length)];
    }

    @Override
    public String toString() {
        return type.getSimpleName();
    }
}
