package dev.warden.host;

import static dev.warden.host.Hex.bytes;
import static dev.warden.host.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How Java types map to BSATN: derivation, the encodings Warden chose, and what it refuses. */
class BsatnCodecTest {

    enum Color { RED, GREEN, BLUE }

    record Everything(boolean flag, byte u8, short i16, int u32, long i64, float f32, double f64, String text,
                      byte[] blob, List<Integer> numbers, Optional<String> nick, Color color, BigInteger i128,
                      @Unsigned BigInteger u128) {}

    @Test
    void everyComponentInDeclarationOrder() {
        Everything value = new Everything(true, (byte) 0xfe, (short) -2, 0x01020304, -1L, 1.5f, -2.0, "hi",
                new byte[] {9, 8}, List.of(1, 2), Optional.of("n"), Color.BLUE, BigInteger.valueOf(-1),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        byte[] expected = bytes("""
                01                                  // flag: bool true
                fe                                  // u8 254
                feff                                // i16 -2, little-endian
                04030201                            // u32 0x01020304
                ffffffffffffffff                    // i64 -1
                0000c03f                            // f32 1.5 = 0x3fc00000
                00000000000000c0                    // f64 -2.0 = 0xc000000000000000
                02000000 6869                       // "hi"
                02000000 0908                       // bytes [9, 8]
                02000000 01000000 02000000          // [1, 2]
                00 01000000 6e                      // Some("n")
                02                                  // BLUE: ordinal 2
                ffffffffffffffffffffffffffffffff    // i128 -1
                ffffffffffffffffffffffffffffffff    // u128 2^128-1
                """);
        BsatnCodec<Everything> codec = Bsatn.codecFor(Everything.class);
        byte[] encoded = codec.encode(value);
        assertThat(hex(encoded)).isEqualTo(hex(expected));
        Everything decoded = codec.decode(encoded);
        assertThat(decoded.blob()).containsExactly(9, 8);
        assertThat(decoded.u128()).isEqualTo(value.u128());
        assertThat(decoded.i128()).isEqualTo(BigInteger.valueOf(-1));
        assertThat(decoded.u8()).isEqualTo((byte) 0xfe);
        assertThat(codec.encode(decoded)).isEqualTo(encoded);
    }

    /** A unit variant is a record without components: its tag alone. */
    sealed interface Shape permits Circle, Nothing, Square {}

    record Circle(double radius) implements Shape {}

    record Nothing() implements Shape {}

    record Square(int side) implements Shape {}

    @Test
    void sealedInterfaceTagsFollowThePermitsClause() {
        BsatnCodec<Shape> codec = Bsatn.codecFor(Shape.class);
        assertThat(codec.encode(new Nothing())).isEqualTo(bytes("01"));
        assertThat(codec.encode(new Square(3))).isEqualTo(bytes("02 03000000"));
        assertThat(codec.decode(bytes("01"))).isEqualTo(new Nothing());
        assertThat(codec.decode(bytes("00 000000000000f03f"))).isEqualTo(new Circle(1.0));
    }

    /** A record may contain itself through a List or an Optional. */
    record Tree(String label, List<Tree> children, Optional<Tree> next) {}

    @Test
    void recursiveTypes() {
        Tree leaf = new Tree("b", List.of(), Optional.empty());
        Tree root = new Tree("a", List.of(leaf), Optional.of(leaf));
        BsatnCodec<Tree> codec = Bsatn.codecFor(Tree.class);
        byte[] encoded = codec.encode(root);
        assertThat(encoded).isEqualTo(bytes("""
                01000000 61                 // "a"
                01000000                    // one child:
                  01000000 62 00000000 01   //   "b", no children, no next
                00                          // next: Some(
                  01000000 62 00000000 01   //   the leaf)
                """));
        assertThat(codec.decode(encoded)).isEqualTo(root);
    }

    @Test
    void codecsAreDerivedOnceAndShared() {
        assertThat(Bsatn.codecFor(Tree.class)).isSameAs(Bsatn.codecFor(Tree.class));
        assertThat(Bsatn.codecFor((Type) Tree.class)).isSameAs(Bsatn.codecFor(Tree.class));
        Type listOfTrees = listOf(Tree.class);
        assertThat(Bsatn.codecFor(listOfTrees)).isSameAs(Bsatn.codecFor(listOf(Tree.class)));
    }

    @Test
    void aParameterizedTypeAtTheTop() {
        @SuppressWarnings("unchecked")
        BsatnCodec<List<Color>> codec = (BsatnCodec<List<Color>>) Bsatn.codecFor(listOf(Color.class));
        assertThat(codec.encode(List.of(Color.GREEN, Color.RED))).isEqualTo(bytes("02000000 01 00"));
        List<Color> decoded = codec.decode(bytes("01000000 02"));
        assertThat(decoded).containsExactly(Color.BLUE);
        assertThatThrownBy(() -> decoded.add(Color.RED)).isInstanceOf(UnsupportedOperationException.class);
    }

    record Micros(Instant at, Duration took) {}

    @Test
    void timesRoundDownToTheMicrosecondAndCoverNegatives() {
        BsatnCodec<Micros> codec = Bsatn.codecFor(Micros.class);
        // 1 ns before the epoch is -1 us (rounded down); -1.5 us is -2 us
        Micros value = new Micros(Instant.EPOCH.minusNanos(1), Duration.ofNanos(-1500));
        byte[] encoded = codec.encode(value);
        assertThat(encoded).isEqualTo(bytes("ffffffffffffffff feffffffffffffff"));
        assertThat(codec.decode(encoded)).isEqualTo(new Micros(Instant.EPOCH.minusNanos(1000), Duration.ofNanos(-2000)));
        assertThatThrownBy(() -> codec.encode(new Micros(Instant.MAX, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("i64 microseconds");
    }

    @Test
    void floatsKeepTheirBits() {
        float nan = Float.intBitsToFloat(0x7fc00001);
        byte[] encoded = Bsatn.codecFor(float.class).encode(nan);
        assertThat(encoded).isEqualTo(bytes("0100c07f"));
        assertThat(Float.floatToRawIntBits(Bsatn.codecFor(float.class).decode(encoded))).isEqualTo(0x7fc00001);
    }

    record Named(String name) {}

    record Holder(Named named) {}

    @Test
    void whatBsatnCannotCarryIsRefusedNotAltered() {
        assertThatThrownBy(() -> Bsatn.codecFor(Named.class).encode(new Named("a\ud800b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate at index 1");
        assertThatThrownBy(() -> Bsatn.codecFor(Holder.class).encode(new Holder(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("Holder.named is null");
        assertThatThrownBy(() -> new BsatnWriter().writeU128(BigInteger.ONE.shiftLeft(128)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BsatnWriter().writeU128(BigInteger.valueOf(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BsatnWriter().writeI128(BigInteger.ONE.shiftLeft(127)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new BsatnWriter().writeI128(BigInteger.ONE.shiftLeft(127).negate()).toByteArray())
                .isEqualTo(bytes("000000000000000000000000000000" + "80"));
        assertThatThrownBy(() -> new BsatnWriter().writeTag(256)).isInstanceOf(IllegalArgumentException.class);
    }

    record Generic<T>(T value) {}

    record WithMap(Map<String, String> map) {}

    record WithWildcard(List<? extends Number> numbers) {}

    record WithArray(int[] numbers) {}

    record WithRawList(@SuppressWarnings("rawtypes") List numbers) {}

    record BadUnsigned(@Unsigned String text) {}

    static final class NotARecord {}

    @Test
    void typesWithoutAMappingAreRefusedWhenDerived() {
        assertThatThrownBy(() -> Bsatn.codecFor(Generic.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is generic");
        assertThatThrownBy(() -> Bsatn.codecFor(WithMap.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithMap.map");
        assertThatThrownBy(() -> Bsatn.codecFor(WithWildcard.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithWildcard.numbers");
        assertThatThrownBy(() -> Bsatn.codecFor(WithArray.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int[] has no BSATN mapping");
        assertThatThrownBy(() -> Bsatn.codecFor(WithRawList.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a raw List");
        assertThatThrownBy(() -> Bsatn.codecFor(BadUnsigned.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@Unsigned applies to integer types");
        assertThatThrownBy(() -> Bsatn.codecFor(NotARecord.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NotARecord has no BSATN mapping");
        assertThatThrownBy(() -> Bsatn.codecFor(Object.class)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A compact constructor's checks apply to decoded values. */
    record Percent(int value) {
        Percent {
            if (value < 0 || value > 100) {
                throw new IllegalArgumentException("a percentage is 0 to 100, got " + value);
            }
        }
    }

    record Scores(List<Percent> scores) {}

    @Test
    void aConstructorsRefusalIsInvalidValueAtTheRecordsOffset() {
        BsatnException e = HostileInputTest.refused(Bsatn.codecFor(Scores.class),
                bytes("02000000 32000000 65000000"), BsatnException.Reason.INVALID_VALUE, 8);
        assertThat(e.getMessage()).doesNotContain("101").contains("Percent");
        assertThat(e.getCause()).hasMessageContaining("got 101");
    }

    @Test
    void severalValuesFromOneReader() {
        BsatnReader in = new BsatnReader(bytes("01000000 61 01000000 62"));
        assertThat(Bsatn.codecFor(Named.class).read(in)).isEqualTo(new Named("a"));
        assertThat(in.offset()).isEqualTo(5);
        assertThat(Bsatn.codecFor(Named.class).read(in)).isEqualTo(new Named("b"));
        in.requireEnd();
    }

    @Test
    void theWriterGrowsFromNothing() {
        BsatnWriter out = new BsatnWriter(0);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            words.add("word" + i);
        }
        Bsatn.codecFor(listOf(String.class));
        @SuppressWarnings("unchecked")
        BsatnCodec<List<String>> codec = (BsatnCodec<List<String>>) Bsatn.codecFor(listOf(String.class));
        codec.write(out, words);
        assertThat(codec.decode(out.toByteArray())).isEqualTo(words);
        assertThat(out.size()).isEqualTo(out.toByteArray().length);
    }

    static ParameterizedType listOf(Type element) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {element};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof ParameterizedType p && p.getRawType() == List.class && p.getOwnerType() == null
                        && java.util.Arrays.equals(p.getActualTypeArguments(), getActualTypeArguments());
            }

            @Override
            public int hashCode() {
                return java.util.Arrays.hashCode(getActualTypeArguments()) ^ List.class.hashCode();
            }
        };
    }
}
