package dev.warden.claims;

/**
 * A refreshed token does not belong to the connection's caller: its issuer or subject differs, so it would
 * change the connection's identity. The connection keeps its old context (and should be closed when that
 * token expires). The message names what changed, never the token.
 */
public final class ReauthenticationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What differs. Stable names. */
    public enum Reason {
        /** {@code iss} differs from the connection's. */
        ISSUER_CHANGED,
        /** {@code sub} differs from the connection's. */
        SUBJECT_CHANGED,
        /** The connection is internal or anonymous and cannot be re-authenticated with a token. */
        NOT_REAUTHENTICABLE
    }

    private final Reason reason;

    ReauthenticationException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /** @return what differs */
    public Reason reason() {
        return reason;
    }
}
