package dev.warden.host.server;

import static dev.warden.host.server.WebSocketTest.reducer;
import static dev.warden.host.server.WebSocketTest.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.host.internal.server.Catalog;
import dev.warden.host.internal.server.ClientSession;
import dev.warden.host.internal.server.Database;
import dev.warden.host.internal.server.Lifetime;
import dev.warden.host.internal.server.Sessions;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.host.Warden;
import dev.warden.storage.StorageException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With a commit log attached, a WebSocket client hears of a commit (its own reducer's result, another's update) only
 * once the commit is durable, and never if it cannot be stored.
 */
class DurableDeliveryTest {

    /** A module with one public table. */
    public static class Ledger {
        @Table(name = "entry", access = Access.PUBLIC)
        public record Entry(@PrimaryKey @AutoInc long id, String text) {}

        @Reducer("add")
        @Public
        public void add(ReducerContext ctx, String text) {
            ctx.db().table(Entry.class).insert(new Entry(0, text));
        }
    }

    final LocalIssuer local = LocalIssuer.builder().build();
    final TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
    final Warden<Ledger> warden = Warden.builder(PolicyEngine.builder().build().compile(Ledger.class), new Ledger())
            .validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
    final Database database = new Database(warden, Catalog.of(warden.module()));
    final Sessions sessions = new Sessions(validator);
    /** What the log answers the next commit with. */
    final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(CompletableFuture.completedFuture(null));

    DurableDeliveryTest() {
        warden.database().attach(c -> next.get());
    }

    @AfterEach
    void stop() {
        sessions.close();
        validator.close();
    }

    SessionHarness.Conn open() {
        String token = local.mintAnonymous().token();
        ClientSession s = new ClientSession(database, token, ConnectionId.random(),
                Lifetime.of(validator.validate(token), local, sessions.removals()), sessions);
        SessionHarness.Conn c = new SessionHarness.Conn(s, new SessionHarness.Socket(), database);
        s.open(c.socket().session);
        return c;
    }

    @Test
    void aResultAndAnUpdateGoOutOnlyOnceTheCommitIsDurable() {
        SessionHarness.Conn a = open();
        SessionHarness.Conn b = open();
        b.send(new ClientMessage.Subscribe(1, new QuerySetId(1), List.of("SELECT * FROM entry")));
        assertThat(b.socket().of(ServerMessage.SubscribeApplied.class)).hasSize(1);

        CompletableFuture<Void> sync = new CompletableFuture<>();
        next.set(sync);
        a.send(reducer(2, "add", string("hello")));
        // committed in memory, not yet durable: neither the caller nor the subscriber hears of it
        assertThat(warden.database().read(() -> warden.database().db().table(Ledger.Entry.class).count()))
                .isEqualTo(1);
        assertThat(a.socket().of(ServerMessage.ReducerResult.class)).isEmpty();
        assertThat(b.socket().of(ServerMessage.TransactionUpdate.class)).isEmpty();

        sync.complete(null);
        database.delivered(java.time.Duration.ofSeconds(10));
        assertThat(a.socket().of(ServerMessage.ReducerResult.class)).singleElement()
                .satisfies(r -> assertThat(r.result()).isInstanceOf(ReducerOutcome.OkEmpty.class));   // a is not subscribed
        assertThat(b.socket().of(ServerMessage.TransactionUpdate.class)).hasSize(1);
    }

    @Test
    void aCommitThatCannotBeStoredIsNeverAcknowledgedAndLaterWritesAreRefused() {
        SessionHarness.Conn a = open();
        CompletableFuture<Void> sync = new CompletableFuture<>();
        next.set(sync);
        a.send(reducer(2, "add", string("lost")));
        StorageException diskFull = new StorageException(StorageException.Reason.WRITE_FAILED,
                "a commit could not be stored: the disk is full", null);
        sync.completeExceptionally(diskFull);
        database.delivered(java.time.Duration.ofSeconds(10));
        assertThat(a.socket().of(ServerMessage.ReducerResult.class)).isEmpty();
        assertThat(a.socket().closes).containsExactly("1011 the host could not store a transaction and refuses"
                + " writes");

        // until a restart, what a new client would be told may rest on the lost commit: it is not told either
        SessionHarness.Conn b = open();
        database.delivered(java.time.Duration.ofSeconds(10));
        assertThat(b.socket().closes).containsExactly("1011 the host could not store a transaction and refuses"
                + " writes");
    }

    @Test
    void aMalformedV3MessageClosesTheConnectionOnlyAfterTheAnswersBeforeItAreSent() {
        String token = local.mintAnonymous().token();
        ClientSession s = new ClientSession(database, token, ConnectionId.random(),
                Lifetime.of(validator.validate(token), local, sessions.removals()), sessions,
                new ClientSession.Wire(true, dev.warden.host.internal.v2.Compression.NONE));
        SessionHarness.Socket socket = new SessionHarness.Socket();
        s.open(socket.session);
        CompletableFuture<Void> sync = new CompletableFuture<>();
        next.set(sync);
        byte[] call = dev.warden.host.internal.v2.V3Protocol.encodeClientMessages(
                java.util.List.of(reducer(7, "add", string("before the bad one"))));
        byte[] frame = java.util.Arrays.copyOf(call, call.length + 1);
        frame[call.length] = (byte) 0xEE;   // no client message has this tag
        s.binary(frame);
        database.drain(java.time.Duration.ofSeconds(10));
        // the reducer's result waits for its sync, and the close waits behind it
        assertThat(socket.of(ServerMessage.ReducerResult.class)).isEmpty();
        assertThat(socket.closes).isEmpty();

        sync.complete(null);
        database.delivered(java.time.Duration.ofSeconds(10));
        assertThat(socket.of(ServerMessage.ReducerResult.class)).singleElement()
                .satisfies(r -> assertThat(r.requestId()).isEqualTo(7));
        assertThat(socket.closes).singleElement().asString().startsWith("1011 invalid client message: ");
    }
}
