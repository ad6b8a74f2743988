package dev.warden.host.internal;

import dev.warden.host.BsatnCodec;
import dev.warden.host.BsatnWriter;

/**
 * A derived codec: a {@link BsatnCodec} that also knows the fewest bytes a value takes, which bounds an array's
 * count before its elements are allocated.
 *
 * @param <T> the Java type
 */
public abstract class Codec<T> implements BsatnCodec<T> {

    /** For subclasses. */
    protected Codec() {}

    /** @return the fewest bytes any value of the type takes (a lower bound; 0 if unknown) */
    public abstract int minSize();

    /**
     * Writes a value whose type the caller knows is {@code T} (a record component, a list element).
     *
     * @param out where to write
     * @param value the value
     */
    @SuppressWarnings("unchecked")
    final void writeAny(BsatnWriter out, Object value) {
        write(out, (T) value);
    }
}
