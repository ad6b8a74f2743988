package dev.warden.host.internal.server;

import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.VerifiedToken;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.EntryPoint;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.NoSuchEntryPointException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * SpacetimeDB's HTTP routes (crates/client-api/src/routes/identity.rs and database.rs), with its status codes and
 * bodies: {@code POST /v1/identity}, {@code GET /v1/identity/public-key}, {@code POST
 * /v1/identity/websocket-token}, {@code GET /v1/identity/:identity/verify}, {@code POST
 * /v1/database/:name/call/:reducer}, {@code POST /v1/database/:name/sql} and {@code GET
 * /v1/database/:name/schema?version=9|10}. Values are SpacetimeDB's JSON ({@link Json}); error bodies are plain text,
 * as SpacetimeDB's.
 */
public final class HttpApi extends Handler.Abstract {

    /** Arguments larger than this are refused (413). */
    static final int MAX_BODY = 64 * 1024;
    /**
     * The most bytes a {@code /sql} body may have: room for the parser's {@link Sql#MAX_LENGTH} characters in UTF-8
     * (up to 3 bytes a character outside ASCII), whose limit then applies to the text itself.
     */
    static final int MAX_SQL_BODY = Sql.MAX_LENGTH * 3 + 1;
    private static final Pattern CALL = Pattern.compile("^/v1/database/([^/]+)/call/([^/]+)$");
    private static final Pattern VERIFY = Pattern.compile("^/v1/identity/([^/]+)/verify$");
    private static final Pattern SCHEMA = Pattern.compile("^/v1/database/([^/]+)/schema$");
    private static final Pattern SQL = Pattern.compile("^/v1/database/([^/]+)/sql$");

    private final Database database;
    private final String name;
    private final TokenValidator validator;
    private final LocalIssuer local;
    private final Identity owner;
    private final Map<String, byte[]> schemas = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Signature> signatures = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Routes without an owner: {@code /sql} is read-only for every caller, and private tables no caller's.
     *
     * @param database the served module
     * @param name the database name clients address
     * @param validator validates tokens
     * @param local the host's issuer
     */
    public HttpApi(Database database, String name, TokenValidator validator, LocalIssuer local) {
        this(database, name, validator, local, null);
    }

    /**
     * @param database the served module
     * @param name the database name clients address
     * @param validator validates tokens
     * @param local the host's issuer
     * @param owner the database's owner, whose {@code /sql} reads private tables and every row and runs DML, or null
     *     for none
     */
    public HttpApi(Database database, String name, TokenValidator validator, LocalIssuer local, Identity owner) {
        this.database = database;
        this.name = name;
        this.validator = validator;
        this.local = local;
        this.owner = owner;
    }

    /**
     * How an entry point's arguments and result travel as JSON.
     *
     * @param parameters its client parameters, typed
     * @param names their names
     * @param result its result, typed
     */
    private record Signature(List<Json.Typed> parameters, List<String> names, Json.Typed result) {

        static Signature of(Catalog.Callable c) {
            List<Json.Typed> params = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int i = 0;
            for (Parameter p : c.entryPoint().method().getParameters()) {
                if (p.getParameterizedType() instanceof Class<?> k && EntryPoint.isInjected(k)) {
                    continue;
                }
                params.add(Json.Typed.of(p.getParameterizedType(), p.getAnnotatedType(),
                        c.codecs() == null ? null : c.codecs().get(i)));
                names.add(p.getName());
                i++;
            }
            java.lang.reflect.Method m = c.entryPoint().method();
            return new Signature(List.copyOf(params), List.copyOf(names),
                    Json.Typed.of(m.getGenericReturnType(), m.getAnnotatedReturnType(), c.result()));
        }
    }

    /** A finished answer. */
    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Answer json(Object body) {
            return new Answer(200, "application/json", Json.write(body), Map.of());
        }

        Answer with(Map<String, String> more) {
            Map<String, String> all = new java.util.LinkedHashMap<>(headers);
            all.putAll(more);
            return new Answer(status, contentType, body, all);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        Answer a;
        if (path.equals("/v1/identity") && method.equals("POST")) {
            LocalIssuer.MintedToken m = local.mintAnonymous();
            a = Answer.json(Map.of("identity", m.identity().toHex(), "token", m.token()));
        } else if (path.equals("/v1/identity/public-key") && method.equals("GET")) {
            a = new Answer(200, "application/pem-certificate-chain",
                    local.publicKeyPem().getBytes(StandardCharsets.US_ASCII), Map.of());
        } else if (path.equals("/v1/identity/websocket-token") && method.equals("POST")) {
            a = websocketToken(request);
        } else if (VERIFY.matcher(path).matches() && method.equals("GET")) {
            Matcher m = VERIFY.matcher(path);
            m.matches();
            a = verify(request, m.group(1));
        } else if (SCHEMA.matcher(path).matches() && method.equals("GET")) {
            Matcher m = SCHEMA.matcher(path);
            m.matches();
            a = schema(request, m.group(1));
        } else if (SQL.matcher(path).matches()) {
            Matcher m = SQL.matcher(path);
            m.matches();
            a = method.equals("POST") ? sql(request, m.group(1)) : Answer.text(405, "use POST");
        } else if (CALL.matcher(path).matches()) {
            Matcher m = CALL.matcher(path);
            m.matches();
            a = method.equals("POST") ? call(request, m.group(1), m.group(2)) : Answer.text(405, "use POST");
        } else {
            return false;
        }
        // an answer given before the body was read (a refused token, a malformed header) still reads it, up to the
        // body cap: else Jetty closes the connection under a client that has already taken it for its next request
        Content.Source.asInputStream(request).readNBytes(MAX_BODY + 1);
        response.setStatus(a.status());
        a.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (a.body().length == 0) {
            callback.succeeded();
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
            response.write(true, ByteBuffer.wrap(a.body()), callback);
        }
        return true;
    }

