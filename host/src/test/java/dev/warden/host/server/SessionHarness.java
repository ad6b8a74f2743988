package dev.warden.host.server;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.internal.server.Catalog;
import dev.warden.host.internal.server.ClientSession;
import dev.warden.host.internal.server.Database;
import dev.warden.host.internal.server.Lifetime;
import dev.warden.host.internal.server.Sessions;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.host.internal.v2.V2Protocol;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import dev.warden.testkit.TestClock;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A {@link Database} and {@link ClientSession}s without Jetty: each session's socket is a proxy that records what
 * is sent and how it was closed, so tests can order events across threads exactly. Everything runs on a
 * {@link TestClock}; no sweep runs unless a test calls {@link Sessions#sweep()}.
 */
final class SessionHarness implements AutoCloseable {

    final TestClock clock = TestClock.now();
    final MockIssuer idp = MockIssuer.builder().clock(clock).start();
    final LocalIssuer local = LocalIssuer.builder().clock(clock).build();
    final TokenValidator validator = TokenValidator.builder().clock(clock).trust(idp.trust().build())
            .trust(local.trustedIssuer()).build();
    final BoardModule module = new BoardModule();
    final Warden<BoardModule> warden = Warden.builder(PolicyEngine.builder().build().compile(BoardModule.class), module)
            .validator(validator)
            .claims(ClaimsMapper.builder().roles(idp.issuer(), MockIssuer.roleMapping())
                    .anonymousIssuer(local.issuer()).build())
            .build();
    final Database database = new Database(warden, Catalog.of(warden.module()));
    /** The open sessions, told of key removals; a test sweeps them itself ({@link Sessions#sweep()}). */
    final Sessions sessions = new Sessions(validator);

    /** A connection's recorded socket. */
    static final class Socket {
        final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
        final List<String> closes = new CopyOnWriteArrayList<>();
        volatile boolean open = true;
        /** Runs on the sending thread before a message is recorded. */
        volatile Consumer<ServerMessage> beforeSend = m -> { };
        final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isOpen":
                            return open;
                        case "sendBinary":
                            ServerMessage m = V2Protocol.decodeServerMessage(bytes((ByteBuffer) args[0]));
                            beforeSend.accept(m);
                            sent.add(m);
                            return null;
                        case "close":
                            closes.add(args.length >= 2 ? args[0] + " " + args[1] : "close");
                            open = false;
                            return null;
                        case "disconnect":
                            closes.add("disconnect");
                            open = false;
                            return null;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "recorded socket";
                        default:
                            return null;
                    }
                });

        private static byte[] bytes(ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }

        @SuppressWarnings("unchecked")
        <T extends ServerMessage> List<T> of(Class<T> type) {
            return (List<T>) sent.stream().filter(type::isInstance).toList();
        }
    }

    /** A session and its socket. */
    record Conn(ClientSession session, Socket socket, Database database) {
        /** Sends a message and waits until the host's writer has handled it and sent its answers. */
        void send(ClientMessage m) {
            session.binary(V2Protocol.encodeClientMessage(m));
            database.drain(java.time.Duration.ofSeconds(10));
        }

        /** Reports the close, as Jetty does, and waits until the writer has handled it. */
        void close() {
            session.closed();
            database.drain(java.time.Duration.ofSeconds(10));
        }
    }

    /** What POST /v1/identity/websocket-token does: re-sign for 60 s. */
    String websocketToken(String original) {
        return local.resign(validator.validate(original), java.time.Duration.ofSeconds(60)).token();
    }

    /** @return a session for the token, not yet open, as the upgrade makes it (the token validated now) */
    Conn session(String token) {
        long removalsSeen = sessions.removals();
        Lifetime lifetime = Lifetime.of(validator.validate(token), local, removalsSeen);
        return new Conn(new ClientSession(database, token, ConnectionId.random(), lifetime, sessions), new Socket(),
                database);
    }

    /** @return a session for the token, opened */
    Conn open(String token) {
        Conn c = session(token);
        c.session().open(c.socket().session);
        return c;
    }

    String user(String name, String... roles) {
        return idp.tokens().user(name).roles(roles).sign();
    }

    @Override
    public void close() {
        sessions.close();
        validator.close();
        idp.close();
    }
}
