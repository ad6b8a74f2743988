package dev.warden.host.internal.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Drops the connection of an HTTP request whose body has not arrived whole within a deadline, counted from when
 * its headers are handled. The HTTP routes read a body by blocking a pool thread; Jetty 12 does not enforce
 * {@code HttpConfiguration.setMinRequestDataRate}, and its idle timeout restarts at every byte, so one byte every
 * few seconds held a thread for as long as the client liked. Closing the connection wakes the blocked read with a
 * failure. The deadline ends once the last of the body has been read, or when the answer is complete.
 */
public final class BodyDeadline extends Handler.Wrapper {

    private final long millis;

    /**
     * @param next the routes
     * @param deadline how long a request may take to arrive whole
     */
    public BodyDeadline(Handler next, Duration deadline) {
        super(next);
        this.millis = deadline.toMillis();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Scheduler.Task task = request.getComponents().getScheduler().schedule(() -> {
            if (done.compareAndSet(false, true)) {
                request.getConnectionMetaData().getConnection().getEndPoint()
                        .close(new TimeoutException("the request did not arrive within " + millis + " ms"));
            }
        }, millis, TimeUnit.MILLISECONDS);
        Runnable arrived = () -> {
            if (done.compareAndSet(false, true)) {
                task.cancel();
            }
        };
        Request watched = new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null && chunk.isLast()) {
                    arrived.run();
                }
                return chunk;
            }
        };
        boolean handled = false;
        try {
            handled = super.handle(watched, response, Callback.from(callback, arrived));
            return handled;
        } finally {
            if (!handled) {
                arrived.run();
            }
        }
    }
}
