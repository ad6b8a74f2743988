package dev.warden.host.internal.server;

import dev.warden.db.DatabaseException;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.EntryPointFailedException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client is told of a failure, never a stack trace. The rule:
 * <ul>
 * <li>a denial: its decision's reason;</li>
 * <li>an {@link IllegalArgumentException} or {@link IllegalStateException} with a message, thrown by the module
 *     (the cause of an {@link EntryPointFailedException}) or by the host itself (an unsupported query, an unknown
 *     table): its message, as the module's deliberate, user-facing refusal ({@code "text must be 1 to 500
 *     characters"});</li>
 * <li>a table constraint the call broke ({@code DatabaseException} {@code UNIQUE_VIOLATION} or
 *     {@code NOT_FOUND}): its message, naming the table and the column, as SpacetimeDB reports a constraint;</li>
 * <li>anything else ({@code NullPointerException}, whose helpful text names the module's variables and methods,
 *     {@code ClassCastException}, an {@code Error}...): {@code "the module failed (error id <16 hex>)"}, the same
 *     id logged here at WARN with the whole exception.</li>
 * </ul>
 */
final class Messages {

    private static final Logger LOG = LoggerFactory.getLogger(Messages.class);
    private static final SecureRandom IDS = new SecureRandom();

    private Messages() {}

    static String of(Throwable e) {
        if (e instanceof AccessDeniedException a) {
            return a.decision().reason();
        }
        Throwable t = e instanceof EntryPointFailedException && e.getCause() != null ? e.getCause() : e;
        if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException) && t.getMessage() != null) {
            return t.getMessage();
        }
        if (t instanceof DatabaseException d && (d.reason() == DatabaseException.Reason.UNIQUE_VIOLATION
                || d.reason() == DatabaseException.Reason.NOT_FOUND)) {
            return d.getMessage();
        }
        byte[] id = new byte[8];
        IDS.nextBytes(id);
        String hex = HexFormat.of().formatHex(id);
        LOG.warn("the module failed (error id {})", hex, e);
        return "the module failed (error id " + hex + ")";
    }
}
