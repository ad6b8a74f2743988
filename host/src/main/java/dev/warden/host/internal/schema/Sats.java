package dev.warden.host.internal.schema;

import java.util.List;
import java.util.Optional;

/**
 * SpacetimeDB's type descriptions (crates/sats: {@code AlgebraicType}, {@code ProductType}, {@code SumType},
 * {@code Typespace}) as records, in its field and variant order, so that Warden's BSATN codecs read and write them
 * byte for byte and {@link SatsJson} writes them as SpacetimeDB's serde JSON.
 */
public final class Sats {

    private Sats() {}

    /** {@code AlgebraicType}: the variants in SpacetimeDB's order (the order is the BSATN tag). */
    public sealed interface AlgebraicType permits Ref, Sum, Product, Array, String_, Bool, I8, U8, I16, U16, I32, U32,
            I64, U64, I128, U128, I256, U256, F32, F64 {}

    /** @param ref an index into the typespace ({@code AlgebraicTypeRef}, a u32) */
    public record Ref(int ref) implements AlgebraicType {}

    /** @param type the sum */
    public record Sum(SumType type) implements AlgebraicType {}

    /** @param type the product */
    public record Product(ProductType type) implements AlgebraicType {}

    /** @param element the element type ({@code ArrayType}, written as its element type) */
    public record Array(AlgebraicType element) implements AlgebraicType {}

    /** {@code String} (the trailing underscore is no part of the name). */
    public record String_() implements AlgebraicType {}

    /** {@code Bool}. */
    public record Bool() implements AlgebraicType {}

    /** {@code I8}. */
    public record I8() implements AlgebraicType {}

    /** {@code U8}. */
    public record U8() implements AlgebraicType {}

    /** {@code I16}. */
    public record I16() implements AlgebraicType {}

    /** {@code U16}. */
    public record U16() implements AlgebraicType {}

    /** {@code I32}. */
    public record I32() implements AlgebraicType {}

    /** {@code U32}. */
    public record U32() implements AlgebraicType {}

    /** {@code I64}. */
    public record I64() implements AlgebraicType {}

    /** {@code U64}. */
    public record U64() implements AlgebraicType {}

    /** {@code I128}. */
    public record I128() implements AlgebraicType {}

    /** {@code U128}. */
    public record U128() implements AlgebraicType {}

    /** {@code I256}. */
    public record I256() implements AlgebraicType {}

    /** {@code U256}. */
    public record U256() implements AlgebraicType {}

    /** {@code F32}. */
    public record F32() implements AlgebraicType {}

    /** {@code F64}. */
    public record F64() implements AlgebraicType {}

    /** @param elements the named (or unnamed) elements, in order */
    public record ProductType(List<ProductTypeElement> elements) {}

    /**
     * @param name the element's name, if it has one
     * @param algebraicType its type
     */
    public record ProductTypeElement(Optional<String> name, AlgebraicType algebraicType) {}

    /** @param variants the variants, in tag order */
    public record SumType(List<SumTypeVariant> variants) {}

    /**
     * @param name the variant's name, if it has one
     * @param algebraicType its payload's type
     */
    public record SumTypeVariant(Optional<String> name, AlgebraicType algebraicType) {}

    /** @param types the module's types, addressed by {@link Ref} */
    public record Typespace(List<AlgebraicType> types) {}

    /** The unit type, the empty product. */
    public static final AlgebraicType UNIT = new Product(new ProductType(List.of()));

    /**
     * @param name the special product's one element ({@code __identity__}, ...)
     * @param inner its type
     * @return the product SpacetimeDB recognizes as Identity, ConnectionId, Timestamp or TimeDuration
     */
    static AlgebraicType special(String name, AlgebraicType inner) {
        return new Product(new ProductType(List.of(new ProductTypeElement(Optional.of(name), inner))));
    }

    /**
     * @param some the value's type
     * @return {@code Option<some>}: the sum {@code some(T) | none}
     */
    static AlgebraicType option(AlgebraicType some) {
        return new Sum(new SumType(List.of(new SumTypeVariant(Optional.of("some"), some),
                new SumTypeVariant(Optional.of("none"), UNIT))));
    }
}
