package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.warden.testsupport.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The cache's time source: the injected clock, read cheaply when it is the real one. */
class VerifiedTokenCacheTest {

    @Test
    void theRealClockTicksOnNanoTimeWithoutAnInstantPerAccess() {
        assertThat(VerifiedTokenCache.ticker(Clock.systemUTC())).isSameAs(Ticker.systemTicker());
        assertThat(VerifiedTokenCache.ticker(Clock.system(ZoneId.of("Europe/Paris")))).isSameAs(Ticker.systemTicker());
    }

    @Test
    void anInjectedClockDrivesTheTicker() {
        SettableClock clock = new SettableClock(TokenValidatorTest.NOW);
        Ticker ticker = VerifiedTokenCache.ticker(clock);
        assertThat(ticker).isNotSameAs(Ticker.systemTicker());
        long start = ticker.read();
        clock.advance(Duration.ofMinutes(6));
        assertThat(ticker.read() - start).isEqualTo(Duration.ofMinutes(6).toNanos());
        clock.advance(Duration.ofMinutes(-10));
        assertThat(ticker.read() - start).isEqualTo(-Duration.ofMinutes(4).toNanos());
    }
}
