package dev.warden.claims;

/**
 * A claim exists but is not of the type asked for, or a role claim has a shape its mapping cannot read.
 * The message names the claim path, the expected type and the actual type (never the token).
 */
public final class ClaimTypeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String expected;
    private final String actual;

    ClaimTypeException(ClaimPath path, String expected, String actual) {
        super("claim " + path + " is " + actual + ", expected " + expected);
        this.path = path.toString();
        this.expected = expected;
        this.actual = actual;
    }

    /** @return the claim's path */
    public String path() {
        return path;
    }

    /** @return the type asked for */
    public String expected() {
        return expected;
    }

    /** @return the type found */
    public String actual() {
        return actual;
    }
}
