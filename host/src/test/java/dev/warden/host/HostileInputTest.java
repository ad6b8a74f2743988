package dev.warden.host;

import static dev.warden.host.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.BsatnException.Reason;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Untrusted bytes: every refusal is a BsatnException with its exact reason and offset, and nothing else. */
class HostileInputTest {

    static BsatnException refused(BsatnCodec<?> codec, byte[] input, Reason reason, int offset) {
        BsatnException e = catchThrowableOfType(BsatnException.class, () -> codec.decode(input));
        assertThat(e).as("decoding must fail with " + reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.offset()).as("offset").isEqualTo(offset);
        assertThat(e.getMessage()).startsWith(reason + " at byte " + offset + ": ");
        return e;
    }

    record Named(String name) {}

    record Blob(int id, byte[] data) {}

    record Numbers(List<Integer> values) {}

    record Unit() {}

    record Units(List<Unit> units) {}

    record UnitsThenInt(List<Units> units, int last) {}

    record Flags(boolean a, boolean b) {}

    enum Color { RED, GREEN, BLUE }

    record Maybe(Optional<Color> color) {}

    record Nest(List<Nest> inner) {}

    @Test
    void truncatedInsideEachFixedWidthValue() {
        refused(Bsatn.codecFor(int.class), bytes("010203"), Reason.TRUNCATED, 0);
        refused(Bsatn.codecFor(long.class), bytes("01020304050607"), Reason.TRUNCATED, 0);
        refused(Bsatn.codecFor(short.class), bytes(""), Reason.TRUNCATED, 0);
        refused(Bsatn.codecFor(BigInteger.class), bytes("00".repeat(15)), Reason.TRUNCATED, 0);
        refused(Bsatn.codecFor(Identity.class), bytes("00".repeat(31)), Reason.TRUNCATED, 0);
        refused(Bsatn.codecFor(ConnectionId.class), bytes("00".repeat(12)), Reason.TRUNCATED, 8);
        refused(Bsatn.codecFor(Instant.class), bytes("00"), Reason.TRUNCATED, 0);
        refused(Bsatn.codecFor(Duration.class), bytes("00"), Reason.TRUNCATED, 0);
        refused(Bsatn.codecFor(Flags.class), bytes("01"), Reason.TRUNCATED, 1);
        refused(Bsatn.codecFor(Named.class), bytes("0100"), Reason.TRUNCATED, 0); // inside the length itself
        refused(Bsatn.codecFor(Blob.class), bytes("07000000 0100"), Reason.TRUNCATED, 4);
        refused(Bsatn.codecFor(Maybe.class), bytes("00"), Reason.TRUNCATED, 1);
    }

    @Test
    void aLengthLargerThanTheInputFailsBeforeAllocating() {
        // 4 billion: refused from the four bytes of the length, without allocating 4 GB
        refused(Bsatn.codecFor(Named.class), bytes("ffffffff"), Reason.LENGTH_EXCEEDS_INPUT, 0);
        refused(Bsatn.codecFor(Blob.class), bytes("07000000 ffffffff 00"), Reason.LENGTH_EXCEEDS_INPUT, 4);
        refused(Bsatn.codecFor(Named.class), bytes("05000000 6162"), Reason.LENGTH_EXCEEDS_INPUT, 0);
        // an array's count is checked against the elements' smallest size: 3 ints need 12 bytes, 8 remain
        refused(Bsatn.codecFor(Numbers.class), bytes("03000000 01000000 02000000"), Reason.LENGTH_EXCEEDS_INPUT, 0);
        refused(Bsatn.codecFor(Numbers.class), bytes("ffffffff"), Reason.LENGTH_EXCEEDS_INPUT, 0);
        // elements of zero bytes count as one: 4 billion empty records are not allocated from 4 bytes
        refused(Bsatn.codecFor(Units.class), bytes("ffffffff"), Reason.LENGTH_EXCEEDS_INPUT, 0);
        assertThat(Bsatn.codecFor(Units.class).decode(bytes("00000000")).units()).isEmpty();
    }

    @ParameterizedTest(name = "bool byte {0}")
    @CsvSource({"02", "ff", "80"})
    void aBoolIsZeroOrOne(String b) {
        refused(Bsatn.codecFor(Flags.class), bytes("01" + b), Reason.INVALID_BOOL, 1);
    }

    sealed interface Shape permits Circle, Square {}

    record Circle(int r) implements Shape {}

    record Square(int side) implements Shape {}

    @Test
    void tagsBeyondTheVariantsAreRefused() {
        refused(Bsatn.codecFor(Color.class), bytes("03"), Reason.UNKNOWN_TAG, 0);
        refused(Bsatn.codecFor(Color.class), bytes("ff"), Reason.UNKNOWN_TAG, 0);
        refused(Bsatn.codecFor(Shape.class), bytes("02 00000000"), Reason.UNKNOWN_TAG, 0);
        refused(Bsatn.codecFor(Maybe.class), bytes("02"), Reason.UNKNOWN_TAG, 0); // Option: 0 some, 1 none
        refused(Bsatn.codecFor(Maybe.class), bytes("00 03"), Reason.UNKNOWN_TAG, 1);
    }

