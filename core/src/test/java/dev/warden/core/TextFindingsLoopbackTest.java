package dev.warden.core;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.internal.HttpFetcher;
import dev.warden.testsupport.SettableClock;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Security review finding 4: {@code http://*.localhost} counted as loopback for plain-http key URLs, but the JDK
 * resolves such names through DNS, so a network attacker could answer for them. Only literal 127.0.0.0/8, ::1 and
 * exactly {@code localhost} are loopback.
 */
class TextFindingsLoopbackTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.localhost/jwks", "http://evil.localhost:8080/jwks",
        "http://EVIL.LocalHost/jwks", "http://a.b.localhost/jwks", "http://localhost.localhost/jwks",
        "http://localhost./jwks", "http://127.0.0.1.nip.io/jwks", "http://[::2]/jwks"})
    void aJwksUrlOnANameUnderLocalhostIsRefusedAtConfiguration(String url) {
        assertThatThrownBy(() -> TrustedIssuer.builder("https://idp.example").audiences("a").jwksUri(URI.create(url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jwksUri must use https (plain http is allowed only on loopback)");
    }

    @Test
    void anIssuerUnderLocalhostIsNotDiscoveredOverPlainHttp() {
        assertThatThrownBy(() -> TrustedIssuer.builder("http://evil.localhost:3000").audiences("a").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issuer (for discovery) must use https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/jwks", "http://LOCALHOST:8080/jwks", "http://127.0.0.1:8080/jwks",
        "http://127.255.0.9/jwks", "http://[::1]:8080/jwks", "http://[0:0:0:0:0:0:0:1]:8080/jwks"})
    void literalLoopbackAddressesAndLocalhostItselfMayUsePlainHttp(String url) {
        TrustedIssuer issuer = TrustedIssuer.builder("https://idp.example").audiences("a").jwksUri(URI.create(url))
                .build();
        assertThat(issuer.jwksUri()).contains(URI.create(url));
        assertThat(TrustedIssuer.builder(url.replace("/jwks", "")).audiences("a").build().discoveryUri())
                .hasToString(url.replace("/jwks", "") + "/.well-known/openid-configuration");
    }

    @Test
    void isLoopbackMakesNoDnsNameLoopbackButLocalhost() {
        assertThat(HttpFetcher.isLoopback("evil.localhost")).isFalse();
        assertThat(HttpFetcher.isLoopback("localhost.")).isFalse();
        assertThat(HttpFetcher.isLoopback("Localhost")).isTrue();
        assertThat(HttpFetcher.isLoopback("[::1]")).isTrue();
        assertThat(HttpFetcher.isLoopback("[::1%25lo]")).isFalse();
        assertThat(HttpFetcher.isLoopback("[fe80::1]")).isFalse();
    }

    @Test
    void aDiscoveredJwksUriUnderLocalhostIsNotFetched() {
        List<String> failures = new CopyOnWriteArrayList<>();
        try (FakeIssuer idp = new FakeIssuer()) {
            idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(okJson("{\"issuer\":\"" + idp.issuer()
                    + "\",\"jwks_uri\":\"http://evil.localhost:" + idp.server.port() + FakeIssuer.JWKS_PATH + "\"}")));
            try (TokenValidator v = TokenValidator.builder().clock(new SettableClock(TokenValidatorTest.NOW))
                    .noVerifiedTokenCache().trust(idp.trust().build()).listener(new ValidationListener() {
                        @Override
                        public void keyFetchFailed(String issuer, String message) {
                            failures.add(message);
                        }
                    }).build()) {
                assertRejected(v, idp.rs256(TokenValidatorTest.NOW), RejectionReason.JWKS_UNAVAILABLE);
            }
            assertThat(idp.jwksFetches()).isZero();
        }
        assertThat(failures).isNotEmpty().allMatch(m -> m.contains("discovered jwks_uri is not acceptable")
                && m.contains("must use https"));
    }
}
