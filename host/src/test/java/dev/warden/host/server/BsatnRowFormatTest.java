package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Identity;
import dev.warden.host.internal.server.BsatnRowFormat;
import dev.warden.storage.StoredType;
import dev.warden.storage.StoredType.Member;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The structure the host gives its storage for a column: what BSATN writes, names and positions included. */
class BsatnRowFormatTest {

    enum Role { USER, ADMIN }

    record Tag(String label, Optional<Long> weight) {}

    sealed interface Shape permits Circle, Empty {}

    record Circle(double radius, List<Shape> inner) implements Shape {}

    record Empty() implements Shape {}

    record Holder(Role role, Tag tag, Shape shape, Identity who, byte[] blob) {}

    static final StoredType UNIT = new StoredType.Product(List.of());

    static StoredType structure(Type t) {
        return new BsatnRowFormat().codecFor(t).structure();
    }

    static StoredType scalar(String name) {
        return new StoredType.Scalar(name);
    }

    @Test
    void anEnumIsASumOfItsConstantsInDeclarationOrder() {
        assertThat(structure(Role.class)).isEqualTo(new StoredType.Sum(List.of(new Member("USER", UNIT),
                new Member("ADMIN", UNIT))));
    }

    @Test
    void recordsSealedInterfacesOptionalsAndListsAreDescribedWholeRecursionByDepth() {
        StoredType shape = new StoredType.Sum(List.of(
                new Member("Circle", new StoredType.Product(List.of(new Member("radius", scalar("f64")),
                        new Member("inner", new StoredType.Array(new StoredType.Recursive(1)))))),
                new Member("Empty", UNIT)));
        assertThat(structure(Holder.class)).isEqualTo(new StoredType.Product(List.of(
                new Member("role", structure(Role.class)),
                new Member("tag", new StoredType.Product(List.of(new Member("label", scalar("string")),
                        new Member("weight", new StoredType.Sum(List.of(new Member("some", scalar("i64")),
                                new Member("none", UNIT))))))),
                new Member("shape", shape),
                new Member("who", scalar("identity")),
                new Member("blob", scalar("bytes")))));
        // a primitive and its box are written alike
        assertThat(structure(long.class)).isEqualTo(structure(Long.class));
    }
}
