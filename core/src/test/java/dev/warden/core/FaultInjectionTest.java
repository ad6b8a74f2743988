package dev.warden.core;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.Jws;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.security.KeyPair;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults on the issuer's discovery and JWKS endpoints. For every fault: cached keys keep validating, no
 * unverified token is ever accepted, no caller waits longer than the fetch deadline (plus scheduling slack),
 * a validator without keys answers JWKS_UNAVAILABLE, and everything recovers when the issuer does. The table
 * in SECURITY.md lists these faults and this test.
 */
class FaultInjectionTest extends FakeIssuerTest {

    /** Each fault, as the WireMock response the issuer gives. */
    enum IssuerFault {
        CONNECTION_RESET(port -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        EMPTY_RESPONSE(port -> aResponse().withFault(Fault.EMPTY_RESPONSE)),
        MALFORMED_CHUNKS(port -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
        RANDOM_DATA(port -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
        SLOW_RESPONSE(port -> okJson("{\"keys\":[]}").withFixedDelay(3_000)),
        SLOW_BODY(port -> okJson("{\"keys\":[" + "{}".repeat(0) + "]}").withChunkedDribbleDelay(5, 3_000)),
        SERVER_ERROR(port -> aResponse().withStatus(500).withBody("boom")),
        UNAVAILABLE(port -> aResponse().withStatus(503).withHeader("Retry-After", "120")),
        RATE_LIMITED(port -> aResponse().withStatus(429).withHeader("Retry-After", "30")),
        NOT_FOUND(port -> aResponse().withStatus(404)),
        REDIRECT_TO_ANOTHER_HOST(port -> aResponse().withStatus(302).withHeader("Location",
                "http://localhost:" + port + "/elsewhere")),
        REDIRECT_LOOP(port -> aResponse().withStatus(302).withHeader("Location", "/loop")),
        OVERSIZED_BODY(port -> okJson("{\"keys\":[],\"pad\":\"" + "x".repeat(300 * 1024) + "\"}")),
        HTML_INSTEAD_OF_JSON(port -> aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html>maintenance</html>")),
        EMPTY_BODY(port -> aResponse().withStatus(200).withBody(""));

        final Function<Integer, ResponseDefinitionBuilder> response;

        IssuerFault(Function<Integer, ResponseDefinitionBuilder> response) {
            this.response = response;
        }
    }

    static final Duration CONNECT = Duration.ofMillis(300);
    static final Duration READ = Duration.ofMillis(500);
    /** Fetch deadline (connect + read) plus generous slack for a loaded CI machine. */
    static final Duration BOUND = CONNECT.plus(READ).plus(Duration.ofMillis(1_500));


    /** The signature provider of the validator under test (every fault runs on every provider). */
    NativeProviders provider = NativeProviders.JDK;

    static Stream<Arguments> faultsOnEveryProvider() {
        return NativeProviders.ALL.stream().flatMap(p -> Stream.of(IssuerFault.values()).map(f -> Arguments.of(f, p)));
    }

    @AfterAll
    static void report() {
        ProviderAgreement.reportTally("fault suite");
    }

    TokenValidator validator() {
        validator = provider.configure(TokenValidator.builder()).clock(clock).noVerifiedTokenCache().trust(idp.trust()
                .keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO).outageTolerance(Duration.ofMinutes(30))
                .minRefetchInterval(Duration.ZERO).timeouts(CONNECT, READ).build()).build();
        return validator;
    }

    String longLived() {
        return idp.rs256(TokenValidatorTest.NOW, b -> b.expiration(java.util.Date.from(TokenValidatorTest.NOW
                .plus(Duration.ofHours(3)))));
    }

    String longPayload() {
        return idp.payload(TokenValidatorTest.NOW, "").replaceFirst("\"exp\":[0-9]+",
                "\"exp\":" + TokenValidatorTest.NOW.plus(Duration.ofHours(3)).getEpochSecond());
    }

    @org.junit.jupiter.api.Test
    void anEmptyKeySetIsAnAnswerNotAFaultAndIsHonoured() {
        String token = longLived();
        validator().validate(token);
        idp.jwksResponds(okJson("{\"keys\":[]}"));
        clock.advance(Duration.ofSeconds(61));
        assertRejected(validator, token, RejectionReason.UNKNOWN_KEY);
    }

    static <T> T timed(java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time a caller waited").isLessThan(BOUND);
        return result;
    }

    @ParameterizedTest(name = "[{1}] {0}")
    @MethodSource("faultsOnEveryProvider")
    void jwksFaultsAreSurvivedAndRecovered(IssuerFault fault, NativeProviders p) {
        provider = p;
        ProviderAgreement.started("fault suite", p);
        String token = longLived();
        validator().validate(token);
        idp.server.stubFor(get("/elsewhere").willReturn(okJson("{\"keys\":[]}")));
        idp.server.stubFor(get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
        idp.jwksResponds(fault.response.apply(idp.server.port()));

        clock.advance(Duration.ofSeconds(61));
        assertThat(timed(() -> validator.validate(token)).subject()).as("cached keys keep working").isEqualTo("user-42");

        KeyPair attacker = TestKeys.rsa(2048);
        String forged = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", longPayload(), attacker.getPrivate(), "RS256");
        assertRejected(validator, forged, RejectionReason.BAD_SIGNATURE);
        String unknownKid = Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-9\"}", longPayload(), attacker.getPrivate(),
                "RS256");
        TokenRejectedException e = timed(() -> catchThrowableOfType(TokenRejectedException.class,
                () -> validator.validate(unknownKid)));
        assertThat(e.reason()).isIn(RejectionReason.UNKNOWN_KEY, RejectionReason.JWKS_UNAVAILABLE);

        // past the outage tolerance the cached keys stop being used
        clock.advance(Duration.ofMinutes(32));
        TokenRejectedException late = timed(() -> catchThrowableOfType(TokenRejectedException.class,
                () -> validator.validate(token)));
        assertThat(late.reason()).isIn(RejectionReason.JWKS_UNAVAILABLE, RejectionReason.UNKNOWN_KEY);

        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.rsaJwk(attacker, "rsa-9").build());
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(token).subject()).as("recovered").isEqualTo("user-42");
        assertThat(validator.validate(unknownKid).keyId()).contains("rsa-9");
        ProviderAgreement.passed("fault suite", p);
    }

    @ParameterizedTest(name = "[{1}] {0}")
    @MethodSource("faultsOnEveryProvider")
    void discoveryFaultsWithoutCachedKeysAreJwksUnavailableThenRecover(IssuerFault fault, NativeProviders p) {
        provider = p;
        ProviderAgreement.started("fault suite", p);
        idp.server.stubFor(get("/elsewhere").willReturn(okJson("{}")));
        idp.server.stubFor(get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
        idp.server.stubFor(get(FakeIssuer.DISCOVERY_PATH).willReturn(fault.response.apply(idp.server.port())));
        String token = longLived();
        TokenRejectedException e = timed(() -> catchThrowableOfType(TokenRejectedException.class,
                () -> validator().validate(token)));
        assertThat(e.reason()).isEqualTo(RejectionReason.JWKS_UNAVAILABLE);
        assertThat(idp.jwksFetches()).isZero();

        idp.reset();
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(token).subject()).isEqualTo("user-42");
        ProviderAgreement.passed("fault suite", p);
    }
}
