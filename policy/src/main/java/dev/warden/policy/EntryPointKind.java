package dev.warden.policy;

/** What an entry point is. Only reducers, views and procedures are callable by clients. */
public enum EntryPointKind {
    /** {@link Reducer}. */
    REDUCER(true),
    /** {@link View}. */
    VIEW(true),
    /** {@link Procedure}. */
    PROCEDURE(true),
    /** {@link OnConnect}. */
    ON_CONNECT(false),
    /** {@link OnDisconnect}. */
    ON_DISCONNECT(false),
    /** {@link Init}. */
    INIT(false),
    /** {@link Scheduled}. */
    SCHEDULED(false);

    private final boolean clientCallable;

    EntryPointKind(boolean clientCallable) {
        this.clientCallable = clientCallable;
    }

    /** @return whether clients may call entry points of this kind (given the rule allows) */
    public boolean clientCallable() {
        return clientCallable;
    }
}
