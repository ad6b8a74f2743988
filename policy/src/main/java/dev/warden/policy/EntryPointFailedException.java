package dev.warden.policy;

/** An allowed entry point ran and threw; the cause is the module's exception. */
public final class EntryPointFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param entryPoint the entry point
     * @param cause what it threw
     */
    EntryPointFailedException(String entryPoint, Throwable cause) {
        super(entryPoint + " failed: " + cause, cause);
    }
}
