package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keycloak stopped: tokens it issued before keep validating from Warden's cached keys. Runs last, since it
 * stops the suite's server (a later class would start it again). Each check has its own validator, warmed
 * (keys fetched) before the stop, and its own token never validated before.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(99)
class KeycloakOutageTest {

    private static final Duration SHORT_TTL = Duration.ofSeconds(1);

    private GameRealm realm;
    private final List<TokenValidator> validators = new ArrayList<>();
    private final WardenSide.Recorder steadyEvents = new WardenSide.Recorder();
    private final WardenSide.Recorder shortEvents = new WardenSide.Recorder();
    private TokenValidator steady;
    private TokenValidator shortTtl;
    private TokenValidator refreshing;
    private final List<String> unseen = new ArrayList<>();
    private long shortFetchedAt;
    private final Once once = new Once();

    @BeforeEach
    void setUpOnce() {
        once.run(this::setUp);
    }

    private void setUp() {
        realm = KeycloakExtension.sharedRealm();
        steady = track(WardenSide.validator(WardenSide.issuer(realm).build(), steadyEvents));
        shortTtl = track(WardenSide.validator(WardenSide.issuer(realm).keyCacheTtl(SHORT_TTL)
                .refreshAhead(Duration.ZERO).build(), shortEvents));
        refreshing = track(WardenSide.validator(WardenSide.issuer(realm).build(), new WardenSide.Recorder()));
        String warm = realm.password("alice").access();
        steady.validate(warm);
        refreshing.validate(warm);
        shortTtl.validate(warm);
        shortFetchedAt = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            unseen.add(realm.password(i % 2 == 0 ? "alice" : "bob").access());
        }
        realm.server.stop();
        assertThat(realm.server.isRunning()).isFalse();
    }

    private TokenValidator track(TokenValidator v) {
        validators.add(v);
        return v;
    }

    @AfterAll
    void tearDown() {
        validators.forEach(TokenValidator::close);
    }

    @Test
    void cachedKeysValidateATokenNeverSeenBeforeWhileKeycloakIsDown() {
        assertThat(steady.validate(unseen.get(0)).subject()).isEqualTo(realm.userIds.get("alice"));
        assertThat(steadyEvents.acceptedFromCache).as("warm-up, then a signature check").containsExactly(false, false);
        assertThat(steadyEvents.fetches).hasSize(1);
        assertThat(steadyEvents.fetchFailures).isEmpty();
    }

    @Test
    void pastTheKeyCacheTtlStaleKeysAreServedUnderOutageTolerance() {
        long waited = System.nanoTime() - shortFetchedAt;
        KeycloakServer.sleep(Math.max(0, SHORT_TTL.plusMillis(300).minusNanos(waited).toMillis()));
        assertThat(shortTtl.validate(unseen.get(1)).subject()).isEqualTo(realm.userIds.get("bob"));
        assertThat(shortEvents.fetchFailures).isNotEmpty();
        assertThat(shortEvents.staleServed).isNotEmpty()
                .allSatisfy(remaining -> assertThat(remaining).isPositive()
                        .isLessThanOrEqualTo(Duration.ofHours(1).plus(SHORT_TTL).toMillis()));
    }

    @Test
    void refreshKeysDuringTheOutageIsJwksUnavailableAndTheCachedKeysStay() {
        assertThatThrownBy(() -> refreshing.refreshKeys(realm.issuer()))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.JWKS_UNAVAILABLE));
        assertThat(refreshing.validate(unseen.get(2)).subject()).isEqualTo(realm.userIds.get("alice"));
    }

    @Test
    void aValidatorStartedDuringTheOutageRejectsJwksUnavailable() {
        TokenValidator fresh = track(WardenSide.validator(WardenSide.issuer(realm).build(),
                new WardenSide.Recorder()));
        assertThatThrownBy(() -> fresh.validate(unseen.get(3))).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.JWKS_UNAVAILABLE));
    }
}
