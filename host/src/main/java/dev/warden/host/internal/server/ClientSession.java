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
import dev.warden.host.internal.v2.V3Protocol;
import dev.warden.host.internal.v2.Compression;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.NoSuchEntryPointException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One {@code v2.bsatn.spacetimedb} or {@code v3.bsatn.spacetimedb} connection ({@link Wire}): {@code @OnConnect} when it opens (a refusal drops the connection
 * without a close frame, as SpacetimeDB returns from the upgraded socket), {@code InitialConnection}, then one
 * answer per client message, and {@code @OnDisconnect} when it closes. It lives no longer than the token it lives
 * by ({@link Lifetime}): once that token has expired or the key that verified it went away, the connection is closed
 * with 1008, by {@link Sessions} even while the client is quiet, and a message or an update is never handled or
 * pushed after that. A frame that is not a client message closes the connection with 1011, as SpacetimeDB does.
 * Over v3, a frame may hold several client messages: they are handled in order, their answers sent together in as
 * few frames as {@link V3Protocol} allows; a malformed message closes the connection after those before it.
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
    private final Wire wire;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Session session;
    private volatile CallerContext caller;
    /**
     * The encoded messages transmitted while a v3 frame's messages are handled, not yet sent (at most a frame's
     * worth); null otherwise. Guarded by this session.
     */
    private List<byte[]> coalescing;
    /** The bytes in {@link #coalescing}. Guarded by this session. */
    private long coalescedBytes;
    /** Set once the connection closed; guarded by the database's lock, as every event is handled under it. */
    private boolean closed;
    /** Set as soon as Jetty reports the close, before the writer handles it: an open after it connects nobody. */
    private volatile boolean closeReported;

    /**
     * How a connection's frames are made.
     *
     * @param v3 whether it speaks {@code v3.bsatn.spacetimedb} (else v2)
     * @param compression what it asked for
     */
    public record Wire(boolean v3, Compression compression) {
        /** {@code v2.bsatn.spacetimedb}, uncompressed. */
        public static final Wire V2 = new Wire(false, Compression.NONE);

        String subprotocol() {
            return v3 ? V3Protocol.SUBPROTOCOL : V2Protocol.SUBPROTOCOL;
        }
    }

    /**
     * @param database the served module
     * @param token the token the client connected with (or minted for it)
     * @param connectionId the connection id
     * @param lifetime what the connection lives by, read from {@code token}
     * @param sessions the open connections, which end this one when its token stops being valid
     */
    public ClientSession(Database database, String token, ConnectionId connectionId, Lifetime lifetime,
                         Sessions sessions) {
        this(database, token, connectionId, lifetime, sessions, Wire.V2);
    }

    /**
     * @param database the served module
     * @param token the token the client connected with (or minted for it)
     * @param connectionId the connection id
     * @param lifetime what the connection lives by, read from {@code token}
     * @param sessions the open connections, which end this one when its token stops being valid
     * @param wire the subprotocol and compression the upgrade chose
     */
    public ClientSession(Database database, String token, ConnectionId connectionId, Lifetime lifetime,
                         Sessions sessions, Wire wire) {
        this.wire = wire;
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
        synchronized (this) {
            Session s = session;
            if (coalescing != null) {
                byte[] body = V2Protocol.encodeBody(message);
                // a frame's answers go out as each 512 KiB frame fills, so one frame of many queries never has
                // the host hold more than a frame's worth of answers for it
                if (coalescedBytes != 0 && coalescedBytes + body.length > V3Protocol.MAX_UNCOMPRESSED_PAYLOAD) {
                    flushCoalesced(s);
                }
                coalescing.add(body);
                coalescedBytes += body.length;
                return;
            }
            if (s != null && s.isOpen() && live()) {
                s.sendBinary(ByteBuffer.wrap(V2Protocol.encodeServerMessage(message, wire.compression())),
                        Callback.NOOP);
            }
        }
    }

    /** Sends what was coalesced so far as one v3 frame; guarded by this session. */
    private void flushCoalesced(Session s) {
        if (!coalescing.isEmpty() && s != null && s.isOpen() && live()) {
            s.sendBinary(ByteBuffer.wrap(V2Protocol.frameOf(coalescing, wire.compression())), Callback.NOOP);
        }
        coalescing.clear();
        coalescedBytes = 0;
    }

    /**
     * Runs the handling of a v3 frame's messages, coalescing what is transmitted meanwhile (from any thread, so in
     * transmit order) into v3 frames of up to {@link V3Protocol#MAX_UNCOMPRESSED_PAYLOAD}, each sent as it fills and
     * the last when the handling ends.
     */
    private void coalesced(Runnable handling) {
        synchronized (this) {
            coalescing = new ArrayList<>();
            coalescedBytes = 0;
        }
        try {
            handling.run();
        } finally {
            synchronized (this) {
                flushCoalesced(session);
                coalescing = null;
            }
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
            if (closed || closeReported) {
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
        if (wire.v3()) {
            binaryV3(frame);
            return;
        }
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
        Parsed queries = Parsed.of(message, database);
        // handled by the database's writer, under its lock, so no later commit's update overtakes the answer
        database.submit(() -> {
            if (!closed && caller != null) {
                handle(message, queries);
            }
        });
    }

    /**
     * A v3 frame: its messages handled in order under one hold of the database's lock, their answers (and any
     * update a commit sends this client meanwhile) sent together after the last; a malformed message, or an empty
     * frame, closes the connection with 1011 after the messages before it were handled.
     */
    private void binaryV3(byte[] frame) {
        V3Protocol.ClientFrame decoded = V3Protocol.decodeClientMessages(frame);
        String close = decoded.error() == null ? null : "invalid client message: " + decoded.error().getMessage();
        if (decoded.messages().isEmpty() || !live()) {
            if (close != null) {
                session.close(StatusCode.SERVER_ERROR, close, Callback.NOOP);
            }
            return;
        }
        List<Parsed> queries = decoded.messages().stream().map(m -> Parsed.of(m, database)).toList();
        database.submit(() -> {
            coalesced(() -> {
                for (int i = 0; i < queries.size() && !closed && caller != null; i++) {
                    handle(decoded.messages().get(i), queries.get(i));
                }
            });
            if (close != null) {
                // after the answers to the messages before the malformed one, which may wait for their sync
                afterSent(() -> session.close(StatusCode.SERVER_ERROR, close, Callback.NOOP));
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
    private record Parsed(List<Plan> queries, RuntimeException error) {
        static Parsed of(ClientMessage message, Database database) {
            try {
                if (message instanceof ClientMessage.Subscribe s) {
                    return new Parsed(database.parse(s.queryStrings()), null);
                }
                if (message instanceof ClientMessage.OneOffQuery q) {
                    return new Parsed(List.of(database.plan(q.queryString())), null);
                }
                return new Parsed(List.of(), null);
            } catch (RuntimeException e) {
                return new Parsed(List.of(), e);
            }
        }

        List<Plan> orThrow() {
            if (error != null) {
                throw error;
            }
            return queries;
        }
    }

    @Override
    public void text(String text) {
        session.close(StatusCode.SERVER_ERROR, wire.subprotocol() + " takes binary frames", Callback.NOOP);
    }

    /** Runs {@code @OnDisconnect} once, if the connection was connected; later messages are dropped. */
    @Override
    public void closed() {
        closeReported = true;
        sessions.remove(this);
        // after the messages it sent before closing, which the writer may not have handled yet
        database.submit(() -> {
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
