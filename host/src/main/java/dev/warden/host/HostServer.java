package dev.warden.host;

import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.internal.server.BodyDeadline;
import dev.warden.host.internal.server.BsatnRowFormat;
import dev.warden.host.internal.server.Catalog;
import dev.warden.host.internal.server.Cors;
import dev.warden.host.internal.server.Database;
import dev.warden.host.internal.server.GatedConnector;
import dev.warden.host.internal.server.Guard;
import dev.warden.host.internal.server.HttpApi;
import dev.warden.host.internal.server.LiveConnections;
import dev.warden.host.internal.server.PlainErrors;
import dev.warden.host.internal.server.Sessions;
import dev.warden.host.internal.server.Upgrade;
import dev.warden.policy.host.Warden;
import dev.warden.storage.Durability;
import dev.warden.storage.Storage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A host SpacetimeDB's client SDKs talk to, serving one module through Warden on Jetty 12: SpacetimeDB's HTTP
 * routes with its status codes and bodies, and the WebSocket endpoint {@code /v1/database/{name}/subscribe} with
 * the {@code v2.bsatn.spacetimedb} protocol.
 *
 * <pre>{@code
 * try (HostServer host = HostServer.builder(warden, validator, localIssuer).database("chat").port(0).start()) {
 *     URI uri = host.uri();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>Tables: clients subscribe to the module's views that take no arguments and return a {@code List} of records
 * ({@code SELECT * FROM posts}, optionally {@code WHERE column = literal}); each subscriber's rows are the view
 * evaluated as that subscriber (its rule and {@code @VisibleRows}), again after every call, and the difference is
 * sent as a {@code TransactionUpdate}. Reducer and procedure arguments are the BSATN product (over the WebSocket)
 * or the JSON array (over HTTP) of the entry point's parameters after its {@code CallerContext}. The validator
 * should trust {@code localIssuer.trustedIssuer()}, so anonymous and re-signed tokens validate.
 *
 * <p>A WebSocket connection lives no longer than its token: when the token expires ({@code exp} plus the validator's
 * clock skew) or the key that verified it is no longer listed by its issuer (the validator's key removals), the host
 * closes the connection with 1008, whether or not the client speaks, and pushes it nothing after. A token handed out
 * at {@code POST /v1/identity/websocket-token} (re-signed by {@code localIssuer} for 60 seconds, as SpacetimeDB does
 * for its SDKs' upgrades) records the token the client exchanged, so its connection lives by that one instead: on any
 * host whose {@link LocalIssuer} has the same key pair (instances behind one address, or this host after a restart:
 * give them the same {@link LocalIssuer.Builder#keyFiles key files}), with nothing kept per exchange. A host with
 * another key refuses such a token at the upgrade (401 {@code UNKNOWN_KEY}).
 *
 * <p>Limits on what one client can hold, each a builder setting with a safe default:
 * <ul>
 * <li>{@link Builder#maxConnections(int) maxConnections} (default {@value #DEFAULT_MAX_CONNECTIONS}): TCP
 *     connections served at once, HTTP and WebSocket together; one more is answered {@code 503} and closed at
 *     once (rather than left waiting in the operating system's backlog) until one closes.</li>
 * <li>{@link Builder#maxConnectionsPerAddress(int) maxConnectionsPerAddress} (default
 *     {@value #DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}): connections one client address holds at once (an IPv6
 *     address counts by its /64), so one client cannot take every connection; past it, {@code 503} at once.
 *     Behind a reverse proxy every client has the proxy's address: raise it to {@code maxConnections}.</li>
 * <li>{@link Builder#requestHeadTimeout(Duration) requestHeadTimeout} (default 10 s): how long a request's
 *     line and headers may take to arrive whole, from the connection's opening (or, on a kept-alive connection,
 *     from the end of the previous request); past it the connection is closed, so a head sent a line at a time
 *     does not hold a connection. A kept-alive connection idle that long is closed too.</li>
 * <li>{@link Builder#maxQueuedMessages(int) maxQueuedMessages} (default {@value #DEFAULT_MAX_QUEUED_MESSAGES}):
 *     messages waiting to be written to one WebSocket client, which has stopped reading or reads too slowly; one
 *     more drops the connection (the client sees 1006) rather than drop a message the client's cache depends on.
 *     Memory per client is about this many times the largest message.</li>
 * <li>{@link Builder#requestBodyTimeout(Duration) requestBodyTimeout} (default 10 s): how long an HTTP request's
 *     body may take to arrive whole (arguments are at most 64 KiB); past it the connection is dropped, so a body
 *     sent a byte at a time does not hold a thread.</li>
 * <li>{@link Builder#maxSubscribedRows(long) maxSubscribedRows} (default {@value #DEFAULT_MAX_SUBSCRIBED_ROWS}): the
 *     rows all subscriptions of all clients hold together, which every commit evaluates again. Identical
 *     subscriptions (the same queries on a table, read by callers who see the same rows) share one evaluation, so
 *     they cost once; a subscription that needs new rows past the budget is refused with a
 *     {@code SubscriptionError}. A join subscription counts the rows of both its tables, which a commit to either
 *     reads again. One connection holds at most 64 query sets of at most 32 queries, and at most 16 join
 *     queries.</li>
 * </ul>
 * Jetty's idle timeout (30 s without a byte either way) still applies to both kinds of connection; a query's text
 * is at most 50,000 characters (SpacetimeDB's limit), and the plans the host keeps of distinct texts are bounded by
 * their texts' total length (about 2 million characters).
 *
 * <p>Durable tables: with {@link Builder#data(Path) data(dir)} the module's tables are kept in {@code dir} (warden-storage,
 * SQLite) and rebuilt from it at the next start; {@code @Init} runs on the first start only. By default
 * ({@link Durability#DURABLE}) a client hears of a transaction, its own reducer's success or another's update, only
 * once the transaction is synced to disk; concurrent calls share one sync. If a transaction cannot be stored (disk
 * full, I/O error), the caller hears a failure, WebSocket connections waiting on it are closed (1011), and every later
 * write is refused until the host restarts. Each connected client (WebSocket, or HTTP call) is recorded in the store
 * with its {@code @OnConnect}'s commit and removed with its {@code @OnDisconnect}'s; a start runs {@code @OnDisconnect}
 * for each client an earlier run left recorded (killed while it was connected), before serving, with a caller that has
 * the client's identity and connection id but no token (kind {@code INTERNAL}). A close runs the hook of every client
 * still connected. Without {@code data} the tables live in memory only.
 */
public final class HostServer implements AutoCloseable {

    /** The default of {@link Builder#maxConnections(int)}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** The default of {@link Builder#maxQueuedMessages(int)}. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 256;
    /** The default of {@link Builder#requestBodyTimeout(Duration)}. */
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(10);
    /** The default of {@link Builder#maxConnectionsPerAddress(int)}. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
    /** The default of {@link Builder#requestHeadTimeout(Duration)}. */
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);
    /** The default of {@link Builder#maxSubscribedRows(long)}. */
    public static final long DEFAULT_MAX_SUBSCRIBED_ROWS = 250_000;

    private final Server server;
    private final int port;
    private final Sessions sessions;
    private final Database database;
    private final Storage storage;

    private HostServer(Server server, int port, Sessions sessions, Database database, Storage storage) {
        this.database = database;
        this.storage = storage;
        this.server = server;
        this.port = port;
        this.sessions = sessions;
    }

    /**
     * @param warden the guarded module, built with the same validator
     * @param validator validates tokens (for the identity routes and before WebSocket upgrades)
     * @param localIssuer the host's own issuer: anonymous identities and re-signed WebSocket tokens
     * @return a builder: database {@code module}, port 0 (any free port), on 127.0.0.1
     */
    public static Builder builder(Warden<?> warden, TokenValidator validator, LocalIssuer localIssuer) {
        return new Builder(warden, validator, localIssuer);
    }

    /** @return the bound port */
    public int port() {
        return port;
    }

    /** @return the base URI, {@code http://host:port} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops serving; open WebSocket connections are closed. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the host did not stop cleanly: " + e.getMessage(), e);
        } finally {
            sessions.close();
            database.close();
            if (storage != null) {
                storage.close();
            }
        }
    }

    /**
     * Writes a consistent copy of the module's stored tables to a new file while the host runs; restore it with
     * {@link Storage#restore(Path, Path)} into an empty data directory before a start.
     *
     * @param file where to write it; must not exist
     * @throws IllegalStateException if the host keeps its tables in memory only
     * @throws dev.warden.storage.StorageException if the file cannot be written
     */
    public void backup(Path file) {
        if (storage == null) {
            throw new IllegalStateException("this host keeps its tables in memory only: there is nothing to back up");
        }
        storage.backup(file);
    }

    /**
     * Runs a scheduled reducer as the module itself, in a transaction, then sends what it changed to the
     * subscribers at once (as does a reducer run through {@code Warden.runScheduled} directly, or any other commit of
     * the module's database: those are published by the host's own publisher thread).
     *
     * @param entryPoint the scheduled reducer
     * @param args its arguments
     * @return its result
     * @throws dev.warden.policy.NoSuchEntryPointException if the module has no scheduled reducer of that name
     * @throws dev.warden.policy.EntryPointFailedException if it threw (its changes are rolled back)
     */
    public Object runScheduled(String entryPoint, Object... args) {
        return database.runScheduled(entryPoint, args);
    }

    /** Configures a {@link HostServer}. */
    public static final class Builder {
        private final Warden<?> warden;
        private final TokenValidator validator;
        private final LocalIssuer local;
        private String database = "module";
        private int port;
        private String host = "127.0.0.1";
        private Identity owner;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
        private Duration requestBodyTimeout = DEFAULT_REQUEST_BODY_TIMEOUT;
        private long maxSubscribedRows = DEFAULT_MAX_SUBSCRIBED_ROWS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private Duration requestHeadTimeout = DEFAULT_REQUEST_HEAD_TIMEOUT;
        private Path data;
        private Durability durability = Durability.DURABLE;

        private Builder(Warden<?> warden, TokenValidator validator, LocalIssuer local) {
            this.warden = Objects.requireNonNull(warden, "warden");
            this.validator = Objects.requireNonNull(validator, "validator");
            this.local = Objects.requireNonNull(local, "localIssuer");
        }

        /**
         * @param name the database name clients address ({@code /v1/database/{name}/...})
         * @return this builder
         */
        public Builder database(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("database name must be 1 to 64 of A-Z a-z 0-9 _ -");
            }
            this.database = name;
            return this;
        }

        /**
         * @param port the port, 0 for any free one
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param address the address to bind (default {@code 127.0.0.1})
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.host = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param owner the database owner, whom {@code @Init} runs as (default: the Warden's module identity), and
         *     whose {@code POST /v1/database/:name/sql} reads private tables and every row; without this call, nobody
         *     is the owner for {@code /sql} (every caller reads public tables through its row rules)
         * @return this builder
         */
        public Builder owner(Identity owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        /**
         * @param max how many TCP connections (HTTP and WebSocket together) are served at once, at least 1; past
         *     it a new connection is answered {@code 503} and closed at once, until one closes (default
         *     {@value #DEFAULT_MAX_CONNECTIONS})
         * @return this builder
         */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * @param max how many messages may wait to be written to one WebSocket client, at least 1; one more drops
         *     the connection (default {@value #DEFAULT_MAX_QUEUED_MESSAGES})
         * @return this builder
         */
        public Builder maxQueuedMessages(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxQueuedMessages must be at least 1, got " + max);
            }
            this.maxQueuedMessages = max;
            return this;
        }

        /**
         * @param timeout how long an HTTP request may take to arrive whole, body included, counted from its
         *     headers; past it the connection is dropped (default 10 seconds)
         * @return this builder
         */
        public Builder requestBodyTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestBodyTimeout must be positive, got " + timeout);
            }
            this.requestBodyTimeout = timeout;
            return this;
        }

        /**
         * How many connections one client may hold, so that one client cannot take all {@code maxConnections}. A
         * client is its IPv4 address, or the /64 prefix of its IPv6 address. A connection past the limit is
         * answered {@code 503} and closed at once. Behind a reverse proxy or a shared NAT many clients share one
         * address: raise it accordingly (to {@code maxConnections} to turn it off).
         *
         * @param max how many connections one client address may hold at once, at least 1 (default
         *     {@value #DEFAULT_MAX_CONNECTIONS_PER_ADDRESS})
         * @return this builder
         */
        public Builder maxConnectionsPerAddress(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnectionsPerAddress must be at least 1, got " + max);
            }
            this.maxConnectionsPerAddress = max;
            return this;
        }

        /**
         * How long a request's head (its request line and headers) may take to arrive whole, counted from the
         * connection's opening, or on a kept-alive connection from the end of the previous request; past it the
         * connection is closed. Jetty's idle timeout restarts at every byte, so without this a client sending a
         * header line every few seconds would hold a connection for ever. It also closes kept-alive HTTP
         * connections idle that long; a WebSocket, once upgraded, is not affected. The body then has
         * {@link #requestBodyTimeout(Duration)}.
         *
         * @param timeout how long a request's head may take to arrive whole (default 10 seconds)
         * @return this builder
         */
        public Builder requestHeadTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestHeadTimeout must be positive, got " + timeout);
            }
            this.requestHeadTimeout = timeout;
            return this;
        }

        /**
         * The budget of subscribed rows for the whole host. A subscription's rows for one table cost the rows of the
         * view it filters, as its caller sees them (at least 1), and are counted once however many subscriptions
         * ask the same: the same queries on a view whose rows are the same for everyone (no {@code CallerContext}
         * parameter, no {@code @VisibleRows}), or on any view from one connection. A query set that needs rows past
         * the budget is refused with a {@code SubscriptionError} ({@code "too many rows subscribed on this host:
         * ..."}), and nothing of it is held; rows that commits add to existing subscriptions count too. The work of
         * every commit (running the subscribed views again, encoding and comparing their rows) is bounded by this
         * budget.
         *
         * @param max the most rows all subscriptions together may hold, at least 1 (default
         *     {@value #DEFAULT_MAX_SUBSCRIBED_ROWS})
         * @return this builder
         */
        public Builder maxSubscribedRows(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSubscribedRows must be at least 1, got " + max);
            }
            this.maxSubscribedRows = max;
            return this;
        }

        /**
         * Keeps the module's tables in a data directory: loaded from it at start, every commit stored in it. The
         * Warden's database must be empty then (nothing committed before {@link #start()}).
         *
         * @param directory the data directory (created if missing; one host at a time)
         * @return this builder
         */
        public Builder data(Path directory) {
            this.data = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * @param mode when a client hears that its transaction succeeded, with {@link #data(Path)} (default
         *     {@link Durability#DURABLE}: once it is synced to disk)
         * @return this builder
         */
        public Builder durability(Durability mode) {
            this.durability = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * With {@link #data(Path)}, loads the stored tables first (and runs {@code @Init} only on the first start);
         * runs the module's {@code @Init} as the owner, then starts serving.
         *
         * @return the running host
         * @throws IllegalStateException if the port cannot be bound
         * @throws dev.warden.storage.StorageException if the data directory cannot be used, is damaged, or holds
         *     tables the module changed incompatibly (the message names each table and column)
         */
        public HostServer start() {
            Identity initAs = owner == null ? warden.moduleIdentity() : owner;
            // what can be refused without touching the data directory is refused first (a view's row type
            // without a BSATN mapping), so a failed start leaves neither the store open nor @Init marked as run
            Catalog catalog = Catalog.of(warden.module());
            Storage storage = null;
            Database db = null;
            Sessions sessions = null;
            Server server = null;
            try {
                if (data != null) {
                    storage = Storage.at(data).durability(durability).format(new BsatnRowFormat())
                            .open(warden.database());
                    storage.initialize(() -> warden.init(initAs));
                } else {
                    warden.init(initAs);
                }
                db = new Database(warden, catalog, maxSubscribedRows, storage);
                db.disconnectLeftovers();   // the connections a kill left, before anyone connects
                server = new Server();
                sessions = new Sessions(validator).sweepEvery(Sessions.SWEEP_INTERVAL);
                HttpConfiguration http = new HttpConfiguration();
                // room for tokens up to TokenValidator's own cap (16 KiB), so an oversized one is Warden's 401
                http.setRequestHeaderSize(32 * 1024);
                GatedConnector connector = new GatedConnector(server, new HttpConnectionFactory(http), maxConnections,
                        maxConnectionsPerAddress, requestHeadTimeout);
                connector.setHost(host);
                connector.setPort(port);
                server.addConnector(connector);
                Database served = db;
                Sessions open = sessions;
                WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
                    container.setMaxOutgoingFrames(maxQueuedMessages);
                    container.addMapping("/v1/database/*", new Upgrade(served, database, validator, local,
                            new LiveConnections(), open));
                });
                ws.setHandler(new BodyDeadline(new HttpApi(db, database, validator, local, owner),
                        requestBodyTimeout));
                // a failure never reaches Jetty's own handling, which logs and shows the URI and so a ?token=
                server.setHandler(new Guard(connector.watchingHeads(new Cors(new Handler.Sequence(ws)))));
                server.setErrorHandler(new PlainErrors());
                try {
                    server.start();
                } catch (Exception e) {
                    throw new IllegalStateException("the host could not start on " + host + ":" + port + ": "
                            + e.getMessage(), e);
                }
                return new HostServer(server, connector.getLocalPort(), sessions, db, storage);
            } catch (RuntimeException | Error e) {
                // nothing a failed start opened stays open: the server, the sweeps, the writer, the store's lock
                if (server != null) {
                    try {
                        server.stop();
                    } catch (Exception ignored) {
                        // the start failure is the one to report
                    }
                }
                if (sessions != null) {
                    sessions.close();
                }
                if (db != null) {
                    db.close();
                }
                if (storage != null) {
                    storage.close();
                }
                throw e;
            }
        }
    }
}
