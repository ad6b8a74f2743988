package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.ConnectionId;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.VerifiedToken;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Keycloak tokens a host must refuse, or must not give more than they say. */
@Order(5)
class KeycloakRefusalsTest extends SharedRealmChecks {

    @Test
    void refreshTokenPresentedAsBearerIsRejectedUnsupportedAlgorithm() {
        // Keycloak signs refresh tokens with the realm's HS512 secret: never a bearer token for a host
        String refresh = realm.password("alice").refresh();
        assertThat(WardenSide.header(refresh).get("alg").asText()).isEqualTo("HS512");
        assertThatThrownBy(() -> validator.validate(refresh)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void anotherClientsAccessTokenIsRejectedAudienceMismatch() {
        String other = realm.passwordAtOtherClient("alice").access();
        assertThatThrownBy(() -> validator.validate(other)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.AUDIENCE_MISMATCH));
    }

    @Test
    void anotherClientsIdTokenIsRejectedAudienceMismatch() {
        String other = realm.passwordAtOtherClient("alice").id();
        assertThatThrownBy(() -> validator.validate(other)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.AUDIENCE_MISMATCH));
    }

    @Test
    void anotherClientsTokenNamingGameClientThroughAudienceResolveIsRejectedByAzp() {
        // bob holds game-client's client role admin, so Keycloak's audience resolution adds game-client to the
        // aud of any token bob gets, at any client: only the azp check tells it apart
        String other = realm.passwordAtOtherClient("bob").access();
        try (TokenValidator audienceOnly = WardenSide.validator(TrustedIssuer.builder(realm.issuer())
                .audiences(GameRealm.CLIENT).build(), new WardenSide.Recorder())) {
            VerifiedToken unchecked = audienceOnly.validate(other);
            assertThat(unchecked.audience()).contains(GameRealm.CLIENT);
            assertThat(unchecked.authorizedParty()).contains(GameRealm.OTHER_CLIENT);
        }
        assertThatThrownBy(() -> validator.validate(other)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_CLAIM));
    }

    @Test
    void masterRealmAdminTokenIsRejectedUntrustedIssuer() {
        String master = realm.admin.tokenEndpoint("master", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER,
                "password", realm.server.adminPassword())).get("access_token").asText();
        assertThatThrownBy(() -> validator.validate(master)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNTRUSTED_ISSUER));
    }

    @Test
    void refreshKeysOfAnIssuerNotTrustedIsIllegalArgument() {
        assertThatThrownBy(() -> validator.refreshKeys(realm.server.issuer("master")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not trusted");
    }

    @Test
    void aUserNamedLikeAServiceAccountStaysAUserCaller() {
        // Keycloak lets a person be called service-account-<client> when that client has no service account:
        // the name must not make them a machine caller (only the client_id claim Keycloak adds does)
        String clientId = "login-client";
        String secret = UUID.randomUUID().toString();
        realm.addClient(clientId, secret, true, false, false);
        realm.user("service-account-" + clientId, List.of("player"), List.of());
        try (TokenValidator v = WardenSide.validator(TrustedIssuer.builder(realm.issuer()).audiences(clientId)
                .authorizedParty(clientId).build(), new WardenSide.Recorder())) {
            VerifiedToken t = v.validate(realm.password("service-account-" + clientId, clientId, secret).access());
            assertThat(t.claims()).containsEntry("preferred_username", "service-account-" + clientId)
                    .doesNotContainKey("client_id");
            CallerContext c = ClaimsMapper.builder().roles(realm.issuer(), RoleMapping.keycloak(clientId)).build()
                    .toCaller(t, ConnectionId.random());
            assertThat(c.kind()).isEqualTo(CallerKind.USER);
        }
    }
}
