package dev.warden.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.RejectionReason;
import dev.warden.core.TokenValidator;
import dev.warden.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spring Authorization Server's keys as an operator handles them, through its {@code JWKSource}: rotation (a new
 * key published and signing), retirement (the old key no longer published), and an outage of the server. The
 * tests share the suite's server and its keys, so each reads the current signing key instead of assuming one.
 */
@ExtendWith(SpringAuthServerExtension.class)
class SpringAuthorizationServerKeysTest {

    final SpringAuthServer server;
    final OAuthClient client;

    SpringAuthorizationServerKeysTest(SpringAuthServer server) {
        this.server = server;
        this.client = new OAuthClient(server);
    }

    String serviceToken() {
        return client.clientCredentials("game.read").accessToken();
    }

    @Test
    void aTokenSignedWithARotatedKeyIsAcceptedAfterExactlyOneFetch() {
        ValidationCounts counts = new ValidationCounts();
        try (TokenValidator validator = WardenSide.validator(server, counts)) {
            String oldKey = server.keys().signingKeyId();
            String before = serviceToken();
            assertThat(validator.validate(before).keyId()).contains(oldKey);
            assertThat(counts.fetchedKeyCounts).as("first validation: discovery, then the JWKS")
                    .containsExactly(server.keys().publishedKeyIds().size());

            String newKey = server.keys().rotate();
            String after = serviceToken();
            assertThat(validator.validate(after).keyId()).contains(newKey);
            assertThat(counts.fetchedKeyCounts).as("the unknown kid caused exactly one more fetch")
                    .hasSize(2).last().isEqualTo(server.keys().publishedKeyIds().size());

            assertThat(validator.validate(before).keyId()).as("the old key is still published").contains(oldKey);
            assertThat(validator.validate(serviceToken()).keyId()).contains(newKey);
            assertThat(counts.fetchedKeyCounts).as("no further fetch").hasSize(2);
            assertThat(counts.fetchFailures).isEmpty();
        }
    }

    @Test
    void aRetiredKeyStopsVerifyingWhenTheOperatorRefreshesKeys() {
        ValidationCounts counts = new ValidationCounts();
        try (TokenValidator validator = WardenSide.validator(server, counts)) {
            String oldKey = server.keys().signingKeyId();
            String before = serviceToken();
            validator.validate(before);
            String newKey = server.keys().rotate();
            String after = serviceToken();
            validator.validate(after);

            server.keys().retire(oldKey);
            assertThat(validator.validate(before).keyId()).as("until told, Warden still trusts its cache")
                    .contains(oldKey);
            assertThat(validator.refreshKeys(server.issuer())).as("the kids now listed")
                    .containsExactlyInAnyOrderElementsOf(server.keys().publishedKeyIds())
                    .contains(newKey).doesNotContain(oldKey);
            assertThat(WardenSide.rejection(() -> validator.validate(before)))
                    .as("a token of the retired key, verified before").isEqualTo(RejectionReason.UNKNOWN_KEY);
            assertThat(validator.validate(after).keyId()).contains(newKey);
            assertThat(counts.fetchedKeyCounts).hasSize(3);
            assertThatThrownBy(() -> validator.refreshKeys("http://127.0.0.1:1/not-trusted"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRetiredKeyStopsVerifyingAtTheNextFetchForAnotherRotation() {
        ValidationCounts counts = new ValidationCounts();
        try (TokenValidator validator = WardenSide.validator(server, counts)) {
            String oldKey = server.keys().signingKeyId();
            String before = serviceToken();
            validator.validate(before);

            String newKey = server.keys().rotate();
            server.keys().retire(oldKey);
            String after = serviceToken();
            assertThat(validator.validate(after).keyId()).as("fetched for the new kid").contains(newKey);
            assertThat(counts.fetchedKeyCounts).hasSize(2);
            assertThat(WardenSide.rejection(() -> validator.validate(before)))
                    .as("that fetch no longer listed the old key").isEqualTo(RejectionReason.UNKNOWN_KEY);
        }
    }

    @Test
    void duringAnOutageCachedKeysStillValidateUntilTheToleranceRunsOut() {
        SettableClock clock = new SettableClock(Instant.now());
        ValidationCounts counts = new ValidationCounts();
        try (TokenValidator validator = WardenSide.validator(server, counts, clock, WardenSide.trust(server)
                .keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                .outageTolerance(Duration.ofMinutes(10)))) {
            String seen = serviceToken();
            String unseen = client.clientCredentials("game.write").accessToken();
            validator.validate(seen);
            assertThat(counts.fetchedKeyCounts).hasSize(1);

            server.stop();
            try {
                assertThat(validator.validate(unseen).subject()).as("keys cached, server down")
                        .isEqualTo(AuthServerConfig.CLIENT_ID);
                assertThat(counts.fetchFailures).as("nothing was fetched yet").isEmpty();
                assertThat(WardenSide.rejection(() -> validator.refreshKeys(server.issuer())))
                        .as("an operator's refresh during the outage").isEqualTo(RejectionReason.JWKS_UNAVAILABLE);
                assertThat(validator.validate(unseen).subject()).as("the failed refresh kept the cached keys")
                        .isEqualTo(AuthServerConfig.CLIENT_ID);

                clock.advance(Duration.ofSeconds(61));
                assertThat(validator.validate(unseen).subject()).as("past the key cache, within tolerance")
                        .isEqualTo(AuthServerConfig.CLIENT_ID);
                assertThat(counts.fetchFailures).isNotEmpty();
                assertThat(counts.staleKeysServed.get()).isPositive();

                clock.advance(Duration.ofMinutes(11));
                assertThat(WardenSide.rejection(() -> validator.validate(unseen))).as("past the outage tolerance")
                        .isEqualTo(RejectionReason.JWKS_UNAVAILABLE);
            } finally {
                server.start();
            }
            clock.advance(Duration.ofSeconds(61));
            assertThat(validator.validate(unseen).subject()).as("recovered").isEqualTo(AuthServerConfig.CLIENT_ID);
            assertThat(counts.fetchedKeyCounts).hasSize(2);
        }
    }
}
