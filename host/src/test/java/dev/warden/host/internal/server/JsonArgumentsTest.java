package dev.warden.host.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.Bsatn;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An HTTP call's JSON arguments: Identity, ConnectionId and Instant in the forms {@code SpecialTypes} defines
 * (the testkit's matrix takes the same), and errors that count arguments from 0 and name the accepted forms.
 */
class JsonArgumentsTest {

    private static final Identity ALICE = Identity.fromClaims("https://issuer.example", "alice");
    private static final ConnectionId CONN = ConnectionId.of(0x0102030405060708L, 0x1112131415161718L);
    private static final List<Type> PARAMS = List.of(long.class, Identity.class, ConnectionId.class, Instant.class);

    private static Object[] args(String json) {
        return Json.arguments(json.getBytes(StandardCharsets.UTF_8), PARAMS.stream()
                .map(t -> Json.Typed.of(t, null, Bsatn.codecFor(t))).toList(), List.of("n", "who", "conn", "at"));
    }

    @Test
    void specialTypesInEveryForm() {
        Instant t = Instant.parse("2025-06-01T12:00:00Z");
        Object[] expected = {1L, ALICE, CONN, t};
        assertThat(args("[1, \"" + ALICE.toHex() + "\", \"" + CONN.toHex() + "\", \"2025-06-01T12:00:00Z\"]"))
                .containsExactly(expected);
        assertThat(args("[1, {\"__identity__\": \"0x" + ALICE.toHex() + "\"}, {\"__connection_id__\": "
                + new BigInteger(CONN.toHex(), 16) + "}, {\"__timestamp_micros_since_unix_epoch__\": "
                + t.getEpochSecond() * 1_000_000 + "}]")).containsExactly(expected);
    }

    @Test
    void aBadArgumentIsNamedCountingFrom0WithTheFormsItTakes() {
        assertThatThrownBy(() -> args("[1, \"c200\", \"" + CONN.toHex() + "\", \"2025-06-01T12:00:00Z\"]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument 1 (counting from 0) is not an Identity: expected 64 hex digits, \"0x\" and 64 "
                        + "hex digits, or {\"__identity__\": <the hex, or the number in decimal>}, got \"c200\"");
        assertThatThrownBy(() -> args("[1, \"" + ALICE.toHex() + "\", 5.5, \"2025-06-01T12:00:00Z\"]"))
                .hasMessageStartingWith("argument 2 (counting from 0) is not a ConnectionId: expected 32 hex digits")
                .hasMessageEndingWith(", got 5.5");
        assertThatThrownBy(() -> args("[\"x\", \"" + ALICE.toHex() + "\", \"" + CONN.toHex() + "\", \"now\"]"))
                .hasMessage("argument 0 (counting from 0) is not a long: got \"x\"");
    }
}
