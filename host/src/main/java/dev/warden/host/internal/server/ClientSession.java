package dev.warden.host.internal.server;

import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.TokenRejectedException;
import dev.warden.host.BsatnException;
import dev.warden.host.internal.v2.ClientMessage;
import dev.warden.host.internal.ws.WsEndpoint;
import dev.warden.host.internal.v2.ProcedureStatus;
import dev.warden.host.internal.v2.QueryResult;
import dev.warden.host.internal.v2.ReducerOutcome;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.storage.StorageException;
import dev.warden.host.internal.v2.UnsubscribeFlags;
import dev.warden.host.internal.v2.V2Protocol;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.NoSuchEntryPointException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One {@code v2.bsatn.spacetimedb} connection: {@code @OnConnect} when it opens (a refusal drops the connection
 * without a close frame, as SpacetimeDB returns from the upgraded socket), {@code InitialConnection}, then one
 * answer per client message, and {@code @OnDisconnect} when it closes. It lives no longer than the token it lives
 * by ({@link Lifetime}): once that token has expired or the key that verified it went away, the connection is closed
 * with 1008, by {@link Sessions} even while the client is quiet, and a message or an update is never handled or
 * pushed after that. A frame that is not a client message closes the connection with 1011, as SpacetimeDB does.
 */
public final class ClientSession extends Client implements WsEndpoint.Events {

    /** The close reason (1008) once the token has expired. */
    static final String EXPIRED = "token expired";
    /** The close reason (1008) once the key that verified the token went away. */
    static final String KEY_GONE = "token no longer valid";

    private final Database database;
    private final String token;
    private final ConnectionId connectionId;
    private final Lifetime lifetime;
    private final Sessions sessions;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Session session;
    private volatile CallerContext caller;
    /** Set once the connection closed; guarded by the database's lock, as every event is handled under it. */
    private boolean closed;

    /**
     * @param database the served module
     * @param token the token the client connected with (or minted for it)
     * @param connectionId the connection id
     * @param lifetime what the connection lives by, read from {@code token}
     * @param sessions the open connections, which end this one when its token stops being valid
     */
    public ClientSession(Database database, String token, ConnectionId connectionId, Lifetime lifetime,
                         Sessions sessions) {
        this.database = database;
        this.token = token;
        this.connectionId = connectionId;
        this.lifetime = lifetime;
        this.sessions = sessions;
    }

    Lifetime lifetime() {
        return lifetime;
    }

    @Override
    CallerContext caller() {
        return caller;
    }

    @Override
    void transmit(ServerMessage message) {
        Session s = session;
        if (s != null && s.isOpen() && live()) {
            s.sendBinary(ByteBuffer.wrap(V2Protocol.encodeServerMessage(message)), Callback.NOOP);
        }
    }

    @Override
    void abandon(String why) {
        Session s = session;
        if (s != null) {
            s.close(StatusCode.SERVER_ERROR, why, Callback.NOOP);
        }
    }

    /**
     * Connects, and sends {@code InitialConnection} before any update another commit could send. A refusal drops
     * the connection.
     */
    @Override
    public void open(Session s) {
        this.session = s;
        sessions.add(this);
        if (!live() || keyWentAwaySinceValidation()) {
            return;
        }
        database.exclusive(() -> {
            if (closed) {
                return;   // closed while waiting for the lock: never connected, so never disconnected
            }
            try {
                caller = database.connect(token, connectionId, this);
            } catch (RuntimeException e) {
                s.disconnect();
                return;
            }
            send(new ServerMessage.InitialConnection(caller.sender(), connectionId, token));
        });
    }

    @Override
    public void binary(byte[] frame) {
        ClientMessage message;
        try {
            message = V2Protocol.decodeClientMessage(frame);
        } catch (BsatnException e) {
            session.close(StatusCode.SERVER_ERROR, "invalid client message: " + e.getMessage(), Callback.NOOP);
            return;
        }
        if (!live()) {
            return;   // ended: the message is not handled
        }
        Parsed queries = Parsed.of(message);
        // the answer goes out under the database's lock, so no later commit's update overtakes it
        database.exclusive(() -> {
            if (!closed && caller != null) {
                handle(message, queries);
            }
        });
    }

    /**
     * Whether the connection may still be served: not ended, and its token not expired (which ends it now, so a
     * message or an update between two sweeps is never handled or pushed).
     */
    private boolean live() {
        if (ended.get()) {
            return false;
        }
        if (lifetime.expired(sessions.validator())) {
            end(EXPIRED);
            return false;
        }
        return true;
    }

    /**
     * A key removal reported between this connection's validation and its registration with {@link Sessions}
     * cannot have ended it: if one was, its key is checked now (once registered, later removals reach it).
     *
     * @return whether the connection was ended for it
     */
    private boolean keyWentAwaySinceValidation() {
        if (sessions.removals() == lifetime.removalsSeen()) {
            return false;
        }
        boolean inUse;
        try {
            inUse = lifetime.keyInUse(sessions.validator());
        } catch (TokenRejectedException e) {
            inUse = false;   // the issuer's keys cannot be had: its tokens would not validate either
        }
        if (!inUse) {
            end(KEY_GONE);
        }
        return !inUse;
    }

