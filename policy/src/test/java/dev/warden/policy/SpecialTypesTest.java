package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON forms of SpacetimeDB's special types, shared by the host's HTTP API and the testkit's matrix. */
class SpecialTypesTest {

    private static final Identity ALICE = Identity.fromClaims("https://issuer.example", "alice");

    @Test
    void anIdentityIsItsHexBareOrAfter0xOrSpacetimeDbsObjectHoldingTheHexOrTheNumber() {
        String hex = ALICE.toHex();
        BigInteger number = new BigInteger(hex, 16);
        assertThat(List.of(hex, "0x" + hex, hex.toUpperCase(), Map.of("__identity__", "0x" + hex),
                Map.of("__identity__", hex), Map.of("__identity__", number)))
                .allSatisfy(json -> assertThat(SpecialTypes.fromJson(Identity.class, json)).isEqualTo(ALICE));
        assertThat(SpecialTypes.fromJson(Identity.class, Map.of("__identity__", 1L)).toHex())
                .isEqualTo("0".repeat(63) + "1");
    }

    @Test
    void aConnectionIdIsItsHexOrSpacetimeDbsObjectHoldingTheDecimalNumber() {
        ConnectionId id = ConnectionId.of(0x0102030405060708L, 0xf0e0d0c0b0a09080L);
        String hex = id.toHex();
        assertThat(List.of(hex, "0x" + hex, Map.of("__connection_id__", new BigInteger(hex, 16)),
                Map.of("__connection_id__", "0x" + hex)))
                .allSatisfy(json -> assertThat(SpecialTypes.fromJson(ConnectionId.class, json)).isEqualTo(id));
        assertThat(SpecialTypes.fromJson(ConnectionId.class, Map.of("__connection_id__", 7)))
                .isEqualTo(ConnectionId.of(0, 7));
    }

    @Test
    void anInstantIsSpacetimeDbsMicrosecondsObjectOrAnIso8601Text() {
        Instant t = Instant.parse("2025-06-01T12:00:00.123456Z");
        assertThat(SpecialTypes.fromJson(Instant.class,
                Map.of("__timestamp_micros_since_unix_epoch__", 1_748_779_200_123_456L))).isEqualTo(t);
        assertThat(SpecialTypes.fromJson(Instant.class, "2025-06-01T12:00:00.123456Z")).isEqualTo(t);
        assertThat(SpecialTypes.fromJson(Instant.class, Map.of("__timestamp_micros_since_unix_epoch__", -1)))
                .isEqualTo(Instant.EPOCH.minusNanos(1_000));
    }

    @Test
    void anythingElseIsRefusedNamingTheAcceptedFormsAndWhatCame() {
        assertThatThrownBy(() -> SpecialTypes.fromJson(Identity.class, "c200"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 64 hex digits, \"0x\" and 64 hex digits, or {\"__identity__\": <the hex, or the "
                        + "number in decimal>}, got \"c200\"");
        assertThatThrownBy(() -> SpecialTypes.fromJson(Identity.class, Map.of("__identity__", BigInteger.ONE
                .shiftLeft(256)))).hasMessageEndingWith(", got an object with keys [\"__identity__\"]");
        assertThatThrownBy(() -> SpecialTypes.fromJson(Identity.class, Map.of("identity", ALICE.toHex())))
                .hasMessageEndingWith(", got an object with keys [\"identity\"]");
        assertThatThrownBy(() -> SpecialTypes.fromJson(ConnectionId.class, Map.of("__connection_id__", -1)))
                .hasMessageStartingWith("expected 32 hex digits");
        assertThatThrownBy(() -> SpecialTypes.fromJson(ConnectionId.class, 12.5)).hasMessageEndingWith(", got 12.5");
        assertThatThrownBy(() -> SpecialTypes.fromJson(Instant.class, "yesterday"))
                .hasMessage("expected {\"__timestamp_micros_since_unix_epoch__\": <an integer>} or an ISO-8601 instant "
                        + "such as \"2025-06-01T12:00:00Z\", got \"yesterday\"");
        assertThatThrownBy(() -> SpecialTypes.fromJson(Instant.class, Map.of("__timestamp_micros_since_unix_epoch__",
                BigInteger.TWO.pow(64)))).hasMessageStartingWith("expected {");
        assertThatThrownBy(() -> SpecialTypes.fromJson(Identity.class, List.of())).hasMessageEndingWith(", got an array");
        assertThatThrownBy(() -> SpecialTypes.fromJson(Identity.class, "\"" + "x".repeat(500)))
                .hasMessageEndingWith(", got \"\\\"" + "x".repeat(79) + "...\"");
        assertThatThrownBy(() -> SpecialTypes.forms(String.class)).hasMessage("java.lang.String is not a special type");
    }

    @Test
    void theSpecialTypesAreExactlyThese() {
        assertThat(SpecialTypes.isSpecial(Identity.class)).isTrue();
        assertThat(SpecialTypes.isSpecial(ConnectionId.class)).isTrue();
        assertThat(SpecialTypes.isSpecial(Instant.class)).isTrue();
        assertThat(SpecialTypes.isSpecial(String.class)).isFalse();
        assertThat(SpecialTypes.isSpecial(long.class)).isFalse();
    }
}
