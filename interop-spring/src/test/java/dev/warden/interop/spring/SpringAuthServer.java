package dev.warden.interop.spring;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real Spring Authorization Server (Spring Boot, embedded Tomcat) on a free port of 127.0.0.1, with the issuer
 * {@code http://127.0.0.1:PORT}. The suite shares one through {@link SpringAuthServerExtension}; {@link #stop()}
 * and {@link #start()} simulate an outage and recovery on the same port with the same keys.
 */
final class SpringAuthServer implements AutoCloseable {

    private final RotatingKeys keys = new RotatingKeys();
    private final int port;
    private final String issuer;
    private volatile ConfigurableApplicationContext context;
    private volatile Duration lastStartup = Duration.ZERO;

    private SpringAuthServer(int port) {
        this.port = port;
        this.issuer = "http://127.0.0.1:" + port;
    }

    /**
     * Starts a server on a free loopback port, trying another port if one is taken between the probe and the bind.
     *
     * @return the running server
     */
    static SpringAuthServer launch() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            SpringAuthServer server = new SpringAuthServer(freeLoopbackPort());
            try {
                server.start();
                System.out.printf("Spring Authorization Server up at %s in %d ms%n", server.issuer,
                        server.lastStartup.toMillis());
                return server;
            } catch (RuntimeException e) {
                if (!portTaken(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw new IllegalStateException("no free loopback port for Spring Authorization Server", last);
    }

    /** Starts (or restarts) the server on its port. */
    synchronized void start() {
        if (context != null) {
            throw new IllegalStateException("already running on " + issuer);
        }
        long begin = System.nanoTime();
        context = new SpringApplicationBuilder(AuthServerConfig.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("rotatingKeys", keys))
                .run("--server.address=127.0.0.1",
                        "--server.port=" + port,
                        "--server.shutdown=immediate",
                        "--interop.issuer=" + issuer,
                        "--spring.main.banner-mode=off",
                        "--spring.main.log-startup-info=false",
                        "--spring.jmx.enabled=false");
        lastStartup = Duration.ofNanos(System.nanoTime() - begin);
    }

    /** Stops the server: connections to its port are refused until {@link #start()}. */
    synchronized void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public void close() {
        stop();
        System.out.println("Spring Authorization Server at " + issuer + " stopped");
    }

    boolean running() {
        return context != null;
    }

    /** @return the issuer, exactly as the server writes it into {@code iss} */
    String issuer() {
        return issuer;
    }

    /**
     * @param path an absolute path on the server
     * @return its URI
     */
    URI uri(String path) {
        return URI.create(issuer + path);
    }

    /** @return the server's signing keys, for rotation */
    RotatingKeys keys() {
        return keys;
    }

    /** @return how long the last {@link #start()} took */
    Duration lastStartup() {
        return lastStartup;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot probe for a free loopback port", e);
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PortInUseException || t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
