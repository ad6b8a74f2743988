package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.internal.Blake3Chunk;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Test;

/** The one-chunk BLAKE3 gives commons-codec's hash at every input length it takes, and the specification's. */
class Blake3ChunkTest {

    @Test
    void matchesTheSpecificationsVectors() {
        assertThat(hex(new byte[0])).isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        assertThat(hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    }

    @Test
    void matchesCommonsCodecAtEveryLengthUpToAChunk() {
        Random random = new Random(3);
        for (int n = 0; n <= Blake3Chunk.MAX_INPUT; n++) {
            byte[] in = new byte[n + 5];
            random.nextBytes(in);
            byte[] expected = Blake3.hash(Arrays.copyOfRange(in, 3, 3 + n));
            int outLen = n % 33;
            byte[] out = new byte[outLen + 2];
            Blake3Chunk.hash(in, 3, n, out, 1, outLen);
            assertThat(Arrays.copyOfRange(out, 1, 1 + outLen)).as("length %d", n)
                    .isEqualTo(Arrays.copyOf(expected, outLen));
            assertThat(out[0]).isZero();
            assertThat(out[outLen + 1]).as("nothing written past the output").isZero();
        }
    }

    @Test
    void identitiesOfLongClaimsStillUseTheGeneralHash() {
        String longSubject = "s".repeat(2000);
        byte[] input = ("https://i.example|" + longSubject).getBytes(StandardCharsets.UTF_8);
        byte[] id = Arrays.copyOf(Blake3.hash(input), 26);
        assertThat(Arrays.copyOfRange(Identity.fromClaims("https://i.example", longSubject).toByteArray(), 6, 32))
                .isEqualTo(id);
    }

    @Test
    void refusesMoreThanAChunkOrALongOutput() {
        assertThatThrownBy(() -> Blake3Chunk.hash(new byte[1025], 0, 1025, new byte[32], 0, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Blake3Chunk.hash(new byte[1], 0, 1, new byte[64], 0, 33))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String hex(byte[] in) {
        byte[] out = new byte[32];
        Blake3Chunk.hash(in, 0, in.length, out, 0, 32);
        return HexFormat.of().formatHex(out);
    }
}
