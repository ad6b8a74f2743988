package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testsupport.Jws;
import dev.warden.testsupport.SettableClock;
import dev.warden.testsupport.TestKeys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key the provider stops listing stops verifying at once, cached tokens included, and an operator can make
 * Warden look now. Before, a token verified by a removed key stayed accepted from the verified-token cache
 * for as long as the cache kept it (about five minutes, seen with Keycloak).
 */
class KeyRemovalTest {

    static final Instant NOW = TokenValidatorTest.NOW;

    final FakeIssuer idp = new FakeIssuer();
    final SettableClock clock = new SettableClock(NOW);
    final KeyPair next = TestKeys.rsa(2048);
    TokenValidator validator;

    @AfterEach
    void stop() {
        if (validator != null) {
            validator.close();
        }
        idp.close();
    }

    private TokenValidator build(TrustedIssuer.Builder issuer) {
        validator = TokenValidator.builder().trust(issuer.build()).clock(clock).build();
        return validator;
    }

    private String signedBy(KeyPair kp, String kid) {
        return Jws.sign("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", idp.payload(NOW, ""), kp.getPrivate(), "RS256");
    }

    @Test
    void aCachedTokenOfAKeyTheNextFetchNoLongerListsIsRejected() {
        build(idp.trust());
        String old = idp.rs256(NOW);
        validator.validate(old);
        idp.publish(Keys.rsaJwk(next, "rsa-2").build());
        validator.validate(signedBy(next, "rsa-2")); // an unknown kid: one refetch, which no longer lists rsa-1
        assertThat(idp.jwksFetches()).isEqualTo(2);
        TokenRejectedException e = assertRejected(validator, old, RejectionReason.UNKNOWN_KEY);
        assertThat(e.getMessage()).isEqualTo("UNKNOWN_KEY: issuer has no key with kid 'rsa-1'");
        assertThat(validator.validate(signedBy(next, "rsa-2")).keyId()).contains("rsa-2");
    }

    @Test
    void refreshKeysFetchesAtOnceAndDropsTokensOfRemovedKeys() {
        build(idp.trust().minRefetchInterval(Duration.ofMinutes(5)));
        String old = idp.rs256(NOW);
        String ec = idp.es256(NOW);
        validator.validate(old);
        validator.validate(ec);
        idp.publish(Keys.ecJwk(idp.ec, "ec-1").build(), Keys.rsaJwk(next, "rsa-2").build());
        assertThat(validator.refreshKeys(idp.issuer())).containsExactly("ec-1", "rsa-2");
        assertThat(idp.jwksFetches()).isEqualTo(2);
        assertRejected(validator, old, RejectionReason.UNKNOWN_KEY);
        assertThat(validator.validate(ec).keyId()).as("tokens of keys still listed stay").contains("ec-1");
        assertThat(idp.jwksFetches()).as("the rejection did not refetch inside the interval").isEqualTo(2);
    }

    @Test
    void aKeyRepublishedWithOtherMaterialUnderTheSameKidDropsItsTokens() {
        build(idp.trust());
        String old = idp.rs256(NOW);
        validator.validate(old);
        idp.publish(Keys.rsaJwk(next, "rsa-1").build());
        validator.refreshKeys(idp.issuer());
        assertRejected(validator, old, RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void tokensWithoutKidGoWhenAnyKeyGoes() {
        build(idp.trust());
        String noKid = Jws.sign("{\"alg\":\"RS256\"}", idp.payload(NOW, ""), idp.rsa.getPrivate(), "RS256");
        validator.validate(noKid);
        idp.publish(Keys.rsaJwk(idp.rsa, "rsa-1").build(), Keys.ecJwk(idp.ec, "ec-1").build());
        validator.refreshKeys(idp.issuer()); // ed-1 went: a token without kid cannot say which key verified it
        assertThat(validator.validate(noKid).keyId()).as("verified again, not from the cache").isEmpty();
        idp.publish(Keys.ecJwk(idp.ec, "ec-1").build());
        validator.refreshKeys(idp.issuer());
        assertRejected(validator, noKid, RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void aFailedRefreshSaysSoAndKeepsTheCachedKeys() {
        build(idp.trust());
        String token = idp.rs256(NOW);
        validator.validate(token);
        idp.jwksRespondsStatus(503);
        assertThatThrownBy(() -> validator.refreshKeys(idp.issuer())).isInstanceOf(TokenRejectedException.class)
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(RejectionReason.JWKS_UNAVAILABLE);
        assertThat(validator.validate(token).subject()).isEqualTo("user-42");
        assertThatThrownBy(() -> validator.refreshKeys("https://not.trusted"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("issuer 'https://not.trusted' is not trusted");
    }

    @Test
    void staticKeysAreListedWithoutAFetch() {
        build(TrustedIssuer.builder("https://static.example").anyAudience()
                .staticKey("k1", idp.ec.getPublic()));
        assertThat(validator.refreshKeys("https://static.example")).containsExactly("k1");
    }
}