    /**
     * Ends the connection with 1008 and this reason, once; from any thread, without the database's lock. Nothing is
     * handled or pushed on it after this; {@code @OnDisconnect} runs when the close completes.
     *
     * @param reason {@link #EXPIRED} or {@link #KEY_GONE}
     */
    void end(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Session s = session;
        if (s != null) {
            s.close(StatusCode.POLICY_VIOLATION, reason, Callback.NOOP);
        }
    }

    /** A Subscribe's or OneOffQuery's queries, parsed before taking the lock, or why they could not be. */
    private record Parsed(List<Query> queries, RuntimeException error) {
        static Parsed of(ClientMessage message) {
            try {
                if (message instanceof ClientMessage.Subscribe s) {
                    return new Parsed(Database.parse(s.queryStrings()), null);
                }
                if (message instanceof ClientMessage.OneOffQuery q) {
                    return new Parsed(List.of(Query.parse(q.queryString())), null);
                }
                return new Parsed(List.of(), null);
            } catch (RuntimeException e) {
                return new Parsed(List.of(), e);
            }
        }

        List<Query> orThrow() {
            if (error != null) {
                throw error;
            }
            return queries;
        }
    }

    @Override
    public void text(String text) {
        session.close(StatusCode.SERVER_ERROR, "v2.bsatn.spacetimedb takes binary frames", Callback.NOOP);
    }

    /** Runs {@code @OnDisconnect} once, if the connection was connected; later messages are dropped. */
    @Override
    public void closed() {
        sessions.remove(this);
        database.exclusive(() -> {
            if (closed) {
                return;
            }
            closed = true;
            if (caller != null) {
                database.disconnect(caller, this);
            }
        });
    }

    private void handle(ClientMessage message, Parsed queries) {
        if (message instanceof ClientMessage.CallReducer c) {
            Instant at = now();   // the transaction's timestamp: what ReducerContext.timestamp() shows
            send(new ServerMessage.ReducerResult(c.requestId(), at, reducer(c.reducer(), c.args(), at)));
        } else if (message instanceof ClientMessage.CallProcedure c) {
            Instant start = now();
            long t0 = System.nanoTime();
            ProcedureStatus status = procedure(c.procedure(), c.args());
            send(new ServerMessage.ProcedureResult(status, start,
                    Duration.ofNanos(System.nanoTime() - t0).truncatedTo(ChronoUnit.MICROS), c.requestId()));
        } else if (message instanceof ClientMessage.Subscribe s) {
            try {
                send(new ServerMessage.SubscribeApplied(s.requestId(), s.querySetId(),
                        database.subscribeParsed(this, s.querySetId(), queries.orThrow())));
            } catch (RuntimeException e) {
                send(new ServerMessage.SubscriptionError(Optional.of(s.requestId()), s.querySetId(), Messages.of(e)));
            }
        } else if (message instanceof ClientMessage.Unsubscribe u) {
            var rows = database.unsubscribe(this, u.querySetId());
            send(new ServerMessage.UnsubscribeApplied(u.requestId(), u.querySetId(),
                    u.flags() == UnsubscribeFlags.SEND_DROPPED_ROWS ? rows : Optional.empty()));
        } else if (message instanceof ClientMessage.OneOffQuery q) {
            QueryResult result;
            try {
                result = new QueryResult.Ok(database.query(caller, queries.orThrow().get(0)));
            } catch (RuntimeException e) {
                result = new QueryResult.Err(Messages.of(e));
            }
            send(new ServerMessage.OneOffQueryResult(q.requestId(), result));
        }
    }

    private ReducerOutcome reducer(String name, byte[] bytes, Instant at) {
        Catalog.Callable c = database.catalog().callable(name)
                .filter(x -> x.entryPoint().kind() == EntryPointKind.REDUCER).orElse(null);
        if (c == null) {
            return new ReducerOutcome.InternalError("no such reducer: " + name);
        }
        try {
            Database.Outcome out = database.call(caller, c, c.decode(bytes), this, at);
            return out.own().isEmpty() ? new ReducerOutcome.OkEmpty()
                    : new ReducerOutcome.Ok(new byte[0], new ServerMessage.TransactionUpdate(out.own()));
        } catch (AccessDeniedException | EntryPointFailedException e) {
            return ReducerOutcome.Err.of(Messages.of(e));
        } catch (NoSuchEntryPointException e) {
            return new ReducerOutcome.InternalError("no such reducer: " + name);
        } catch (BsatnException | IllegalArgumentException e) {
            return new ReducerOutcome.InternalError("invalid arguments for " + name + ": " + e.getMessage());
        } catch (StorageException e) {
            return new ReducerOutcome.InternalError(e.getMessage());   // refused: never acknowledged
        }
    }

    private ProcedureStatus procedure(String name, byte[] bytes) {
        Catalog.Callable c = database.catalog().callable(name)
                .filter(x -> x.entryPoint().kind() == EntryPointKind.PROCEDURE).orElse(null);
        if (c == null) {
            return new ProcedureStatus.InternalError("no such procedure: " + name);
        }
        try {
            return new ProcedureStatus.Returned(c.encodeResult(database.call(caller, c, c.decode(bytes), null)
                    .result()));
        } catch (AccessDeniedException | EntryPointFailedException | NoSuchEntryPointException
                 | BsatnException | IllegalArgumentException e) {
            return new ProcedureStatus.InternalError(Messages.of(e));
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
