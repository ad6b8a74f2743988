package dev.warden.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock tests move by hand: the one implementation behind Warden's own tests and the testkit's
 * {@code TestClock}. Thread-safe; always UTC.
 */
public class SettableClock extends Clock {

    private volatile Instant now;

    /** @param start the initial instant */
    public SettableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * @param d how far to move (may be negative)
     * @return this clock
     */
    public SettableClock advance(Duration d) {
        now = now.plus(Objects.requireNonNull(d, "d"));
        return this;
    }

    @Override
    public final ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public final Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public final Instant instant() {
        return now;
    }
}
