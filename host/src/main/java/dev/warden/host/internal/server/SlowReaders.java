package dev.warden.host.internal.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.channels.WritePendingException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Closes a WebSocket connection whose client does not read. Jetty bounds the frames waiting to be written to one
 * connection ({@code maxOutgoingFrames}) by failing a send past the bound with {@link WritePendingException} and
 * dropping its frame; a session sends without waiting for the outcome, so a dropped message would leave the
 * client's cache silently wrong. The session given to the host is wrapped so that such a failure drops the
 * connection instead, at once and without a close frame (the client sees 1006): a close frame would wait behind the
 * queued frames the client is not reading, and the connection with them, for as long as a trickle of frames from
 * the client kept it from idling out.
 */
final class SlowReaders {

    private SlowReaders() {}

    /**
     * @param session the upgraded connection
     * @return the same connection, dropping itself when a send overflows its queue
     */
    static Session closingOnOverflow(Session session) {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    Object[] a = args;
                    if (a != null && method.getName().startsWith("send") && a[a.length - 1] instanceof Callback c) {
                        a = a.clone();
                        a[a.length - 1] = Callback.from(c::succeed, x -> {
                            if (x instanceof WritePendingException) {
                                session.disconnect();
                            }
                            c.fail(x);
                        });
                    }
                    try {
                        return method.invoke(session, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
