package dev.warden.host.internal.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler: a request that fails inside the host, by a throw or by a failed callback, is answered
 * {@code 500 internal error} here and logged with its method and path only, never its query. SpacetimeDB's SDKs
 * put the token in the query ({@code ?token=}), and Jetty, left to handle the failure, would log its own
 * {@code writeError} WARN naming the whole request URI and echo that URI in its error page. Redacting the URI
 * for Jetty is not possible: a customizer or wrapper changes the request handlers see, while Jetty logs the
 * channel's original request; so no failure may reach Jetty's {@code writeError} loudly. A failure once the
 * response is committed reaches it as a {@link QuietException}, which Jetty logs at DEBUG only.
 */
public final class Guard extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    private static final byte[] BODY = "internal error".getBytes(StandardCharsets.UTF_8);

    /** @param next the host's handlers */
    public Guard(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Once once = new Once(request, response, callback);
        try {
            return super.handle(request, response, once);
        } catch (Throwable t) {
            once.failed(t);
            return true;
        }
    }

    /** The request's callback, completed once: a failure becomes this handler's own 500. */
    private static final class Once implements Callback {
        private final Request request;
        private final Response response;
        private final Callback delegate;
        private final AtomicBoolean done = new AtomicBoolean();

        Once(Request request, Response response, Callback delegate) {
            this.request = request;
            this.response = response;
            this.delegate = delegate;
        }

        @Override
        public void succeeded() {
            if (done.compareAndSet(false, true)) {
                delegate.succeeded();
            }
        }

        @Override
        public void failed(Throwable failure) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            // the path is decoded and carries no query; the failure's own message is the host's or the module's
            LOG.warn("{} {} failed; answered 500", request.getMethod(), request.getHttpURI().getPath(), failure);
            if (response.isCommitted()) {
                delegate.failed(new Quiet(failure));
                return;
            }
            try {
                response.reset();
                Cors.addHeaders(request, response);   // the reset dropped them
                response.setStatus(500);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                response.write(true, ByteBuffer.wrap(BODY), Callback.from(delegate::succeeded,
                        x -> delegate.failed(new Quiet(x))));
            } catch (RuntimeException e) {
                delegate.failed(new Quiet(e));
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return delegate.getInvocationType();
        }
    }

    /** A failure Jetty logs at DEBUG only; it names the original's class, not its message. */
    private static final class Quiet extends Exception implements QuietException {
        private static final long serialVersionUID = 1L;

        Quiet(Throwable cause) {
            super("request failed: " + cause.getClass().getName(), null, false, false);
        }
    }
}
