package dev.warden.host.internal.server;

import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.EntryPointFailedException;

/** What a client is told of a failure: a denial's reason, a module's own message, never a stack trace. */
final class Messages {

    private Messages() {}

    static String of(Throwable e) {
        if (e instanceof AccessDeniedException a) {
            return a.decision().reason();
        }
        Throwable t = e instanceof EntryPointFailedException && e.getCause() != null ? e.getCause() : e;
        return String.valueOf(t.getMessage());
    }
}
