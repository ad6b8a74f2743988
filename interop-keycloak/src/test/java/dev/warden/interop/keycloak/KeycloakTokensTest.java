package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.VerifiedToken;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Tokens of a real Keycloak realm ({@link GameRealm}) through Warden configured as the README says for Keycloak:
 * password grant (access and ID token), client credentials and refresh; identity, roles, scopes and kind of
 * caller as a Keycloak user expects them.
 */
@Order(1)
class KeycloakTokensTest extends SharedRealmChecks {

    @Test
    void passwordGrantAccessTokenIsAccepted() {
        VerifiedToken t = validator.validate(realm.password("alice").access());
        assertThat(t.issuer()).isEqualTo(realm.issuer());
        assertThat(t.subject()).isEqualTo(realm.userIds.get("alice"));
        assertThat(t.audience()).containsExactly(GameRealm.CLIENT, "account");
        assertThat(t.authorizedParty()).contains(GameRealm.CLIENT);
        assertThat(t.algorithm().name()).isEqualTo("RS256");
        assertThat(t.keyId()).contains(realm.activeRs256Kid());
    }

    @Test
    void passwordGrantAccessTokenIdentityIsFromClaimsOfIssAndSub() {
        VerifiedToken t = validator.validate(realm.password("alice").access());
        assertThat(t.identity()).isEqualTo(Identity.fromClaims(realm.issuer(), realm.userIds.get("alice")));
    }

    @Test
    void passwordGrantIdTokenIsAcceptedWithTheAccessTokensIdentity() {
        GameRealm.Tokens tokens = realm.password("alice");
        VerifiedToken id = validator.validate(tokens.id());
        assertThat(id.audience()).containsExactly(GameRealm.CLIENT);
        assertThat(id.claims()).containsEntry("typ", "ID");
        assertThat(id.identity()).isEqualTo(validator.validate(tokens.access()).identity())
                .isEqualTo(Identity.fromClaims(realm.issuer(), realm.userIds.get("alice")));
    }

    @Test
    void passwordGrantUserIsAUserCallerWithRealmRoles() {
        CallerContext alice = caller(realm.password("alice").access());
        assertThat(alice.kind()).isEqualTo(CallerKind.USER);
        assertThat(alice.roles().names()).isEqualTo(defaultRolesAnd("player"));
        assertThat(alice.hasRole("player")).isTrue();
        assertThat(alice.hasRole("moderator")).isFalse();
    }

    @Test
    void passwordGrantClientRolesAreUnprefixedBesideRealmRoles() {
        CallerContext bob = caller(realm.password("bob").access());
        assertThat(bob.kind()).isEqualTo(CallerKind.USER);
        assertThat(bob.roles().names()).isEqualTo(defaultRolesAnd("player", "moderator", "admin"));
        assertThat(bob.hasRole("game-client:admin")).isFalse();
    }

    @Test
    void clientRolePrefixIsAnOptionOfTheKeycloakPreset() {
        ClaimsMapper prefixed = ClaimsMapper.builder()
                .roles(realm.issuer(), RoleMapping.keycloak(GameRealm.CLIENT, GameRealm.CLIENT + ":")).build();
        CallerContext bob = prefixed.toCaller(validator.validate(realm.password("bob").access()),
                ConnectionId.random());
        assertThat(bob.roles().names()).isEqualTo(defaultRolesAnd("player", "moderator", "game-client:admin"));
    }

    @Test
    void accessTokensCarryTheRoleClaimsSoNoRoleClaimsIsNotReported() {
        List<WardenSide.Told> told = new ArrayList<>();
        ClaimsMapper watched = WardenSide.mapper(realm).listener(WardenSide.noRoleClaimsInto(told)).build();
        watched.toCaller(validator.validate(realm.password("alice").access()), ConnectionId.random());
        watched.toCaller(validator.validate(realm.password("alice").id()), ConnectionId.random());
        assertThat(told).as("the first user token decides, and it carried realm_access").isEmpty();
    }

    @Test
    void passwordGrantScopesAreTheGrantedOnes() {
        CallerContext alice = caller(realm.password("alice").access());
        assertThat(realm.password("alice").scope().split(" ")).containsExactlyInAnyOrder("openid", "email", "profile");
        assertThat(alice.scopes().names()).containsExactlyInAnyOrder("openid", "email", "profile");
        assertThat(alice.hasScope("email")).isTrue();
        assertThat(alice.hasScope("roles")).isFalse();
    }

    @Test
    void clientCredentialsTokenIsAcceptedWithTheServiceAccountsIdentity() {
        GameRealm.Tokens sa = realm.clientCredentials();
        assertThat(sa.id()).as("client credentials give no ID token").isNull();
        VerifiedToken t = validator.validate(sa.access());
        // Keycloak's sub is the service account user's id, not the client id
        assertThat(t.subject()).isEqualTo(realm.userIds.get(GameRealm.SERVICE_ACCOUNT));
        assertThat(t.identity()).isEqualTo(Identity.fromClaims(realm.issuer(),
                realm.userIds.get(GameRealm.SERVICE_ACCOUNT)));
        assertThat(t.claims()).containsEntry("client_id", GameRealm.CLIENT)
                .containsEntry("preferred_username", GameRealm.SERVICE_ACCOUNT);
    }

    @Test
    void clientCredentialsTokenIsAServiceCallerWithItsClientRoles() {
        CallerContext sa = caller(realm.clientCredentials().access());
        assertThat(sa.kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(sa.roles().names()).isEqualTo(defaultRolesAnd("reporter"));
    }

    @Test
    void clientCredentialsScopesAreTheGrantedOnes() {
        CallerContext sa = caller(realm.clientCredentials().access());
        assertThat(sa.scopes().names()).containsExactlyInAnyOrder("email", "profile");
    }

    @Test
    void refreshedAccessTokenIsAcceptedWithTheSameIdentityAndReauthenticates() {
        GameRealm.Tokens first = realm.password("alice");
        CallerContext before = caller(first.access());
        GameRealm.Tokens refreshed = realm.refresh(first);
        assertThat(refreshed.access()).isNotEqualTo(first.access());
        VerifiedToken t = validator.validate(refreshed.access());
        assertThat(t.identity()).isEqualTo(before.sender());
        assertThat(t.claims().get("jti")).isNotEqualTo(validator.validate(first.access()).claims().get("jti"));
        CallerContext after = mapper.reauthenticate(before, t);
        assertThat(after.sender()).isEqualTo(before.sender());
        assertThat(after.connectionId()).isEqualTo(before.connectionId());
        assertThat(after.roles()).isEqualTo(before.roles());
        assertThat(after.expiresAt()).contains(t.expiresAt().orElseThrow());
    }

    @Test
    void realmJwksEncryptionKeyIsLeftOutAndItsSigningKeyUsed() {
        String kid = realm.activeRs256Kid();
        assertThat(validator.validate(realm.password("alice").access()).keyId()).contains(kid);
        assertThat(realm.publishedKids()).as("RS256 signing key and RSA-OAEP encryption key").hasSize(2);
        assertThat(realm.publishedSigningKids()).containsExactly(kid);
        String encKid = realm.publishedKids().stream().filter(k -> !k.equals(kid)).findFirst().orElseThrow();
        assertThat(validator.refreshKeys(realm.issuer())).containsExactly(kid);
        assertThat(events.ignored).isNotEmpty().allSatisfy(i -> assertThat(i).startsWith(encKid + ": ")
                .contains("RSA-OAEP"));
        assertThat(events.fetchFailures).isEmpty();
    }
}
