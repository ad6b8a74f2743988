package dev.warden.testkit;

import dev.warden.testsupport.SettableClock;
import java.time.Clock;
import java.time.ZoneId;
import java.time.Duration;
import java.time.Instant;

/**
 * A clock tests move by hand, to test expiry, key rotation grace periods and outages without sleeping:
 * give it to {@code MockIssuer.builder().clock(...)} and {@code TokenValidator.builder().clock(...)}, or, in a
 * {@link WardenTest}, take it as a test parameter: the test's issuer, local issuer, validator and host run on it.
 * Thread-safe; always UTC.
 */
public final class TestClock extends Clock {

    private final SettableClock time;

    /** @param start the initial instant */
    public TestClock(Instant start) {
        this.time = new SettableClock(start);
    }

    /** @return a clock at the current system time */
    public static TestClock now() {
        return new TestClock(Instant.now());
    }

    /**
     * @param d how far to move (may be negative)
     * @return this clock
     */
    public TestClock advance(Duration d) {
        time.advance(d);
        return this;
    }

    @Override
    public ZoneId getZone() {
        return time.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return time.instant();
    }
}
