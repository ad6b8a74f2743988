package dev.warden.host.server;

import static dev.warden.host.server.WebSocketTest.reducer;
import static dev.warden.host.server.WebSocketTest.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.internal.v2.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Close racing open and messages, at the lock's granularity: Jetty may deliver the close while open() or a
 * message waits for the database's lock, which is the same as the close coming first.
 */
class SessionCloseTest {

    final SessionHarness h = new SessionHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aCloseBeforeOpenConnectsNobody() {
        SessionHarness.Conn c = h.session(h.user("alice"));
        c.close();
        c.session().open(c.socket().session);
        assertThat(h.module.lifecycle).isEmpty();
        assertThat(c.socket().sent).isEmpty();
        // no client left registered: a commit by someone else sends this one nothing
        SessionHarness.Conn bob = h.open(h.user("bob"));
        bob.send(reducer(1, "add_note", string("b")));
        assertThat(c.socket().sent).isEmpty();
    }

    @Test
    void aMessageAfterCloseIsDroppedAndOnDisconnectRunsOnce() {
        SessionHarness.Conn c = h.open(h.user("alice"));
        String hex = dev.warden.core.Identity.fromClaims(h.idp.issuer(), "alice").toHex();
        h.module.lifecycle.clear();
        c.close();
        c.send(reducer(1, "add_note", string("after close")));
        c.close();
        assertThat(h.module.notes).isEmpty();
        assertThat(c.socket().of(ServerMessage.ReducerResult.class)).isEmpty();
        assertThat(h.module.lifecycle).containsExactly("disconnect " + hex);
    }
}
