package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityTest {

    private static final String VECTOR = "c200ef884364c1a99be0298dc68f2004e6b97c09d1b1658b7db22f51fb662059";

    @Test
    void fromClaimsMatchesSpacetimeDbVector() {
        assertThat(Identity.fromClaims("example.com", "123").toHex()).isEqualTo(VECTOR);
    }

    @Test
    void everyIdentityStartsWithC200AndIs32Bytes() {
        Identity id = Identity.fromClaims("https://auth.spacetimedb.com/oidc", "user-1");
        assertThat(id.toHex()).startsWith("c200").hasSize(64).matches("[0-9a-f]{64}");
        assertThat(id.toByteArray()).hasSize(32).startsWith((byte) 0xc2, (byte) 0x00);
    }

    @Test
    void theSeparatorIsAmbiguousAsInSpacetimeDbSoTrustedIssuersMayNotContainIt() {
        // BLAKE3("a|b" + "|" + "c") == BLAKE3("a" + "|" + "b|c"): byte-exact compatibility keeps this,
        // and TrustedIssuer refuses issuers containing '|' so two trusted issuers can never collide.
        assertThat(Identity.fromClaims("a|b", "c")).isEqualTo(Identity.fromClaims("a", "b|c"));
        assertThatThrownBy(() -> TrustedIssuer.builder("https://a.example|x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'|'");
    }

    @Test
    void unicodeIsHashedAsUtf8() {
        Identity a = Identity.fromClaims("https://issuer.example", "ユーザー");
        assertThat(a).isEqualTo(Identity.fromClaims("https://issuer.example", "ユーザー"));
        assertThat(a).isNotEqualTo(Identity.fromClaims("https://issuer.example", "ユーザ"));
    }

    @Test
    void hexRoundTripsWithAndWithoutPrefixAndInUpperCase() {
        Identity id = Identity.fromHex(VECTOR);
        assertThat(Identity.fromHex("0x" + VECTOR)).isEqualTo(id);
        assertThat(Identity.fromHex(VECTOR.toUpperCase())).isEqualTo(id);
        assertThat(Identity.fromHex(id.toHex())).isEqualTo(id);
        assertThat(Identity.fromByteArray(id.toByteArray())).isEqualTo(id);
        assertThat(id.hashCode()).isEqualTo(Identity.fromHex(VECTOR).hashCode());
        assertThat(id.toString()).isEqualTo(VECTOR);
    }

    @Test
    void badHexIsAClearError() {
        assertThatThrownBy(() -> Identity.fromHex("c200")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex characters").hasMessageContaining("got 4");
        assertThatThrownBy(() -> Identity.fromHex(VECTOR.substring(0, 63) + "g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex digits");
        assertThatThrownBy(() -> Identity.fromHex("0x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identity.fromHex(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Identity.fromByteArray(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void byteArraysAreDefensiveCopies() {
        Identity id = Identity.fromHex(VECTOR);
        byte[] bytes = id.toByteArray();
        bytes[5] = 0;
        assertThat(id.toHex()).isEqualTo(VECTOR);
        byte[] in = id.toByteArray();
        Identity copy = Identity.fromByteArray(in);
        in[5] = 0;
        assertThat(copy.toHex()).isEqualTo(VECTOR);
    }

    @Test
    void ordersByUnsignedBigEndianBytes() {
        Identity low = Identity.fromHex("c2" + "00".repeat(31));
        Identity high = Identity.fromHex("c2" + "00".repeat(30) + "ff");
        Identity higher = Identity.fromHex("c3" + "00".repeat(31));
        List<Identity> list = new ArrayList<>(List.of(higher, high, low));
        Collections.sort(list);
        assertThat(list).containsExactly(low, high, higher);
        assertThat(low.compareTo(Identity.fromHex(low.toHex()))).isZero();
    }

    @Test
    void connectionIdIsA128BitValue() {
        ConnectionId id = ConnectionId.of(0x0123456789abcdefL, 0xfedcba9876543210L);
        assertThat(id.toHex()).isEqualTo("0123456789abcdeffedcba9876543210");
        assertThat(ConnectionId.fromHex("0x" + id.toHex())).isEqualTo(id);
        assertThat(id.toByteArray()).hasSize(16).startsWith((byte) 0x01, (byte) 0x23);
        assertThat(ConnectionId.of(-1L, 0).compareTo(ConnectionId.of(1L, 0))).isPositive();
        assertThat(ConnectionId.random()).isNotEqualTo(ConnectionId.random());
        assertThatThrownBy(() -> ConnectionId.fromHex("abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 hex characters");
        assertThatThrownBy(() -> ConnectionId.fromHex("z".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}
