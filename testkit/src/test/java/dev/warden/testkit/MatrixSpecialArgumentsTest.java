package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Reducer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Matrix rows take Identity, ConnectionId and Instant arguments in the JSON forms the host's HTTP API takes,
 * and count arguments from 0, as HTTP does.
 */
@WardenTest(module = MatrixSpecialArgumentsTest.Guild.class, engine = MatrixSpecialArgumentsTest.Rules.class)
class MatrixSpecialArgumentsTest {

    /** Only the player themself may accept an invitation; a connection may close itself; nothing runs before 2025. */
    public static class Guild {
        @Reducer("invite")
        @Policy("isPlayer")
        public void invite(long guildId, Identity player) {}

        @Reducer("close")
        @Policy("isConnection")
        public void close(ConnectionId connection) {}

        @Reducer("schedule")
        @Policy("after2025")
        public void schedule(Instant at) {}
    }

    /** The three policies, each reading its special argument. */
    public static final class Rules implements EngineConfig {
        @Override
        public void configure(PolicyEngine.Builder engine, MockIssuer issuer) {
            engine.policy("isPlayer", (caller, call) -> call.arg(1, Identity.class).equals(caller.sender()))
                    .policy("isConnection", (caller, call) -> caller.connectionId()
                            .equals(java.util.Optional.of(call.arg(0, ConnectionId.class))))
                    .policy("after2025", (caller, call) -> call.arg(0, Instant.class)
                            .isAfter(Instant.parse("2025-01-01T00:00:00Z")));
        }
    }

    @Test
    void identityConnectionIdAndInstantArgumentsInEveryFormHttpTakes(TestHost<Guild> host, TestCallers callers) {
        CallerContext alice = callers.user("alice");
        CallerContext bob = callers.user("bob");
        String hex = alice.sender().toHex();
        String conn = alice.connectionId().orElseThrow().toHex();
        AuthorizationMatrix.fromMarkdown(String.join("\n",
                "| entry point | alice | bob |",
                "| --- | --- | --- |",
                "| invite(1, \"" + hex + "\") | allow | deny |",
                "| invite(1, \"0x" + hex + "\") | allow | deny |",
                "| invite(1, {\"__identity__\": \"0x" + hex + "\"}) | allow | deny |",
                "| invite(1, {\"__identity__\": " + new java.math.BigInteger(hex, 16) + "}) | allow | deny |",
                "| close(\"" + conn + "\") | allow | deny |",
                "| close({\"__connection_id__\": " + new java.math.BigInteger(conn, 16) + "}) | allow | deny |",
                "| schedule(\"2025-06-01T12:00:00Z\") | allow | allow |",
                "| schedule({\"__timestamp_micros_since_unix_epoch__\": 0}) | deny | deny |"))
                .verify(host, Map.of("alice", alice, "bob", bob));
        AuthorizationMatrix.fromCsv(String.join("\n",
                "entry point,alice,bob",
                "\"invite(1, {\"\"__identity__\"\": \"\"" + hex + "\"\"})\",allow,deny"))
                .verify(host, Map.of("alice", alice, "bob", bob));
    }

    @Test
    void aBadIdentityNamesTheArgumentCountedFrom0AndTheAcceptedForms(TestHost<Guild> host, TestCallers callers) {
        Map<String, CallerContext> who = Map.of("alice", callers.user("alice"));
        assertThatThrownBy(() -> AuthorizationMatrix.fromMarkdown(
                "| entry point | alice |\n| invite(1, \"c200\") | allow |").verify(host, who))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invite(1, \"c200\"): argument 1 (counting from 0) is not an Identity: expected 64 hex "
                        + "digits, \"0x\" and 64 hex digits, or {\"__identity__\": <the hex, or the number in "
                        + "decimal>}, got \"c200\"");
        assertThatThrownBy(() -> AuthorizationMatrix.fromMarkdown(
                "| entry point | alice |\n| schedule(\"tomorrow\") | allow |").verify(host, who))
                .hasMessageStartingWith("schedule(\"tomorrow\"): argument 0 (counting from 0) is not an Instant: "
                        + "expected {\"__timestamp_micros_since_unix_epoch__\": <an integer>} or an ISO-8601");
        assertThatThrownBy(() -> AuthorizationMatrix.fromMarkdown(
                "| entry point | alice |\n| invite(\"one\", \"c200\") | allow |").verify(host, who))
                .hasMessage("invite(\"one\", \"c200\"): argument 0 (counting from 0) is not a long: got \"one\"");
    }
}
