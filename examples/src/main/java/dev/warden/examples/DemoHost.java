package dev.warden.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.NoSuchEntryPointException;
import dev.warden.policy.host.Warden;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SpacetimeDB-style HTTP host on the JDK's {@code HttpServer}, embedding Warden:
 *
 * <ul>
 *   <li>{@code POST /v1/identity}: a new anonymous identity and its token, from the {@link LocalIssuer};</li>
 *   <li>{@code GET /v1/identity/public-key}: the local issuer's public key (PEM);</li>
 *   <li>{@code POST /v1/database/{db}/call/{reducer}}: a JSON array of arguments;</li>
 *   <li>{@code GET /v1/database/{db}/view/{view}}: a view's rows for the caller.</li>
 * </ul>
 *
 * The token comes from {@code Authorization: Bearer} or {@code ?token=}. As SpacetimeDB: 400 malformed token,
 * 401 invalid token, 403 connection rejected or call denied (with the reason), 404 unknown entry point or
 * database; bad JSON is 400 with a message; a reducer that fails is 422 with the module's message.
 */
public final class DemoHost implements AutoCloseable {

    private static final Pattern CALL = Pattern.compile("^/v1/database/([A-Za-z0-9_-]+)/(call|view)/([A-Za-z0-9_]+)$");
    private static final int MAX_BODY = 64 * 1024;

    private final Warden<ChatModule> warden;
    private final LocalIssuer local;
    private final String database;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "demo-host");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Identity.class, new StdSerializer<Identity>(Identity.class) {
                private static final long serialVersionUID = 1L;

                @Override
                public void serialize(Identity v, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(v.toHex());
                }
            })
            .addSerializer(java.time.Instant.class, new StdSerializer<java.time.Instant>(java.time.Instant.class) {
                private static final long serialVersionUID = 1L;

                @Override
                public void serialize(java.time.Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(v.toString());
                }
            }));

    /**
     * @param warden the wired module
     * @param local the host's own issuer
     * @param database the database name clients address
     * @param port the port on 127.0.0.1 (0 for any free port)
     * @throws IOException if the port cannot be bound
     */
    public DemoHost(Warden<ChatModule> warden, LocalIssuer local, String database, int port) throws IOException {
        this.warden = warden;
        this.local = local;
        this.database = database;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @return the base URL, for example {@code http://127.0.0.1:3000} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/v1/identity") && method.equals("POST")) {
                LocalIssuer.MintedToken minted = local.mintAnonymous();
                send(ex, 200, Map.of("identity", minted.identity().toHex(), "token", minted.token()));
                return;
            }
            if (path.equals("/v1/identity/public-key") && method.equals("GET")) {
                byte[] pem = local.publicKeyPem().getBytes(StandardCharsets.US_ASCII);
                ex.getResponseHeaders().set("Content-Type", "application/x-pem-file");
                ex.sendResponseHeaders(200, pem.length);
                ex.getResponseBody().write(pem);
                return;
            }
            Matcher m = CALL.matcher(path);
            if (!m.matches()) {
                send(ex, 404, error("no such route"));
                return;
            }
            if (!m.group(1).equals(database)) {
                send(ex, 404, error("no such database"));
                return;
            }
            boolean call = m.group(2).equals("call");
            if (!method.equals(call ? "POST" : "GET")) {
                send(ex, 405, error("use " + (call ? "POST" : "GET")));
                return;
            }
            Object[] args;
            try {
                args = call ? arguments(ex.getRequestBody()) : new Object[0];
            } catch (IllegalArgumentException e) {
                send(ex, 400, error(e.getMessage()));
                return;
            }
            String token = token(ex);
            if (token == null) {
                send(ex, 401, error("missing token: use Authorization: Bearer <token> or ?token="));
                return;
            }
            serve(ex, token, m.group(3), args);
        } catch (RuntimeException e) {
            send(ex, 500, error("internal error"));
        }
    }

    private void serve(HttpExchange ex, String token, String entryPoint, Object[] args) throws IOException {
        CallerContext caller;
        try {
            caller = warden.connect(token, ConnectionId.random());
        } catch (TokenRejectedException e) {
            boolean malformed = e.reason() == RejectionReason.MALFORMED || e.reason() == RejectionReason.TOO_LARGE;
            send(ex, malformed ? 400 : 401, error(malformed ? "malformed token: " + e.getMessage() : e.getMessage()));
            return;
        } catch (AccessDeniedException e) {
            send(ex, 403, error("connection rejected: " + e.decision().reason()));
            return;
        } catch (EntryPointFailedException e) {
            send(ex, 403, error("connection rejected: " + rootMessage(e)));
            return;
        }
        try {
            Object result = warden.call(caller, entryPoint, args);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("result", result);
            send(ex, 200, body);
        } catch (NoSuchEntryPointException e) {
            send(ex, 404, error(e.getMessage()));
        } catch (AccessDeniedException e) {
            send(ex, 403, error(e.decision().reason()));
        } catch (EntryPointFailedException e) {
            send(ex, 422, error("reducer failed: " + rootMessage(e)));
        } catch (IllegalArgumentException e) {
            send(ex, 400, error(e.getMessage()));
        } finally {
            warden.disconnect(caller);
        }
    }

    private Object[] arguments(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("body larger than " + MAX_BODY + " bytes");
        }
        if (body.length == 0) {
            return new Object[0];
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not valid JSON");
        }
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("body must be a JSON array of arguments");
        }
        List<Object> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (n.isTextual()) {
                out.add(n.textValue());
            } else if (n.isIntegralNumber() && n.canConvertToLong()) {
                out.add(n.longValue());
            } else if (n.isNumber()) {
                out.add(n.doubleValue());
            } else if (n.isBoolean()) {
                out.add(n.booleanValue());
            } else if (n.isNull()) {
                out.add(null);
            } else {
                throw new IllegalArgumentException("arguments must be strings, numbers, booleans or null");
            }
        }
        return out.toArray();
    }

    private static String token(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")) {
                    return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
