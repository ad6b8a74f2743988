package dev.warden.host.internal;

import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code Optional} as SpacetimeDB's {@code Option}: the sum {@code some(T) | none}, so tag 0 then the value,
 * or tag 1 alone (crates/sats/src/ser/impls.rs: {@code Some(v) => serialize_variant(0, Some("some"), v)},
 * {@code None => serialize_variant(1, Some("none"), &())}).
 */
final class OptionalCodec<E> extends Codec<Optional<E>> {

    static final int SOME = 0;
    static final int NONE = 1;

    private final Codec<E> element;

    OptionalCodec(Codec<E> element) {
        this.element = element;
    }

    @Override
    public int minSize() {
        return 1;
    }

    @Override
    public void write(BsatnWriter out, Optional<E> value) {
        if (Objects.requireNonNull(value, "optional").isPresent()) {
            element.write(out.writeTag(SOME), value.get());
        } else {
            out.writeTag(NONE);
        }
    }

    @Override
    public Optional<E> read(BsatnReader in) {
        in.enter();
        Optional<E> value = in.readTag(2) == SOME ? Optional.of(element.read(in)) : Optional.empty();
        in.exit();
        return value;
    }

    @Override
    public String toString() {
        return "Optional<" + element + ">";
    }
}
