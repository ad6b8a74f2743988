package dev.warden.policy.host;

import dev.warden.policy.EntryPoint;
import java.util.function.Supplier;

/**
 * How a host makes a call atomic. {@link Warden} runs every reducer, scheduled reducer, {@code init} and
 * connect/disconnect hook through it (SpacetimeDB runs each of those in its own transaction); views and
 * procedures are not. If {@code body} throws, the host rolls back whatever it changed and rethrows.
 */
@FunctionalInterface
public interface TransactionRunner {

    /** Runs the body directly: for hosts whose module keeps no state of its own, or manages it itself. */
    TransactionRunner NONE = (entryPoint, body) -> body.get();

    /**
     * @param entryPoint the entry point being run
     * @param body the guarded call
     * @return what the body returned
     */
    Object inTransaction(EntryPoint entryPoint, Supplier<Object> body);
}
