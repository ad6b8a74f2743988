package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A key-cache configuration that {@link TrustedIssuer.Builder#build()} accepts gives a validator that builds;
 * one that cannot work is refused there, with Warden's message. Found by the Keycloak suite: nimbus turns
 * refresh-ahead on by default, so {@code refreshAhead(ZERO)} meant 30 s, and a short key cache TTL made
 * {@code TokenValidator.build()} throw nimbus's own IllegalArgumentException.
 */
class KeyCacheSettingsTest {

    private static final String ISSUER = "http://127.0.0.1:9/realms/game";

    @Test
    void refreshAheadZeroTurnsRefreshAheadOff() {
        TrustedIssuer issuer = TrustedIssuer.builder(ISSUER).audiences("game-client")
                .keyCacheTtl(Duration.ofSeconds(1)).refreshAhead(Duration.ZERO).build();
        assertThatCode(() -> TokenValidator.builder().trust(issuer).build().close()).doesNotThrowAnyException();
    }

    @Test
    void aRefreshAheadThatCannotFinishBeforeTheKeysExpireIsRefusedByTheIssuer() {
        // discovery: two requests of at most 1 s + 2 s each, plus 0.5 s: a refresh may take 6.5 s
        assertThatThrownBy(() -> TrustedIssuer.builder(ISSUER).audiences("game-client")
                .keyCacheTtl(Duration.ofSeconds(10)).refreshAhead(Duration.ofSeconds(5)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("refreshAhead (PT5S) plus the longest key fetch (PT6.5S) must be shorter than keyCacheTtl "
                        + "(PT10S): lengthen keyCacheTtl, shorten refreshAhead or the timeouts, or set refreshAhead "
                        + "to zero");
        TrustedIssuer ok = TrustedIssuer.builder(ISSUER).audiences("game-client").keyCacheTtl(Duration.ofSeconds(12))
                .refreshAhead(Duration.ofSeconds(5)).build();
        assertThatCode(() -> TokenValidator.builder().trust(ok).build().close()).doesNotThrowAnyException();
    }
}
