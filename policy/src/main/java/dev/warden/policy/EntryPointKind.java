package dev.warden.policy;

/** What an entry point is. Only reducers, views and procedures are callable by clients. */
public enum EntryPointKind {
    /** {@link dev.warden.policy.annotation.Reducer}. */
    REDUCER(true),
    /** {@link dev.warden.policy.annotation.View}. */
    VIEW(true),
    /** {@link dev.warden.policy.annotation.Procedure}. */
    PROCEDURE(true),
    /** {@link dev.warden.policy.annotation.OnConnect}. */
    ON_CONNECT(false),
    /** {@link dev.warden.policy.annotation.OnDisconnect}. */
    ON_DISCONNECT(false),
    /** {@link dev.warden.policy.annotation.Init}. */
    INIT(false),
    /** {@link dev.warden.policy.annotation.Scheduled}. */
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
