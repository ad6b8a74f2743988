package dev.warden.host.server;

import static dev.warden.host.server.WebSocketTest.reducer;
import static dev.warden.host.server.WebSocketTest.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ServerMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A socket's caller lives no longer than its token: expiry and key removal close it with 1008. */
class SessionTokenTest {

    final SessionHarness h = new SessionHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aMessageAfterTheTokenExpiredClosesTheSocketAndRunsNothing() {
        Instant exp = h.clock.instant().plus(Duration.ofMinutes(10));
        SessionHarness.Conn c = h.open(h.idp.tokens().user("alice").expiresAt(exp).sign());
        c.send(reducer(1, "add_note", string("in time")));
        assertThat(c.socket().of(ServerMessage.ReducerResult.class)).hasSize(1);

        // within the validator's 60 s clock skew the token is still good
        h.clock.advance(Duration.ofMinutes(10).plusSeconds(30));
        c.send(reducer(2, "add_note", string("within skew")));
        assertThat(c.socket().closes).isEmpty();

        h.clock.advance(Duration.ofSeconds(31));
        c.send(reducer(3, "add_note", string("too late")));
        assertThat(c.socket().closes).containsExactly("1008 token expired");
        assertThat(h.module.notes).extracting(BoardModule.Note::text).containsExactly("in time", "within skew");
        assertThat(c.socket().of(ServerMessage.ReducerResult.class)).hasSize(2);
    }

    @Test
    void aSocketOpenedWithAWebsocketTokenLivesByTheTokenTheClientExchanged() throws Exception {
        Instant exp = h.clock.instant().plus(Duration.ofHours(1));
        String original = h.idp.tokens().user("alice").expiresAt(exp).sign();
        String handed = h.websocketToken(original); // as POST /v1/identity/websocket-token answers: valid 60 s
        SessionHarness.Conn c = h.open(handed);
        h.clock.advance(Duration.ofMinutes(30));
        c.send(reducer(1, "add_note", string("half an hour later")));
        assertThat(c.socket().closes).as("the 60-second token is only the handshake's").isEmpty();
        h.clock.advance(Duration.ofMinutes(32));
        c.send(reducer(2, "add_note", string("after the exchanged token expired")));
        assertThat(c.socket().closes).containsExactly("1008 token expired");
        assertThat(h.module.notes).extracting(BoardModule.Note::text).containsExactly("half an hour later");
    }

    @Test
    void aMessageAfterTheIssuerRemovedTheSigningKeyClosesTheSocket() {
        SessionHarness.Conn c = h.open(h.user("alice"));
        c.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM notes")));
        assertThat(c.socket().of(ServerMessage.SubscribeApplied.class)).hasSize(1);

        h.idp.rotateKeys(Duration.ZERO);
        assertThat(h.validator.refreshKeys(h.idp.issuer())).hasSize(1);
        c.send(reducer(2, "add_note", string("with a removed key")));
        assertThat(c.socket().closes).containsExactly("1008 token no longer valid");
        assertThat(h.module.notes).isEmpty();
    }
}
