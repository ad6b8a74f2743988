package dev.warden.policy;

/**
 * No client-callable entry point has this name. Lifecycle and scheduled entry points answer the same, as in
 * SpacetimeDB, so clients cannot probe for them.
 */
public final class NoSuchEntryPointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /** @param name the requested name (rendered safely) */
    public NoSuchEntryPointException(String name) {
        super("no such entry point: " + safe(name), null, false, false);
        this.name = name;
    }

    /** @return the requested name */
    public String name() {
        return name;
    }

    private static String safe(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return t.replaceAll("[^\\p{Alnum}_\\-.:]", "?");
    }
}
