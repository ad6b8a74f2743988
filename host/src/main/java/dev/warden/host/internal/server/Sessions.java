package dev.warden.host.internal.server;

import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open WebSocket connections, each ended (1008) when the token it lives by stops being valid, whether or not its
 * client speaks: a sweep (every second by default) closes those whose token has expired or whose key is no longer
 * listed, and the validator's key removals close those whose key went away, at once. A connection also checks its token itself before it handles a
 * message or pushes an update ({@link ClientSession}), so an expired token never gets a row between two sweeps.
 * Thread-safe.
 */
public final class Sessions implements AutoCloseable {

    /** How often the sweep runs in a {@link dev.warden.host.HostServer}. */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final TokenValidator validator;
    private final Set<ClientSession> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong removals = new AtomicLong();
    private final BiConsumer<String, Set<String>> onRemoval = this::keysRemoved;
    private volatile ScheduledExecutorService sweeper;

    /**
     * Listens to the validator's key removals until {@link #close()}.
     *
     * @param validator the host's validator
     */
    public Sessions(TokenValidator validator) {
        this.validator = validator;
        validator.addKeyRemovalListener(onRemoval);
    }

    /**
     * Sweeps every {@code interval} on a daemon thread until {@link #close()}.
     *
     * @param interval the time between sweeps
     * @return this
     */
    public Sessions sweepEvery(Duration interval) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-host-sessions");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        s.scheduleWithFixedDelay(this::sweepSafely, ms, ms, TimeUnit.MILLISECONDS);
        sweeper = s;
        return this;
    }

    /** @return the validator the connections' tokens are checked with */
    TokenValidator validator() {
        return validator;
    }

    /** @return how many key removals the validator has reported so far: read before validating a new connection */
    public long removals() {
        return removals.get();
    }

    void add(ClientSession s) {
        open.add(s);
    }

    void remove(ClientSession s) {
        open.remove(s);
    }

    /**
     * Ends every connection whose token has expired, then looks up the keys the others live by, once per key: the
     * validator fetches an issuer's keys again once its key cache has expired (and then reports what went away,
     * which ends their connections), so a quiet connection is ended within one key-cache period of its key's
     * removal even when nothing else validates a token of that issuer.
     */
    public void sweep() {
        Map<Lifetime.Key, Boolean> inUse = new HashMap<>();
        for (ClientSession s : open) {
            Lifetime l = s.lifetime();
            if (l.expired(validator)) {
                s.end(ClientSession.EXPIRED);
            } else if (!inUse.computeIfAbsent(l.key(), this::keyInUse)) {
                s.end(ClientSession.KEY_GONE);
            }
        }
    }

    /** @return whether the key is in use; true if the issuer's keys cannot be had now (an outage decides nothing) */
    private boolean keyInUse(Lifetime.Key key) {
        try {
            return validator.keyInUse(key.issuer(), key.algorithm(), key.keyId());
        } catch (TokenRejectedException e) {
            return true;
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("the sweep of expired connections failed ({}); it runs again in a moment", e.getClass().getName());
        }
    }

    /** On the thread that fetched the keys: counted first, so a connection opening now sees it (ClientSession). */
    private void keysRemoved(String issuer, Set<String> kids) {
        removals.incrementAndGet();
        for (ClientSession s : open) {
            if (s.lifetime().verifiedByOneOf(issuer, kids)) {
                s.end(ClientSession.KEY_GONE);
            }
        }
    }

    /** Stops listening and sweeping; the connections themselves are closed by the server. */
    @Override
    public void close() {
        validator.removeKeyRemovalListener(onRemoval);
        ScheduledExecutorService s = sweeper;
        if (s != null) {
            s.shutdownNow();
        }
    }
}
