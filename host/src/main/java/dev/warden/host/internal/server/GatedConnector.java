package dev.warden.host.internal.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The host's connector, which bounds what clients hold before a request is read, where neither the handlers nor
 * Jetty's idle timeout (which restarts at every byte) can:
 * <ul>
 * <li>at most {@code max} connections at once, and at most {@code maxPerAddress} from one client address (an IPv6
 *     address counts by its /64 prefix, which one client commonly holds whole). A connection past either is
 *     accepted and refused at once with {@code 503} and closed, rather than left in the operating system's
 *     backlog, where it would wait unanswered and make the host look dead to everyone;</li>
 * <li>a request's head (its request line and headers) must arrive whole within {@code headTimeout}, counted from
 *     the connection's opening, or for a later request on a kept-alive connection from the end of the previous
 *     one; a connection that has not sent a whole head by then is closed. The handlers' {@link BodyDeadline}
 *     bounds the body after that. A connection upgraded to a WebSocket has no more heads to wait for.</li>
 * </ul>
 */
public final class GatedConnector extends ServerConnector {

    private final int max;
    private final int maxPerAddress;
    private final long headMillis;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private int open;
    /** Connections per client address; guarded by {@link #lock}. */
    private final Map<Object, Integer> perAddress = new HashMap<>();
    /** The admitted connections and the address each counts against. */
    private final Map<SelectableChannel, Object> admitted = new ConcurrentHashMap<>();
    private final Map<EndPoint, Head> heads = new ConcurrentHashMap<>();

    /**
     * @param server the server
     * @param factory the HTTP/1.1 connection factory
     * @param max the most connections at once
     * @param maxPerAddress the most connections from one client address at once
     * @param headTimeout how long a request's head may take to arrive whole
     */
    public GatedConnector(Server server, ConnectionFactory factory, int max, int maxPerAddress,
                          Duration headTimeout) {
        super(server, factory);
        this.max = max;
        this.maxPerAddress = maxPerAddress;
        this.headMillis = headTimeout.toMillis();
        getSelectorManager().addEventListener(new SelectorManager.AcceptListener() {
            @Override
            public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
                release(channel);   // admitted, but Jetty could not make it a connection: it closed it
            }
        });
    }

    /**
     * Admits the connection or refuses it: a refusal is answered {@code 503} and thrown, and Jetty then closes
     * the channel without logging more than DEBUG.
     */
    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key)
            throws IOException {
        String refusal = admit(channel);
        if (refusal != null) {
            refuse(channel, refusal);
            throw new IOException("refused: " + refusal);
        }
        try {
            return super.newEndPoint(channel, selector, key);
        } catch (IOException | RuntimeException e) {
            release(channel);
            throw e;
        }
    }

    @Override
    protected void onEndPointOpened(EndPoint endPoint) {
        super.onEndPointOpened(endPoint);
        Head head = new Head(endPoint, endPoint.getConnection());
        heads.put(endPoint, head);
        head.waitForHead();
    }

    @Override
    protected void onEndPointClosed(EndPoint endPoint) {
        try {
            Head head = heads.remove(endPoint);
            if (head != null) {
                head.stop();
            }
            if (endPoint.getTransport() instanceof SelectableChannel channel) {
                release(channel);
            }
        } finally {
            super.onEndPointClosed(endPoint);
        }
    }

    /**
     * @param next the host's handlers
     * @return them, telling this connector when a request's head has arrived and when the request is over
     */
    public Handler watchingHeads(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Head head = heads.get(request.getConnectionMetaData().getConnection().getEndPoint());
                if (head != null) {
                    head.began();
                    Request.addCompletionListener(request, failure -> head.ended());
                }
                return super.handle(request, response, callback);
            }
        };
    }

    /** @return why the connection is refused, or null once it is counted */
    private String admit(SocketChannel channel) {
        Object address = addressOf(channel);
        synchronized (lock) {
            if (open >= max) {
                return "too many connections";
            }
            int from = perAddress.getOrDefault(address, 0);
            if (from >= maxPerAddress) {
                return "too many connections from this address";
            }
            open++;
            perAddress.put(address, from + 1);
            admitted.put(channel, address);
            return null;
        }
    }

    /** Uncounts an admitted connection, once. */
    private void release(SelectableChannel channel) {
        synchronized (lock) {
            Object address = admitted.remove(channel);
            if (address == null) {
                return;
            }
            open--;
            perAddress.computeIfPresent(address, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    /** @return what one client's connections count against: its IPv4 address, or its IPv6 address's /64 */
    private static Object addressOf(SocketChannel channel) {
        SocketAddress remote;
        try {
            remote = channel.getRemoteAddress();
        } catch (IOException e) {
            return "unknown";
        }
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return "unknown";
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet6Address) {
            return "v6 " + Arrays.toString(Arrays.copyOf(address.getAddress(), 8));
        }
        return address;
    }

    /**
     * Best effort, without blocking: reads what the client has sent already (so closing is less likely to reset
     * the connection before the answer is read), then answers {@code 503}.
     */
    private static void refuse(SocketChannel channel, String why) {
        byte[] body = why.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer answer = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
        try {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            for (int i = 0; i < 4 && channel.read(sink.clear()) > 0; i++) {
                // discarded
            }
            channel.write(answer);
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // the client is gone already; the channel is closed either way
        }
    }

    /** A connection's wait for its next request head. */
    private final class Head {
        private final EndPoint endPoint;
        /** The connection that reads requests; another one means the connection was upgraded. */
        private final Connection http;
        private int active;
        private boolean stopped;
        private Scheduler.Task task;

        Head(EndPoint endPoint, Connection http) {
            this.endPoint = endPoint;
            this.http = http;
        }

        synchronized void waitForHead() {
            cancel();
            if (!stopped && active == 0) {
                task = getScheduler().schedule(this::expired, headMillis, TimeUnit.MILLISECONDS);
            }
        }

        synchronized void began() {
            active++;
            cancel();
        }

        void ended() {
            synchronized (this) {
                active--;
            }
            waitForHead();
        }

        synchronized void stop() {
            stopped = true;
            cancel();
        }

        private void cancel() {
            if (task != null) {
                task.cancel();
                task = null;
            }
        }

        private void expired() {
            synchronized (this) {
                task = null;
                if (stopped || active > 0) {
                    return;
                }
                stopped = true;
                if (endPoint.getConnection() != http) {
                    return;   // upgraded: a WebSocket, whose frames have their own limits
                }
            }
            endPoint.close(new TimeoutException("no whole request head within " + headMillis + " ms"));
        }
    }
}
