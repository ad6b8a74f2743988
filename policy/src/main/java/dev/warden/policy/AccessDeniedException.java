package dev.warden.policy;

/** A call (or connection) was denied; {@link #decision()} says by which rule and why. The method did not run. */
public final class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Decision decision;

    /** @param decision the denial */
    public AccessDeniedException(Decision decision) {
        super(decision.reason(), null, false, false);
        this.decision = decision;
    }

    /** @return the denial */
    public Decision decision() {
        return decision;
    }
}
