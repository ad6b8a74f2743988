package dev.warden.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A token was not accepted. {@link #reason()} is the stable, machine-readable cause; the message is for
 * humans and never contains the token (attacker-controlled claim values in it are truncated and escaped).
 */
public final class TokenRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;
    private final String issuer;

    /**
     * @param reason the stable cause
     * @param message a human-readable explanation that must not contain the token
     */
    public TokenRejectedException(RejectionReason reason, String message) {
        this(reason, message, null, null);
    }

    /**
     * @param reason the stable cause
     * @param message a human-readable explanation that must not contain the token
     * @param issuer the trusted issuer the token claimed, if known
     * @param cause an underlying failure, if any
     */
    public TokenRejectedException(RejectionReason reason, String message, String issuer, Throwable cause) {
        super(reason + ": " + Objects.requireNonNull(message, "message"), cause, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.issuer = issuer;
    }

    /** @return the stable cause of the rejection */
    public RejectionReason reason() {
        return reason;
    }

    /** @return the configured issuer the token claimed, when it claimed a trusted one */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }
}
