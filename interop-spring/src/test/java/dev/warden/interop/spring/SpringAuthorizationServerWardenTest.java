package dev.warden.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsListener;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.TokenValidator;
import dev.warden.policy.host.Warden;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spring Authorization Server's access tokens end to end through {@link Warden#connect}: the preset's roles, the
 * array-valued {@code scope}, the caller kind, and the module's rules deciding on them.
 */
@ExtendWith(SpringAuthServerExtension.class)
class SpringAuthorizationServerWardenTest {

    final SpringAuthServer server;
    final OAuthClient client;

    SpringAuthorizationServerWardenTest(SpringAuthServer server) {
        this.server = server;
        this.client = new OAuthClient(server);
    }

    static String abbreviated(CallerContext caller) {
        return caller.sender().toHex().substring(0, 12) + "...";
    }

    CallerContext connect(Warden<GameModule> warden, String token) {
        return warden.connect(token, ConnectionId.random());
    }

    @Test
    void accessTokenRolesComeFromThePreset() {
        String token = client.authorizationCode(AuthServerConfig.USER, AuthServerConfig.PASSWORD,
                SpringAuthorizationServerTest.ALL_SCOPES).accessToken();
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            Warden<GameModule> warden = WardenSide.warden(server, validator);
            CallerContext alice = connect(warden, token);
            assertThat(alice.roles().names()).containsExactlyInAnyOrderElementsOf(AuthServerConfig.USER_ROLES);
            assertThat(alice.sender()).isEqualTo(Identity.fromClaims(server.issuer(), AuthServerConfig.USER));
            assertThat(warden.call(alice, "kick", "mallory")).isEqualTo("kicked mallory");
        }
    }

    @Test
    void scopesComeFromTheArrayValuedScopeClaim() {
        String token = client.authorizationCode(AuthServerConfig.USER, AuthServerConfig.PASSWORD,
                "openid game.read").accessToken();
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            Warden<GameModule> warden = WardenSide.warden(server, validator);
            CallerContext reader = connect(warden, token);
            assertThat(reader.scopes().names()).containsExactlyInAnyOrder("openid", "game.read");
            assertThat(reader.hasScope("game.read")).isTrue();
            assertThat(reader.hasScope("game.write")).isFalse();
            assertThat(warden.view(reader, "board")).isEmpty();
            assertThat(WardenSide.denial(() -> warden.call(reader, "move", "e4")))
                    .isEqualTo("denied move: requires any scope of [game.write]; "
                    + "caller USER " + abbreviated(reader) + " has scopes " + reader.scopes().names());

            CallerContext player = connect(warden, client.authorizationCode(AuthServerConfig.USER,
                    AuthServerConfig.PASSWORD, SpringAuthorizationServerTest.ALL_SCOPES).accessToken());
            warden.call(player, "move", "e4");
            assertThat(warden.view(player, "board")).containsExactly(player.sender().toHex() + " e4");
        }
    }

    @Test
    void theUserIsAUserAndClientCredentialsAreAService() {
        List<String> missingRoles = new CopyOnWriteArrayList<>();
        ClaimsListener listener = new ClaimsListener() {
            @Override
            public void noRoleClaims(String issuer, String mapping, List<String> paths, String setting) {
                missingRoles.add(issuer + " " + mapping + " " + paths);
            }
        };
        String machine = client.clientCredentials("game.read game.write").accessToken();
        String user = client.authorizationCode(AuthServerConfig.USER, AuthServerConfig.PASSWORD,
                SpringAuthorizationServerTest.ALL_SCOPES).accessToken();
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            Warden<GameModule> warden = WardenSide.warden(server, validator, listener);
            CallerContext service = connect(warden, machine);
            assertThat(service.kind()).isEqualTo(CallerKind.SERVICE);
            assertThat(service.sender()).isEqualTo(Identity.fromClaims(server.issuer(), AuthServerConfig.CLIENT_ID));
            assertThat(service.roles().names()).isEmpty();
            assertThat(service.scopes().names()).containsExactlyInAnyOrder("game.read", "game.write");
            assertThat(warden.call(service, "export_stats")).isEqualTo(0);
            assertThat(WardenSide.denial(() -> warden.call(service, "kick", "mallory")))
                    .isEqualTo("denied kick: requires any role of [moderator]; caller "
                    + "SERVICE " + abbreviated(service) + " has roles []");

            CallerContext alice = connect(warden, user);
            assertThat(alice.kind()).isEqualTo(CallerKind.USER);
            assertThat(WardenSide.denial(() -> warden.call(alice, "export_stats")))
                    .isEqualTo("denied export_stats: requires a caller of kind "
                    + "[SERVICE]; caller is USER " + abbreviated(alice));
            assertThat(missingRoles).as("a machine token without roles is no missing-roles warning, and the "
                    + "user's token has its roles").isEmpty();
        }
    }

    @Test
    void aRefreshedAccessTokenReauthenticatesTheSameIdentity() {
        OAuthClient.Tokens first = client.authorizationCode(AuthServerConfig.USER, AuthServerConfig.PASSWORD,
                SpringAuthorizationServerTest.ALL_SCOPES);
        OAuthClient.Tokens refreshed = client.refresh(first.refreshToken().orElseThrow());
        try (TokenValidator validator = WardenSide.validator(server, new ValidationCounts())) {
            Warden<GameModule> warden = WardenSide.warden(server, validator);
            CallerContext connected = connect(warden, first.accessToken());
            CallerContext again = warden.reauthenticate(connected, refreshed.accessToken());
            assertThat(again.sender()).isEqualTo(connected.sender())
                    .isEqualTo(Identity.fromClaims(server.issuer(), AuthServerConfig.USER));
            assertThat(again.connectionId()).isEqualTo(connected.connectionId());
            assertThat(again.kind()).isEqualTo(CallerKind.USER);
            assertThat(again.roles().names()).containsExactlyInAnyOrderElementsOf(AuthServerConfig.USER_ROLES);
            assertThat(again.scopes().names()).containsExactlyInAnyOrder("openid", "profile", "game.read",
                    "game.write");
            assertThat(again.expiresAt()).isPresent();
            warden.call(again, "move", "d4");
        }
    }
}
