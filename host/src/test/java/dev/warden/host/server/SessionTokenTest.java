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

/**
 * A socket's caller lives no longer than its token: expiry and key removal close it with 1008, whether or not the
 * client speaks (issue 23). The harness runs no sweep: a test sweeps itself.
 */
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
        assertThat(c.socket().closes).as("closed when the key went, not at the next message")
                .containsExactly("1008 token no longer valid");
        c.send(reducer(2, "add_note", string("with a removed key")));
        assertThat(c.socket().closes).containsExactly("1008 token no longer valid");
        assertThat(h.module.notes).isEmpty();
    }

    /** Issue 23: a quiet subscriber whose token had expired was still pushed every commit's rows. */
    @Test
    void aCommitAfterTheTokenExpiredClosesTheQuietSubscriberInsteadOfPushingToIt() {
        SessionHarness.Conn quiet = h.open(h.idp.tokens().user("alice")
                .expiresAt(h.clock.instant().plus(Duration.ofMinutes(10))).sign());
        quiet.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM notes")));
        SessionHarness.Conn other = h.open(h.user("alice"));
        other.send(reducer(1, "add_note", string("in time")));
        assertThat(quiet.socket().of(ServerMessage.TransactionUpdate.class)).hasSize(1);

        h.clock.advance(Duration.ofMinutes(10).plusSeconds(61));   // no sweep runs in the harness
        other.send(reducer(2, "add_note", string("too late for the quiet one")));
        assertThat(quiet.socket().closes).containsExactly("1008 token expired");
        assertThat(quiet.socket().of(ServerMessage.TransactionUpdate.class)).as("nothing pushed after expiry")
                .hasSize(1);
    }

    @Test
    void aSweepClosesAQuietSocketExactlyWhenItsTokenStopsValidating() {
        Instant exp = h.clock.instant().plus(Duration.ofMinutes(10));
        SessionHarness.Conn quiet = h.open(h.idp.tokens().user("alice").expiresAt(exp).sign());
        h.clock.advance(Duration.ofMinutes(11));   // exp + the validator's 60 s skew: still valid
        h.sessions.sweep();
        assertThat(quiet.socket().closes).isEmpty();
        h.clock.advance(Duration.ofSeconds(1));
        h.sessions.sweep();
        h.sessions.sweep();
        assertThat(quiet.socket().closes).containsExactly("1008 token expired");
    }

    /**
     * A key removal reported after the upgrade validated the token but before the socket registered could not
     * reach it: the socket checks its key when it opens, and never connects.
     */
    @Test
    void aKeyRemovedBetweenTheUpgradeAndTheOpeningEndsTheSocketBeforeItConnects() {
        SessionHarness.Conn c = h.session(h.user("alice"));   // validated, not yet open
        h.idp.rotateKeys(Duration.ZERO);
        h.validator.refreshKeys(h.idp.issuer());
        c.session().open(c.socket().session);
        assertThat(c.socket().closes).containsExactly("1008 token no longer valid");
        assertThat(c.socket().sent).as("no InitialConnection").isEmpty();
        assertThat(h.module.lifecycle).as("@OnConnect never ran").isEmpty();
    }

    /** A key removal that does not concern the socket's key leaves it open. */
    @Test
    void anotherIssuersKeyRemovalLeavesTheSocketOpen() {
        SessionHarness.Conn anonymous = h.open(h.local.mintAnonymous().token());
        SessionHarness.Conn alice = h.open(h.user("alice"));
        h.idp.rotateKeys(Duration.ZERO);
        h.validator.refreshKeys(h.idp.issuer());
        assertThat(alice.socket().closes).containsExactly("1008 token no longer valid");
        assertThat(anonymous.socket().closes).isEmpty();
        anonymous.send(reducer(1, "touch", new byte[0]));
        assertThat(anonymous.socket().of(ServerMessage.ReducerResult.class)).hasSize(1);
    }
}
