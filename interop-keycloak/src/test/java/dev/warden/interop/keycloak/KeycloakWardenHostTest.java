package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Keycloak callers through the host lifecycle ({@code Warden.connect} and {@code call}) of a guarded module. */
@Order(6)
class KeycloakWardenHostTest extends SharedRealmChecks {

    @Test
    void wardenConnectGivesAKeycloakUserTheirIdentityAndGuardsCalls() {
        GameModule module = new GameModule();
        Warden<GameModule> warden = Warden.builder(PolicyEngine.builder().build().compile(GameModule.class), module)
                .validator(validator).claims(mapper).build();
        CallerContext alice = warden.connect(realm.password("alice").access(), ConnectionId.random());
        assertThat(alice.sender()).isEqualTo(Identity.fromClaims(realm.issuer(), realm.userIds.get("alice")));
        assertThat(alice.kind()).isEqualTo(CallerKind.USER);
        warden.call(alice, "post", "gg");
        warden.call(alice, "join_match");
        warden.call(alice, "mail_me");
        assertThat(warden.database().read(() -> warden.database().db().table(GameModule.Post.class).all()))
                .containsExactly(new GameModule.Post(1, alice.sender(), "gg"));
        assertThatThrownBy(() -> warden.call(alice, "ban", "mallory"))
                .isInstanceOfSatisfying(AccessDeniedException.class,
                        e -> assertThat(e.decision().reason()).contains("requires any role of [admin]"));
        assertThatThrownBy(() -> warden.call(alice, "export_stats"))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void wardenLetsAnAdminBanAndAServiceAccountExportButNotTheOtherWayRound() {
        GameModule module = new GameModule();
        Warden<GameModule> warden = Warden.builder(PolicyEngine.builder().build().compile(GameModule.class), module)
                .validator(validator).claims(mapper).build();
        CallerContext bob = warden.connect(realm.password("bob").access(), ConnectionId.random());
        CallerContext sa = warden.connect(realm.clientCredentials().access(), ConnectionId.random());
        warden.call(bob, "ban", "mallory");
        warden.call(sa, "post", "nightly stats ready");
        assertThat(warden.call(sa, "export_stats")).isEqualTo(1);
        assertThatThrownBy(() -> warden.call(bob, "export_stats"))
                .isInstanceOfSatisfying(AccessDeniedException.class,
                        e -> assertThat(e.decision().reason()).contains("USER"));
        assertThatThrownBy(() -> warden.call(sa, "ban", "mallory"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> warden.call(sa, "join_match"))
                .as("the service account has no realm role player").isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void wardenConnectRefusesAnotherClientsToken() {
        Warden<GameModule> warden = Warden.builder(PolicyEngine.builder().build().compile(GameModule.class),
                new GameModule()).validator(validator).claims(mapper).build();
        String other = realm.passwordAtOtherClient("alice").access();
        assertThatThrownBy(() -> warden.connect(other, ConnectionId.random()))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.AUDIENCE_MISMATCH));
    }
}
