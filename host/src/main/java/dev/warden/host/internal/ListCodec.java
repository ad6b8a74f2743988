package dev.warden.host.internal;

import dev.warden.host.BsatnReader;
import dev.warden.host.BsatnWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A {@code List} as an array: a {@code u32} count, then the elements. Decodes to an unmodifiable list. */
final class ListCodec<E> extends Codec<List<E>> {

    private final Codec<E> element;

    ListCodec(Codec<E> element) {
        this.element = element;
    }

    @Override
    public int minSize() {
        return 4;
    }

    @Override
    public void write(BsatnWriter out, List<E> value) {
        out.writeCount(Objects.requireNonNull(value, "list").size());
        for (E e : value) {
            element.write(out, Objects.requireNonNull(e, "a list element"));
        }
    }

    @Override
    public List<E> read(BsatnReader in) {
        in.enter();
        int n = in.readCount(element.minSize());
        List<E> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.read(in));
        }
        in.exit();
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return "List<" + element + ">";
    }
}
