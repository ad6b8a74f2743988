package dev.warden.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.SignatureAlgorithm;
import dev.warden.core.TokenValidator;
import dev.warden.core.VerifiedToken;
import dev.warden.policy.host.Warden;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Warden against a real Spring Authorization Server that the build starts from Maven Central artifacts on
 * loopback: tokens from its real login form (authorization code with PKCE), client credentials and refresh,
 * validated by discovery (key rotation and outages: {@link SpringAuthorizationServerKeysTest}).
 */
@ExtendWith(SpringAuthServerExtension.class)
class SpringAuthorizationServerTest {

    static final String ALL_SCOPES = "openid profile game.read game.write";

    final SpringAuthServer server;
    final OAuthClient client;

    SpringAuthorizationServerTest(SpringAuthServer server) {
        this.server = server;
        this.client = new OAuthClient(server);
    }

    OAuthClient.Tokens signIn() {
        return client.authorizationCode(AuthServerConfig.USER, AuthServerConfig.PASSWORD, ALL_SCOPES);
    }

    @Test
    void authorizationCodeAccessTokenIsAccepted() {
        OAuthClient.Tokens tokens = signIn();
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            VerifiedToken access = validator.validate(tokens.accessToken());
            assertThat(access.issuer()).isEqualTo(server.issuer());
            assertThat(access.subject()).isEqualTo(AuthServerConfig.USER);
            assertThat(access.audience()).containsExactly(AuthServerConfig.CLIENT_ID);
            assertThat(access.algorithm()).isEqualTo(SignatureAlgorithm.RS256);
            assertThat(access.keyId()).contains(server.keys().signingKeyId());
            assertThat(OAuthClient.header(tokens.accessToken())).as("no typ: neither JWT nor at+jwt (RFC 9068)")
                    .isEqualTo(Map.of("alg", "RS256", "kid", server.keys().signingKeyId()));
            assertThat(OAuthClient.header(tokens.idToken().orElseThrow()))
                    .isEqualTo(Map.of("alg", "RS256", "kid", server.keys().signingKeyId()));
            assertThat(access.claims().get("scope")).as("Spring AS writes scope as a JSON array (of a set)")
                    .asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactlyInAnyOrder("openid", "profile", "game.read", "game.write");
            assertThat(access.claims().get("roles")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactlyInAnyOrderElementsOf(AuthServerConfig.USER_ROLES);
        }
    }

    @Test
    void identityIsDerivedFromIssuerAndSubject() {
        OAuthClient.Tokens tokens = signIn();
        Identity expected = Identity.fromClaims(server.issuer(), AuthServerConfig.USER);
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            assertThat(validator.validate(tokens.accessToken()).identity()).isEqualTo(expected);
            assertThat(validator.validate(tokens.idToken().orElseThrow()).identity()).isEqualTo(expected);
            CallerContext caller = WardenSide.warden(server, validator)
                    .connect(tokens.idToken().orElseThrow(), ConnectionId.random());
            assertThat(caller.sender()).isEqualTo(expected);
        }
    }

    @Test
    void idTokenIsAcceptedAsAUserAndCarriesNoScope() {
        OAuthClient.Tokens tokens = signIn();
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            VerifiedToken id = validator.validate(tokens.idToken().orElseThrow());
            assertThat(id.authorizedParty()).contains(AuthServerConfig.CLIENT_ID);
            assertThat(id.claims()).doesNotContainKeys("scope", "scp");
            assertThat(id.claims().get("roles")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactlyInAnyOrderElementsOf(AuthServerConfig.USER_ROLES);

            Warden<GameModule> warden = WardenSide.warden(server, validator);
            CallerContext alice = warden.connect(tokens.idToken().orElseThrow(), ConnectionId.random());
            assertThat(alice.kind()).isEqualTo(CallerKind.USER);
            assertThat(alice.scopes().names()).isEmpty();
            assertThat(alice.roles().names()).containsExactlyInAnyOrderElementsOf(AuthServerConfig.USER_ROLES);
            assertThat(warden.call(alice, "kick", "mallory")).isEqualTo("kicked mallory");
            assertThat(WardenSide.denial(() -> warden.view(alice, "board")))
                    .isEqualTo("denied board: requires any scope of [game.read]; caller USER "
                    + alice.sender().toHex().substring(0, 12) + "... has scopes []");
        }
    }

    @Test
    void clientCredentialsTokenIsAccepted() {
        OAuthClient.Tokens tokens = client.clientCredentials("game.read game.write");
        assertThat(tokens.refreshToken()).isEmpty();
        assertThat(tokens.idToken()).isEmpty();
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            VerifiedToken service = validator.validate(tokens.accessToken());
            assertThat(service.subject()).isEqualTo(AuthServerConfig.CLIENT_ID);
            assertThat(service.audience()).containsExactly(AuthServerConfig.CLIENT_ID);
            assertThat(service.identity()).isEqualTo(Identity.fromClaims(server.issuer(), AuthServerConfig.CLIENT_ID));
            assertThat(service.claims().get("scope")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .containsExactlyInAnyOrder("game.read", "game.write");
            assertThat(service.claims()).doesNotContainKey("roles");
        }
    }

    @Test
    void refreshedIdTokenReauthenticatesTheSameIdentity() {
        OAuthClient.Tokens first = signIn();
        OAuthClient.Tokens refreshed = client.refresh(first.refreshToken().orElseThrow());
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            VerifiedToken before = validator.validate(first.accessToken());
            VerifiedToken after = validator.validate(refreshed.accessToken());
            assertThat(after.claims().get("jti")).isNotEqualTo(before.claims().get("jti"));
            assertThat(after.identity()).isEqualTo(before.identity());

            Warden<GameModule> warden = WardenSide.warden(server, validator);
            CallerContext connected = warden.connect(first.idToken().orElseThrow(), ConnectionId.random());
            CallerContext again = warden.reauthenticate(connected, refreshed.idToken().orElseThrow());
            assertThat(again.sender()).isEqualTo(connected.sender());
            assertThat(again.connectionId()).isEqualTo(connected.connectionId());
            assertThat(again.roles().names()).containsExactlyInAnyOrderElementsOf(AuthServerConfig.USER_ROLES);
        }
    }
}
