package dev.warden.host.server;

import static dev.warden.host.server.WebSocketTest.reducer;
import static dev.warden.host.server.WebSocketTest.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.LocalIssuer;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 (S3-2), through real sockets: a socket lives no longer than the token it lives by, whether or not its
 * client speaks. Before, only a message from the client closed it: a quiet subscriber whose token had expired (or
 * whose signing key the issuer had removed) kept receiving its private rows. The host closes such a socket (1008)
 * at {@code exp} plus the validator's clock skew, when the issuer's keys go, and before it would push to it.
 *
 * <p>And the socket of a token handed out at {@code POST /v1/identity/websocket-token} lives by the token the client
 * exchanged on any host that shares the {@link LocalIssuer}'s key: the handed token carries what the socket needs.
 */
class SocketLifetimeTest {

    static final Duration SKEW = Duration.ofSeconds(60);

    final StaffHost h = new StaffHost();

    @AfterEach
    void stop() {
        h.close();
    }

    private Instant in(Duration d) {
        return h.clock.instant().plus(d);
    }

    /** @return a connected client subscribed to its own notes */
    private static WsClient subscribed(WsClient c, String table) throws Exception {
        c.next(ServerMessage.InitialConnection.class);
        c.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM " + table)));
        c.next(ServerMessage.SubscribeApplied.class);
        return c;
    }

    /** Adds a note as this token's holder, through another socket. */
    private void addNote(String token, String text) throws Exception {
        try (WsClient other = h.connect(token)) {
            other.next(ServerMessage.InitialConnection.class);
            other.send(reducer(1, "add_note", string(text)));
            assertThat(other.next(ServerMessage.ReducerResult.class).result()).isEqualTo(new ReducerOutcome.OkEmpty());
        }
    }

    private static void assertClosed(WsClient c, String reason) throws Exception {
        assertThat(c.closed.get(5, TimeUnit.SECONDS)).as("closed by the host").isEqualTo(1008);
        assertThat(c.closeReason).isEqualTo(reason);
    }

