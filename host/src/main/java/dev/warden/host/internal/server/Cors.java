package dev.warden.host.internal.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * CORS on {@code /v1} as SpacetimeDB answers it (crates/client-api/src/routes/mod.rs: tower-http's {@code CorsLayer}
 * with {@code allow_origin(Any)}, {@code allow_methods(Any)} and {@code allow_headers([AUTHORIZATION, ACCEPT,
 * CONTENT_TYPE])}): every answer under {@code /v1} carries {@code Access-Control-Allow-Origin: *} and the default
 * {@code Vary}; every {@code OPTIONS} request there is a preflight, answered {@code 200} with an empty body and the
 * allowed methods and headers, before any route or token is looked at. No credentials are allowed: the host
 * authenticates by bearer tokens, which a page sends itself, never by cookies a browser would attach.
 */
public final class Cors extends Handler.Wrapper {

    static final String VARY = "origin, access-control-request-method, access-control-request-headers";
    static final String ALLOWED_HEADERS = "authorization,accept,content-type";

    /** @param next the routes */
    public Cors(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!applies(request)) {
            return super.handle(request, response, callback);
        }
        addHeaders(request, response);
        if (request.getMethod().equals("OPTIONS")) {
            HttpFields.Mutable h = response.getHeaders();
            h.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "*");
            h.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            response.setStatus(200);
            h.put(HttpHeader.CONTENT_LENGTH, "0");
            response.write(true, null, callback);
            return true;
        }
        return super.handle(request, response, callback);
    }

    private static boolean applies(Request request) {
        String path = Request.getPathInContext(request);
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    /**
     * Puts the headers every answer under {@code /v1} carries (again, after a reset: see {@link Guard}).
     *
     * @param request the request
     * @param response its answer, not committed
     */
    static void addHeaders(Request request, Response response) {
        if (applies(request)) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.getHeaders().add(HttpHeader.VARY, VARY);
        }
    }
}
