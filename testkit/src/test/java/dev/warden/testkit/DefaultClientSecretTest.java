package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security review finding (issue 13, low): the mock issuer's default confidential client had the well-known
 * secret {@code test-secret}, so any local process could get a SERVICE token that the demo host accepts. Each
 * issuer now makes its own random secret.
 */
class DefaultClientSecretTest {

    @Test
    void theWellKnownSecretGetsNoToken() throws Exception {
        try (MockIssuer idp = MockIssuer.start()) {
            var r = Http.post(idp.tokenEndpoint(), Map.of("grant_type", "client_credentials"),
                    MockIssuer.DEFAULT_CLIENT, "test-secret");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(Http.json(r).get("error").asText()).isEqualTo("invalid_client");
        }
    }

    @Test
    void eachIssuerHasItsOwnRandomSecretThatWorks() throws Exception {
        try (MockIssuer a = MockIssuer.start(); MockIssuer b = MockIssuer.start()) {
            assertThat(a.defaultClientSecret()).hasSizeGreaterThanOrEqualTo(22).isNotEqualTo(b.defaultClientSecret());
            var r = Http.post(a.tokenEndpoint(), Map.of("grant_type", "client_credentials"),
                    MockIssuer.DEFAULT_CLIENT, a.defaultClientSecret());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Http.json(r).get("access_token").asText()).isNotEmpty();
        }
    }
}
