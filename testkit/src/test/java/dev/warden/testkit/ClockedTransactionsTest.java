package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** A @WardenTest host's transactions take their timestamps from the test's clock, so a test can move them. */
@WardenTest(module = ClockedTransactionsTest.Stamps.class)
class ClockedTransactionsTest {

    /** Records each call's transaction timestamp. */
    @Authenticated
    public static class Stamps {
        /** One call's timestamp. */
        @Table(name = "stamp", access = Access.PRIVATE)
        public record Stamp(@PrimaryKey @AutoInc long id, Instant at) {}

        @Reducer("stamp")
        public void stamp(ReducerContext ctx) {
            ctx.db().table(Stamp.class).insert(new Stamp(0, ctx.timestamp()));
        }
    }

    @Test
    @WithCaller(subject = "alice")
    void movingTheTestClockMovesTheTransactionsTimestamp(TestHost<Stamps> host, CallerContext alice,
                                                        TestClock clock) {
        host.call(alice, "stamp");
        clock.advance(Duration.ofDays(3));
        host.call(alice, "stamp");
        assertThat(host.rows(Stamps.Stamp.class)).extracting(Stamps.Stamp::at).containsExactly(
                clock.instant().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MICROS),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
    }
}