    @Test
    void aQuietSubscriberIsClosedWhenItsTokenExpiresAndReceivesNoPrivateRowAfter() throws Exception {
        String alice = h.user("alice", in(Duration.ofMinutes(10)));
        try (WsClient quiet = subscribed(h.connect(alice), "notes")) {
            addNote(h.user("alice", in(Duration.ofHours(1))), "before");
            assertThat(StaffHost.inserted(quiet.next(ServerMessage.TransactionUpdate.class))).containsExactly("before");

            h.clock.advance(Duration.ofMinutes(10).plus(SKEW).plusSeconds(1));
            HttpResponse<String> r = h.post("/v1/identity/websocket-token", alice);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).startsWith("EXPIRED");
            assertClosed(quiet, "token expired");
            addNote(h.user("alice", in(Duration.ofHours(1))), "after");
            assertThat(quiet.received).as("no row after the token expired").isEmpty();
        }
    }

    @Test
    void aQuietSubscriberIsClosedWhenTheIssuerRemovesItsSigningKey() throws Exception {
        String carol = h.user("carol", in(Duration.ofHours(1)));
        try (WsClient quiet = subscribed(h.connect(carol), "notes")) {
            h.idp.rotateKeys(Duration.ZERO);
            assertThat(h.validator.refreshKeys(h.idp.issuer())).hasSize(1);
            HttpResponse<String> r = h.post("/v1/identity/websocket-token", carol);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).startsWith("UNKNOWN_KEY");
            assertClosed(quiet, "token no longer valid");
            addNote(h.user("carol", in(Duration.ofHours(1))), "with the new key");
            assertThat(quiet.received).as("no row after the key was removed").isEmpty();
        }
    }

    @Test
    void aDemotedAdminStopsSeeingAdminRowsOnceTheTokenThatCarriedTheRoleExpires() throws Exception {
        String adminToken = h.user("dana", in(Duration.ofMinutes(10)), "admin");
        try (WsClient admin = subscribed(h.connect(adminToken), "all_notes")) {
            addNote(h.user("bob", in(Duration.ofHours(1))), "bob's first");
            assertThat(StaffHost.inserted(admin.next(ServerMessage.TransactionUpdate.class)))
                    .containsExactly("bob's first");

            // dana is demoted: the IdP's tokens for her no longer carry the role; the one her socket holds does
            String demoted = h.user("dana", in(Duration.ofHours(1)));
            h.clock.advance(Duration.ofMinutes(10).plus(SKEW).plusSeconds(1));
            assertClosed(admin, "token expired");
            addNote(h.user("bob", in(Duration.ofHours(1))), "bob's second");
            assertThat(admin.received).as("no admin row after the admin token expired").isEmpty();

            try (WsClient again = h.connect(demoted)) {
                again.next(ServerMessage.InitialConnection.class);
                again.send(new ClientMessage.Subscribe(2, new QuerySetId(1), List.of("SELECT * FROM all_notes")));
                assertThat(again.next(ServerMessage.SubscriptionError.class).error())
                        .contains("requires any role of [admin]");
            }
        }
    }

    @Test
    void aHandedTokenOpensASocketOnAnotherHostSharingTheKeyWhichLivesByTheExchangedToken() throws Exception {
        String alice = h.user("alice", in(Duration.ofHours(1)));
        String handed = h.websocketToken(alice);
        try (StaffHost other = h.sibling(h.local); WsClient c = other.connect(handed)) {
            c.next(ServerMessage.InitialConnection.class);
            h.clock.advance(Duration.ofMinutes(30));
            c.send(reducer(1, "add_note", string("half an hour later")));
            assertThat(c.next(ServerMessage.ReducerResult.class).result())
                    .as("the 60-second token was only the handshake's").isEqualTo(new ReducerOutcome.OkEmpty());
            h.clock.advance(Duration.ofMinutes(30).plus(SKEW).plusSeconds(1));
            assertClosed(c, "token expired");
            assertThat(other.module.notes).extracting(StaffModule.Note::text).containsExactly("half an hour later");
        }
    }

    @Test
    void aHandedTokenStillOpensALastingSocketAfterTheHostRestarts() throws Exception {
        String alice = h.user("alice", in(Duration.ofHours(1)));
        String handed = h.websocketToken(alice);
        h.host.close();   // the same host restarted: a new process, the same key
        try (StaffHost restarted = h.sibling(h.local); WsClient c = restarted.connect(handed)) {
            c.next(ServerMessage.InitialConnection.class);
            h.clock.advance(Duration.ofMinutes(30));
            c.send(reducer(1, "add_note", string("after the restart")));
            assertThat(c.next(ServerMessage.ReducerResult.class).result()).isEqualTo(new ReducerOutcome.OkEmpty());
        }
    }

    @Test
    void aHostWithAnotherKeyRefusesAHandedTokenBeforeTheUpgrade() throws Exception {
        String handed = h.websocketToken(h.user("alice", in(Duration.ofHours(1))));
        try (StaffHost stranger = h.sibling(LocalIssuer.builder().clock(h.clock).build())) {
            HttpResponse<String> r = stranger.post("/v1/identity/websocket-token", handed);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).startsWith("UNKNOWN_KEY");
        }
    }

    @Test
    void aHandedTokenWhoseOriginalKeyWentAwayNeitherOpensNorKeepsASocket() throws Exception {
        String alice = h.user("alice", in(Duration.ofHours(1)));
        String handed = h.websocketToken(alice);
        String handedToo = h.websocketToken(alice);
        try (WsClient open = h.connect(handed)) {
            open.next(ServerMessage.InitialConnection.class);
            h.idp.rotateKeys(Duration.ZERO);
            h.validator.refreshKeys(h.idp.issuer());
            assertClosed(open, "token no longer valid");
        }
        // the handed token itself is the host's and still valid: the key of the token it came from is not
        HttpResponse<String> r = h.post("/v1/identity/websocket-token", handedToo);
        assertThat(r.statusCode()).as("the re-signed token validates").isEqualTo(200);
        try (StaffHost other = h.sibling(h.local)) {
            java.net.http.WebSocketHandshakeException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    java.net.http.WebSocketHandshakeException.class, () -> {
                        try {
                            other.connect(handedToo).close();
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw e.getCause();
                        }
                    });
            assertThat(refused).as("the upgrade is refused").isNotNull();
            assertThat(refused.getResponse().statusCode()).isEqualTo(401);
            assertThat(refused.getResponse().body()).isEqualTo("UNKNOWN_KEY: the key that verified the token "
                    + "exchanged for this one is no longer in use");
        }
    }

    /**
     * Key removals are seen when the validator fetches the issuer's keys, which validations do once the key cache
     * (five minutes) has expired; the host's sweep looks up the keys of its open sockets, so a quiet socket is closed
     * within one key-cache period of its key's removal even when nothing else validates a token of that issuer.
     */
    @Test
    void aQuietSocketIsClosedWithinAKeyCachePeriodOfItsKeysRemovalWithoutOtherTraffic() throws Exception {
        try (WsClient quiet = subscribed(h.connect(h.user("carol", in(Duration.ofHours(1)))), "notes")) {
            h.idp.rotateKeys(Duration.ZERO);   // no refreshKeys, no other token validated
            h.clock.advance(Duration.ofMinutes(4));
            assertThat(quiet.closed.isDone()).as("the key cache still holds the key").isFalse();
            h.clock.advance(Duration.ofMinutes(1).plusSeconds(1));
            assertClosed(quiet, "token no longer valid");
            assertThat(quiet.received).isEmpty();
        }
    }
}
