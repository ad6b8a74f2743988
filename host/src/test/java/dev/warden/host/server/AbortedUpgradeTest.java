package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ConnectionId;
import dev.warden.host.internal.v2.ServerMessage;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 (S3-4): the host claimed a {@code connection_id} before the upgrade and released it when the socket
 * closed, but an upgrade the client reset before the {@code 101} never opens a socket, so it never closed: its id
 * stayed claimed for good (the next upgrade with it got {@code 400 connection_id is in use}), and every aborted
 * handshake left one more id on the heap. An id is now claimed when the socket opens.
 */
class AbortedUpgradeTest {

    final StaffHost h = new StaffHost();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void anUpgradeResetBeforeItsAnswerLeavesItsConnectionIdFree() throws Exception {
        String alice = h.user("alice", h.clock.instant().plus(Duration.ofHours(1)));
        for (int round = 0; round < 3; round++) {
            ConnectionId id = ConnectionId.random();
            abortedUpgrade(alice, id);
            try (WsClient again = new WsClient(h.uri(), alice + "&connection_id=" + id.toHex())) {
                assertThat(again.next(ServerMessage.InitialConnection.class).connectionId()).isEqualTo(id);
            } catch (ExecutionException e) {
                throw new AssertionError("round " + round + ": the aborted upgrade's connection_id is still claimed",
                        e);
            }
        }
    }

    /**
     * Sends an upgrade with this id, and resets the connection while the host validates its token (so before the
     * host can answer); returns once the host's validation is over.
     */
    private void abortedUpgrade(String token, ConnectionId id) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch reset = new CountDownLatch(1);
        CountDownLatch left = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(true);
        h.onAccepted = t -> {
            if (armed.compareAndSet(true, false)) {
                inside.countDown();
                try {
                    reset.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    left.countDown();
                }
            }
        };
        try (Socket s = new Socket("127.0.0.1", h.host.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/database/board/subscribe?compression=None&token=" + token + "&connection_id="
                    + id.toHex() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: v2.bsatn.spacetimedb\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(inside.await(5, TimeUnit.SECONDS)).as("the host is validating the upgrade's token").isTrue();
            s.setSoLinger(true, 0);   // close() resets the connection
        }
        reset.countDown();
        assertThat(left.await(5, TimeUnit.SECONDS)).isTrue();
        h.onAccepted = t -> { };
    }

    @Test
    void ofTwoUpgradesRacingWithOneIdOnlyOneKeepsIt() throws Exception {
        ConnectionId id = ConnectionId.random();
        String alice = h.user("alice", h.clock.instant().plus(Duration.ofHours(1)));
        String bob = h.user("bob", h.clock.instant().plus(Duration.ofHours(1)));
        // both upgrades wait inside validation, so both pass the in-use check before either opens
        CountDownLatch bothInside = new CountDownLatch(2);
        h.onAccepted = t -> {
            bothInside.countDown();
            try {
                bothInside.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<WsClient> a = CompletableFuture.supplyAsync(() -> open(alice, id));
        CompletableFuture<WsClient> b = CompletableFuture.supplyAsync(() -> open(bob, id));
        // released together, the second may still find the id claimed at its check (400), or pass it and be
        // closed when it opens (1008): either way exactly one connection holds the id
        java.util.List<WsClient> opened = new java.util.ArrayList<>();
        int refusedAtUpgrade = 0;
        for (CompletableFuture<WsClient> f : java.util.List.of(a, b)) {
            try {
                opened.add(f.get(10, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable t = e;
                while (t != null && !(t instanceof java.net.http.WebSocketHandshakeException)) {
                    t = t.getCause();
                }
                assertThat(t).as("refused at the upgrade").isNotNull();
                assertThat(((java.net.http.WebSocketHandshakeException) t).getResponse().statusCode()).isEqualTo(400);
                refusedAtUpgrade++;
            }
        }
        h.onAccepted = t -> { };
        try {
            java.util.List<ServerMessage> first = new java.util.ArrayList<>();
            for (WsClient c : opened) {
                first.add(c.poll(5000));
            }
            assertThat(first.stream().filter(ServerMessage.InitialConnection.class::isInstance).toList())
                    .as("exactly one connection was opened").hasSize(1);
            if (opened.size() == 2) {
                WsClient refused = first.get(0) instanceof ServerMessage.InitialConnection ? opened.get(1)
                        : opened.get(0);
                assertThat(refused.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
                assertThat(refused.closeReason).isEqualTo(ConnectionIdTest.IN_USE);
            } else {
                assertThat(refusedAtUpgrade).isEqualTo(1);
            }
        } finally {
            for (WsClient c : opened) {
                c.close();
            }
        }
    }

    private WsClient open(String token, ConnectionId id) {
        try {
            return new WsClient(h.uri(), token + "&connection_id=" + id.toHex());
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
