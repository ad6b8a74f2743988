package dev.warden.host.internal.server;

import dev.warden.claims.CallerContext;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ServerMessage;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** A connected WebSocket client as the {@link Database} sees it: its caller, its query sets, a way to send. */
public abstract class Client {

    /**
     * One subscribed query set: a result per table it reads, each shared with every identical subscription and
     * holding the rows last sent.
     *
     * @param results its tables' results, in the order the queries name them
     */
    record QuerySet(List<Subscriptions.Result> results) {}

    /** Guarded by the database's lock. */
    final Map<QuerySetId, QuerySet> querySets = new LinkedHashMap<>();

    /** @return the caller, once connected */
    abstract CallerContext caller();

    /** A message held until the commits it may show are durable, or (message null) what to do once they are sent. */
    private record Held(CompletableFuture<Void> durable, ServerMessage message, Runnable then) {}

    /** Guarded by itself: the messages held back, in order. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** When every commit so far is durable (the module database's {@code durable()}), or null. */
    private volatile Supplier<CompletableFuture<Void>> durability;
    /** Where held messages are released: the host's delivery thread, never the thread completing the commits. */
    private volatile Executor delivery;

    /**
     * @param durable tells when every commit so far is durable: messages wait for it
     * @param releaser where held messages are sent once their commits are durable (one thread: in order)
     */
    void holdUntilDurable(Supplier<CompletableFuture<Void>> durable, Executor releaser) {
        this.delivery = releaser;
        this.durability = durable;
    }

    /**
     * Sends a message once every commit made before it is durable, so a client never hears of a transaction (its
     * own reducer's success, or another's update) that a crash could still lose; messages keep their order. If a
     * commit cannot be made durable, the held messages are dropped with the connection. Never blocks.
     *
     * @param message the message
     */
    final void send(ServerMessage message) {
        Supplier<CompletableFuture<Void>> d = durability;
        CompletableFuture<Void> durable = d == null ? null : d.get();
        synchronized (held) {
            if (held.isEmpty() && (durable == null || durable.isDone() && !durable.isCompletedExceptionally())) {
                transmit(message);
                return;
            }
            held.add(new Held(durable, message, null));
            if (held.size() == 1) {
                durable.whenCompleteAsync((v, e) -> release(), delivery);
            }
        }
    }

    /**
     * Runs {@code then} once every message sent before this call has been transmitted: now if none is held, else
     * on the delivery thread after the last of them (never, if the connection is abandoned first).
     *
     * @param then what to do, such as closing the connection after its last answers
     */
    final void afterSent(Runnable then) {
        synchronized (held) {
            if (held.isEmpty()) {
                then.run();
            } else {
                held.add(new Held(held.peekLast().durable(), null, then));
            }
        }
    }

    /**
     * Sends the held messages whose commits are durable; drops the connection if one never will be. Runs on the
     * host's delivery thread, so the storage's writer goes on to its next sync at once.
     */
    private void release() {
        synchronized (held) {
            for (Held h; (h = held.peek()) != null; ) {
                if (!h.durable().isDone()) {
                    h.durable().whenCompleteAsync((v, e) -> release(), delivery);
                    return;
                }
                if (h.durable().isCompletedExceptionally()) {
                    held.clear();
                    abandon("the host could not store a transaction and refuses writes");
                    return;
                }
                held.poll();
                if (h.message() != null) {
                    transmit(h.message());
                } else {
                    h.then().run();
                }
            }
        }
    }

    /**
     * Writes a message to the client now; never blocks on the network.
     *
     * @param message the message
     */
    abstract void transmit(ServerMessage message);

    /**
     * Drops the connection, because what it would be told next could not be stored.
     *
     * @param why the close reason
     */
    abstract void abandon(String why);
}
