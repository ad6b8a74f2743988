package dev.warden.testkit;

/** How a {@link MockIssuer}'s discovery and JWKS endpoints fail during a simulated outage. */
public enum Outage {
    /** HTTP 503. */
    SERVER_ERROR,
    /** HTTP 429 with {@code Retry-After: 30}. */
    RATE_LIMITED,
    /** The connection is reset. */
    CONNECTION_RESET,
    /** 200 with a body that is not JSON. */
    GARBAGE,
    /** 200 with random bytes, then the connection closes. */
    RANDOM_DATA,
    /** The response comes after 5 seconds: longer than any sane client timeout. */
    SLOW
}