    private static Credentials credentials(Request request) {
        return Credentials.read(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                Request.extractQueryParameters(request).getValue("token"));
    }

    /** A route that needs a token ({@code SpacetimeAuthRequired}): the verified token, or the answer. */
    private Object required(Request request) {
        Credentials c = credentials(request);
        if (c.malformed()) {
            return Answer.text(400, Credentials.MALFORMED);
        }
        if (c.token() == null) {
            return Answer.text(401, Credentials.REQUIRED);
        }
        try {
            return validator.validate(c.token());
        } catch (TokenRejectedException e) {
            return Answer.text(401, e.getMessage());
        }
    }

    private Answer websocketToken(Request request) {
        Object r = required(request);
        if (r instanceof Answer a) {
            return a;
        }
        String handed;
        try {
            // the handed token records what it was re-signed from: its socket lives by that on any host with this key
            handed = local.resign((VerifiedToken) r, Duration.ofSeconds(60)).token();
        } catch (IllegalArgumentException e) {
            // a claim JSON cannot write (LocalIssuer names it, quoted): the client's token, not a fault of the host
            return Answer.text(400, "the token cannot be exchanged: " + e.getMessage());
        }
        return Answer.json(Map.of("token", handed));
    }

    private Answer verify(Request request, String hex) {
        Identity claimed;
        try {
            claimed = Identity.fromHex(hex.startsWith("0x") ? hex.substring(2) : hex);
        } catch (IllegalArgumentException e) {
            return Answer.text(400, "invalid identity: " + e.getMessage());
        }
        Object r = required(request);
        if (r instanceof Answer a) {
            return a;
        }
        return ((VerifiedToken) r).identity().equals(claimed) ? new Answer(204, "", new byte[0], Map.of())
                : new Answer(400, "", new byte[0], Map.of());
    }

    /**
     * The module's {@code RawModuleDef} as SpacetimeDB's serde JSON (crates/client-api/src/routes/database.rs
     * {@code schema}): {@code version} is required and is {@code 9} or {@code 10}, else 400 with axum's query
     * rejection text. Derived once per version, on first request.
     */
    private Answer schema(Request request, String db) {
        if (!db.equals(name)) {
            return Answer.text(404, "No such database.");
        }
        java.util.List<String> versions = Request.extractQueryParameters(request).getValues("version");
        if (versions == null || versions.isEmpty()) {
            return Answer.text(400, "Failed to deserialize query string: missing field `version`");
        }
        String version = versions.get(0);
        if (!version.equals("9") && !version.equals("10")) {
            return Answer.text(400, "Failed to deserialize query string: unknown variant `" + version
                    + "`, expected `9` or `10`");
        }
        byte[] body;
        try {
            body = schemas.computeIfAbsent(version, v -> dev.warden.host.internal.schema.SatsJson.toBytes(
                    v.equals("9") ? dev.warden.host.internal.schema.ModuleDefs.v9(database.warden().module())
                            : dev.warden.host.internal.schema.ModuleDefs.v10(database.warden().module())));
        } catch (IllegalArgumentException e) {
            return Answer.text(500, "the module's definition cannot be described: " + e.getMessage());
        }
        return new Answer(200, "application/json", body, Map.of());
    }

    /**
     * SpacetimeDB's {@code POST /v1/database/:name/sql} ({@code sql} in crates/client-api/src/routes/database.rs): the
     * body is one statement; a caller without a token gets a new anonymous identity, as on the call route; the
     * caller is connected ({@code @OnConnect}), runs it, and is disconnected. The owner ({@code
     * HostServer.Builder.owner}, when set) reads private tables and every row, and runs {@code INSERT}, {@code
     * UPDATE} and {@code DELETE}; anyone else reads public tables and views through its row rules, and is refused
     * DML with SpacetimeDB's text. The answer is SpacetimeDB's {@code [SqlStmtResult]}; every refusal 400 with its
     * text.
     */
    private Answer sql(Request request, String db) throws IOException {
        return asCaller(request, db, MAX_SQL_BODY, this::runSql);
    }

    /** What a route does with the caller's token and the request's body (at most its limit, plus one byte). */
    private interface Route {
        Answer run(String token, byte[] body);
    }