    /** Strict UTF-8, as Rust's {@code core::str::from_utf8} (crates/sats/src/bsatn/de.rs): offset of the bad byte. */
    @ParameterizedTest(name = "{2}")
    @CsvSource({
        "02000000 c080, 4, overlong encoding of NUL",
        "03000000 eda080, 4, a UTF-16 surrogate (U+D800) encoded as UTF-8",
        "04000000 f4908080, 4, above U+10FFFF",
        "01000000 80, 4, a lone continuation byte",
        "03000000 61e282, 5, a sequence cut short by the string's end",
        "01000000 ff, 4, a byte UTF-8 never uses",
        "04000000 6162c328, 6, a lead byte without its continuation",
        "03000000 e08080, 4, overlong three-byte form"
    })
    void malformedUtf8IsRefused(String input, int offset, String what) {
        refused(Bsatn.codecFor(Named.class), bytes(input), Reason.INVALID_UTF8, offset);
    }

    @Test
    void trailingBytesAreRefused() {
        refused(Bsatn.codecFor(Named.class), bytes("01000000 61 00"), Reason.TRAILING_BYTES, 5);
        refused(Bsatn.codecFor(Color.class), bytes("01 01"), Reason.TRAILING_BYTES, 1);
    }

    private static byte[] nested(int levels) {
        byte[] input = new byte[4 * levels + 4];
        for (int i = 0; i < levels; i++) {
            input[4 * i] = 1; // a list of one Nest
        }
        return input; // ending with an empty list
    }

    @Test
    void nestingIsBounded() {
        // each level is a product (Nest) and an array (its list): 2 levels of depth per 4 bytes, so with the
        // default bound of 64 the 33rd Nest, at byte 128, is one too deep
        refused(Bsatn.codecFor(Nest.class), nested(40), Reason.TOO_DEEP, 128);
        assertThat(Bsatn.codecFor(Nest.class).decode(nested(31))).isNotNull();
        // a million levels: refused, not a StackOverflowError
        refused(Bsatn.codecFor(Nest.class), nested(1_000_000), Reason.TOO_DEEP, 128);
        // a reader may allow more
        BsatnReader deep = new BsatnReader(nested(40), 100);
        assertThat(Bsatn.codecFor(Nest.class).read(deep)).isNotNull();
        deep.requireEnd();
    }

    /**
     * Review LOW 10: a zero-size element was counted as one byte of what remains but consumed none, so every Units
     * in a List&lt;Units&gt; could claim all the remaining bytes again: n elements of 4 bytes claimed ~2n&sup2; Unit
     * objects (16,000 of them in 64 KB: ~512 million). The elements of all arrays of one input are now bounded by
     * its length.
     */
    @Test
    void zeroSizeElementsCannotMultiply() {
        BsatnCodec<List<Units>> codec = listOfUnits();
        // 1,000 Units, each claiming what remains after its own count: 1,999,000 elements from 4,004 bytes
        refused(codec, claimingAllThatRemains(1_000), Reason.TOO_MANY_ELEMENTS, 4);
        // the same at 64 KB: refused at the first inner count, nothing allocated beyond the outer list
        BsatnException e = refused(codec, claimingAllThatRemains(16_000), Reason.TOO_MANY_ELEMENTS, 4);
        assertThat(e.getMessage()).isEqualTo("TOO_MANY_ELEMENTS at byte 4: arrays of 79996 elements in all, more "
                + "than the input's 64004 bytes");
        // the review's sketch, 16,000 copies of ffff0000: its outer count (65,535 Units of 4 bytes) already fails
        refused(codec, bytes("ffff0000".repeat(16_000)), Reason.LENGTH_EXCEEDS_INPUT, 0);
        // within the budget zero-size elements still decode: 2 Units holding 1 and 2 Units, then an int
        UnitsThenInt ok = Bsatn.codecFor(UnitsThenInt.class).decode(bytes("02000000 01000000 02000000 07000000"));
        assertThat(ok.units().stream().mapToInt(u -> u.units().size()).toArray()).containsExactly(1, 2);
        assertThat(ok.last()).isEqualTo(7);
    }

    @SuppressWarnings("unchecked") // the codec of List<Units>
    private static BsatnCodec<List<Units>> listOfUnits() {
        return (BsatnCodec<List<Units>>) Bsatn.codecFor(BsatnCodecTest.listOf(Units.class));
    }

    /** A List&lt;Units&gt; of n, each Units' count all the bytes that follow it. */
    private static byte[] claimingAllThatRemains(int n) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(n);
        for (int i = 0; i < n; i++) {
            b.putInt(4 * (n - i - 1));
        }
        return b.array();
    }

    record Message(int id, Optional<String> text, List<Shape> shapes, Flags flags, Color color, byte[] blob,
                   Identity who, Instant when) {}

    /** Flipped, truncated and extended encodings decode or fail with a BsatnException: nothing else escapes. */
    @Test
    void mutatedInputOnlyEverFailsWithBsatnException() {
        BsatnCodec<Message> codec = Bsatn.codecFor(Message.class);
        byte[] valid = codec.encode(new Message(7, Optional.of("héllo"), List.of(new Circle(1), new Square(2)),
                new Flags(true, false), Color.GREEN, new byte[] {1, 2, 3}, Identity.fromClaims("iss", "sub"),
                Instant.ofEpochSecond(1_700_000_000L)));
        Random random = new Random(16);
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] input = Arrays.copyOf(valid, valid.length + random.nextInt(3) - random.nextInt(8));
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                int at = random.nextInt(input.length);
                input[at] = random.nextInt(4) == 0 ? (byte) 0xff : (byte) random.nextInt(256);
            }
            try {
                codec.decode(input);
            } catch (BsatnException e) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(40_000);
    }
}
