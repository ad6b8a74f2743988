package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a host needs to end a long-lived connection when its token would no longer validate, without validating it
 * again: the expiry rule ({@code exp} plus the clock skew), key removals told to a listener registered after the
 * validator was built, and whether a key still verifies (issue 23: sockets outlived their tokens).
 */
class SessionChecksTest {

    static final Instant NOW = TokenValidatorTest.NOW;

    final FakeIssuer idp = new FakeIssuer();
    final SettableClock clock = new SettableClock(NOW);
    TokenValidator validator;

    @AfterEach
    void stop() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }

    private TokenValidator build(TrustedIssuer.Builder... issuers) {
        TokenValidator.Builder b = TokenValidator.builder().clock(clock).clockSkew(Duration.ofSeconds(30));
        for (TrustedIssuer.Builder i : issuers) {
            b.trust(i.build());
        }
        validator = b.build();
        return validator;
    }

    @Test
    void isExpiredDrawsTheLineWhereValidationAnswersExpired() {
        build(idp.trust());
        String token = idp.rs256(NOW);   // exp = NOW + 600
        Instant exp = validator.validate(token).expiresAt().orElseThrow();
        clock.advance(Duration.between(clock.instant(), exp.plusSeconds(30).plusMillis(999)));
        assertThat(validator.isExpired(exp)).isFalse();
        assertThat(validator.validate(token).expiresAt()).contains(exp);
        clock.advance(Duration.ofMillis(1));
        assertThat(validator.isExpired(exp)).isTrue();
        assertRejected(validator, token, RejectionReason.EXPIRED);
    }

    @Test
    void aKeyRemovalListenerAddedAfterBuildIsToldUntilRemoved() {
        build(idp.trust());
        validator.validate(idp.rs256(NOW));
        List<String> told = new CopyOnWriteArrayList<>();
        BiConsumer<String, Set<String>> listener = (iss, kids) -> told.add(iss + " " + kids);
        BiConsumer<String, Set<String>> broken = (iss, kids) -> {
            throw new IllegalStateException("a broken listener");
        };
        validator.addKeyRemovalListener(broken);
        validator.addKeyRemovalListener(listener);

        idp.publish(Keys.ecJwk(idp.ec, "ec-1").build(), Keys.edJwk(idp.ed, "ed-1"));
        validator.refreshKeys(idp.issuer());
        assertThat(told).containsExactly(idp.issuer() + " [rsa-1]");

        validator.removeKeyRemovalListener(listener);
        idp.publish(Keys.edJwk(idp.ed, "ed-1"));
        validator.refreshKeys(idp.issuer());
        assertThat(told).as("removed: not told again").hasSize(1);
        assertRejected(validator, idp.es256(NOW), RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void keyInUseAnswersWhetherTheIssuerStillListsTheKeyWithoutFetching() {
        build(idp.trust().minRefetchInterval(Duration.ofMinutes(5)),
                TrustedIssuer.builder("https://hmac.test").hmacSecret(new byte[32]).audiences("a"));
        validator.validate(idp.rs256(NOW));
        assertThat(validator.keyInUse(idp.issuer(), SignatureAlgorithm.RS256, "rsa-1")).isTrue();
        assertThat(validator.keyInUse(idp.issuer(), SignatureAlgorithm.ES256, null)).as("a token without kid")
                .isTrue();
        assertThat(validator.keyInUse(idp.issuer(), SignatureAlgorithm.RS256, "rsa-9")).isFalse();
        assertThat(validator.keyInUse("https://untrusted.test", SignatureAlgorithm.RS256, "rsa-1")).isFalse();
        assertThat(validator.keyInUse("https://hmac.test", SignatureAlgorithm.HS256, null)).isTrue();
        assertThat(validator.keyInUse(idp.issuer(), SignatureAlgorithm.HS256, null))
                .as("an issuer without a secret verifies no HMAC").isFalse();
        int fetches = idp.jwksFetches();

        idp.publish(Keys.ecJwk(idp.ec, "ec-1").build());
        validator.refreshKeys(idp.issuer());
        assertThat(validator.keyInUse(idp.issuer(), SignatureAlgorithm.RS256, "rsa-1")).isFalse();
        assertThat(validator.keyInUse(idp.issuer(), SignatureAlgorithm.ES256, "ec-1")).isTrue();
        assertThat(idp.jwksFetches()).as("only refreshKeys fetched").isEqualTo(fetches + 1);
    }

    @Test
    void aKeyTheHostReSignedWithIsInUseForTheIssuerItReSignedFor() {
        LocalIssuer local = LocalIssuer.builder().clock(clock).build();
        build(idp.trust(), TrustedIssuer.builder(local.issuer()).local().staticKeys(local.jwksJson())
                .audiences(local.audience()).algorithms(SignatureAlgorithm.ES256).requireExpiration(false));
        VerifiedToken handed = validator.validate(local.resign(validator.validate(idp.rs256(NOW)),
                Duration.ofSeconds(60)).token());
        assertThat(validator.keyInUse(handed.issuer(), handed.algorithm(), handed.keyId().orElseThrow())).isTrue();
    }
}
