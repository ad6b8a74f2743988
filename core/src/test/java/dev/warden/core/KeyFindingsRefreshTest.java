package dev.warden.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import dev.warden.testsupport.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Security review findings on key refresh: a moved jwks_uri, and unknown-kid callers waiting for a refetch. */
class KeyFindingsRefreshTest {

    static final Instant NOW = TokenValidatorTest.NOW;

    final FakeIssuer idp = new FakeIssuer();
    final SettableClock clock = new SettableClock(NOW);
    final List<String> failures = new CopyOnWriteArrayList<>();
    TokenValidator validator;

    @AfterEach
    void stop() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }

    TokenValidator build(TrustedIssuer.Builder issuer) {
        validator = TokenValidator.builder().trust(issuer.build()).clock(clock).noVerifiedTokenCache()
                .listener(new ValidationListener() {
                    @Override
                    public void keyFetchFailed(String issuer, String message) {
                        failures.add(message);
                    }
                }).build();
        return validator;
    }

    String tokenSignedBy(KeyPair kp, String kid) {
        return Jws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", idp.payload(NOW, ""), kp.getPrivate(), "RS256");
    }

    int requests(String path) {
        return idp.server.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount();
    }

    void discoveryPointsAt(String path) {
        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(okJson("{\"issuer\":\"" + idp.issuer()
                + "\",\"jwks_uri\":\"" + idp.issuer() + path + "\"}")));
    }

    // ---- Finding 4: the discovered jwks_uri is re-read when the keys are refreshed ----

    @Test
    void aMovedJwksUriIsFollowedWhenTheKeysAreRefreshed() {
        KeyPair next = TestKeys.rsa(2048);
        idp.server.stubFor(get("/jwks-a").willReturn(okJson(new JWKSet(Keys.rsaJwk(idp.rsa, "rsa-1").build()).toString())));
        idp.server.stubFor(get("/jwks-b").willReturn(okJson(new JWKSet(Keys.rsaJwk(next, "rsa-2").build()).toString())));
        discoveryPointsAt("/jwks-a");
        build(idp.trust().keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                .minRefetchInterval(Duration.ofSeconds(10)));
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");

        discoveryPointsAt("/jwks-b"); // the provider moves its keys and rotates
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(tokenSignedBy(next, "rsa-2")).keyId()).contains("rsa-2");
        assertRejected(validator, idp.rs256(NOW), RejectionReason.UNKNOWN_KEY);
        assertThat(requests("/jwks-b")).isPositive();
        // discovery is read no more often than the keys themselves
        assertThat(requests(FakeIssuer.DISCOVERY_PATH)).isLessThanOrEqualTo(requests("/jwks-a") + requests("/jwks-b"));
    }

    @Test
    void whenRediscoveryFailsTheLastDiscoveredJwksUriKeepsBeingRefreshed() {
        KeyPair next = TestKeys.rsa(2048);
        build(idp.trust().keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                .minRefetchInterval(Duration.ofSeconds(10)));
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");

        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(aResponse().withStatus(503)));
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.rsaJwk(next, "rsa-2").build());
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(tokenSignedBy(next, "rsa-2")).keyId()).contains("rsa-2");
        assertThat(failures).anyMatch(m -> m.contains("HTTP 503"));

        // a discovery document that now names another issuer is not followed either
        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(okJson("{\"issuer\":\"https://evil.example\","
                + "\"jwks_uri\":\"" + idp.issuer() + "/evil\"}")));
        idp.server.stubFor(get("/evil").willReturn(okJson(new JWKSet(Keys.rsaJwk(TestKeys.rsa(2048), "rsa-1").build())
                .toString())));
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(idp.rs256(NOW)).keyId()).contains("rsa-1");
        assertThat(requests("/evil")).isZero();
        assertThat(failures).anyMatch(m -> m.contains("evil.example"));
    }
}