    /**
     * The call and {@code /sql} routes' shared start, as SpacetimeDB's: the database must be this one; the bearer
     * token, or a new anonymous identity's when there is none, is validated; the answer carries the identity and
     * its token in the {@code spacetime-identity} headers.
     */
    private Answer asCaller(Request request, String db, int maxBody, Route route) throws IOException {
        if (!db.equals(name)) {
            return Answer.text(404, "No such database.");
        }
        Credentials c = credentials(request);
        if (c.malformed()) {
            return Answer.text(400, Credentials.MALFORMED);
        }
        Credentials.Resolved token = c.orMint(local);
        VerifiedToken verified;
        try {
            verified = validator.validate(token.token());
        } catch (TokenRejectedException e) {
            return Answer.text(401, e.getMessage());
        }
        Map<String, String> identity = Map.of("spacetime-identity", verified.identity().toHex(),
                "spacetime-identity-token", token.token());
        byte[] body = Content.Source.asInputStream(request).readNBytes(maxBody + 1);
        return route.run(token.token(), body).with(identity);
    }

    private Answer runSql(String token, byte[] body) {
        if (body.length > MAX_SQL_BODY) {
            return Answer.text(413, "the statement is larger than " + MAX_SQL_BODY + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return Answer.text(400, "Request body didn't contain valid UTF-8");
        }
        CallerContext caller;
        try {
            caller = database.connect(token, ConnectionId.random(), null);
        } catch (TokenRejectedException e) {
            return Answer.text(401, e.getMessage());
        } catch (AccessDeniedException | EntryPointFailedException e) {
            return Answer.text(403, Messages.of(e));
        }
        try {
            long start = System.nanoTime();
            Database.SqlResult result = database.sql(caller, text, owner != null && owner.equals(caller.sender()));
            List<com.fasterxml.jackson.databind.JsonNode> rows = SqlAnswer.rows(result);
            long micros = (System.nanoTime() - start) / 1000;
            return new Answer(200, "application/json", Json.write(List.of(SqlAnswer.of(result, rows, micros))),
                    Map.of("spacetime-execution-duration-micros", Long.toString(micros)));
        } catch (IllegalArgumentException e) {
            return Answer.text(400, e.getMessage());
        } catch (AccessDeniedException | EntryPointFailedException | dev.warden.db.DatabaseException e) {
            return Answer.text(400, Messages.of(e));
        } finally {
            database.disconnect(caller, null);
        }
    }

    private Answer call(Request request, String db, String reducer) throws IOException {
        return asCaller(request, db, MAX_BODY, (token, body) -> run(reducer, token, body));
    }

    /**
     * As SpacetimeDB: connect, call, disconnect; but the route and the arguments are checked first, so a call that
     * can only be refused (413, a lifecycle hook, no such reducer, bad arguments) runs no {@code @OnConnect} or
     * {@code @OnDisconnect}.
     */
    private Answer run(String reducer, String token, byte[] body) {
        if (body.length > MAX_BODY) {
            return Answer.text(413, "the arguments are larger than " + MAX_BODY + " bytes");
        }
        if (database.catalog().isLifecycle(reducer)) {
            return Answer.text(400, "can't directly call special lifecycle reducer " + reducer);
        }
        Catalog.Callable callable = database.catalog().callable(reducer)
                .filter(x -> x.entryPoint().kind() != EntryPointKind.VIEW).orElse(null);
        if (callable == null) {
            return Answer.text(404, "no such reducer");
        }
        Signature signature = signatures.computeIfAbsent(reducer, r -> Signature.of(callable));
        Object[] args;
        try {
            args = Json.arguments(body, signature.parameters(), signature.names());
        } catch (IllegalArgumentException e) {
            return Answer.text(400, "invalid arguments for " + reducer + ": " + e.getMessage());
        }
        CallerContext caller;
        try {
            caller = database.connect(token, ConnectionId.random(), null);
        } catch (TokenRejectedException e) {
            return Answer.text(401, e.getMessage());
        } catch (AccessDeniedException | EntryPointFailedException e) {
            return Answer.text(403, Messages.of(e));
        }
        try {
            return callAs(caller, reducer, callable, signature, args);
        } finally {
            database.disconnect(caller, null);
        }
    }

    private Answer callAs(CallerContext caller, String reducer, Catalog.Callable callable, Signature signature,
                          Object[] args) {
        Database.Outcome out;
        try {
            out = database.call(caller, callable, args, null);
        } catch (NoSuchEntryPointException e) {
            return Answer.text(404, "no such reducer");
        } catch (AccessDeniedException | EntryPointFailedException e) {
            return Answer.text(530, Messages.of(e));
        } catch (IllegalArgumentException e) {
            return Answer.text(400, "invalid arguments for " + reducer + ": " + e.getMessage());
        }
        if (callable.entryPoint().kind() == EntryPointKind.PROCEDURE) {
            return new Answer(200, "application/json", Json.result(out.result(), signature.result()), Map.of());
        }
        return new Answer(200, "", new byte[0], Map.of());
    }
}
