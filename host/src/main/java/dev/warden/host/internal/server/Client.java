package dev.warden.host.internal.server;

import dev.warden.claims.CallerContext;
import dev.warden.host.internal.v2.QuerySetId;
import dev.warden.host.internal.v2.ServerMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Sends a message; never blocks on the network.
     *
     * @param message the message
     */
    abstract void send(ServerMessage message);
}
