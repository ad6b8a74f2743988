package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.Identity;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client set to Keycloak's "Use at+jwt as access token header type": its access tokens are RFC 9068
 * {@code at+jwt}, accepted only by an issuer configured to accept access tokens; its ID tokens stay {@code JWT}.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(4)
class KeycloakAccessTokenTypeTest {

    private static final String TYPED = "typed-client";
    private final String secret = UUID.randomUUID().toString();
    private GameRealm realm;
    private TokenValidator idTokensOnly;
    private TokenValidator accessTokensToo;
    private final Once once = new Once();

    @BeforeEach
    void setUpOnce() {
        once.run(() -> {
            realm = KeycloakExtension.sharedRealm();
            realm.addClient(TYPED, secret, true, true, true);
            idTokensOnly = WardenSide.validator(issuer().build(), new WardenSide.Recorder());
            accessTokensToo = WardenSide.validator(issuer().acceptAccessTokens(true).build(),
                    new WardenSide.Recorder());
        });
    }

    private TrustedIssuer.Builder issuer() {
        return TrustedIssuer.builder(realm.issuer()).audiences(TYPED).authorizedParty(TYPED);
    }

    @AfterAll
    void tearDown() {
        for (TokenValidator v : new TokenValidator[] {idTokensOnly, accessTokensToo}) {
            if (v != null) {
                v.close();
            }
        }
    }

    @Test
    void atJwtAccessTokenIsRejectedUnsupportedTokenTypeByDefault() {
        String access = realm.password("alice", TYPED, secret).access();
        assertThat(WardenSide.header(access).get("typ").asText()).isEqualTo("at+jwt");
        assertThatThrownBy(() -> idTokensOnly.validate(access)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNSUPPORTED_TOKEN_TYPE));
    }

    @Test
    void atJwtAccessTokenIsAcceptedWhenTheIssuerAcceptsAccessTokens() {
        String access = realm.password("alice", TYPED, secret).access();
        assertThat(accessTokensToo.validate(access).identity())
                .isEqualTo(Identity.fromClaims(realm.issuer(), realm.userIds.get("alice")));
    }

    @Test
    void idTokenOfThatClientStaysJwtAndIsAcceptedEitherWay() {
        String id = realm.password("alice", TYPED, secret).id();
        assertThat(WardenSide.header(id).get("typ").asText()).isEqualTo("JWT");
        assertThat(idTokensOnly.validate(id).subject()).isEqualTo(realm.userIds.get("alice"));
        assertThat(accessTokensToo.validate(id).subject()).isEqualTo(realm.userIds.get("alice"));
    }
}
