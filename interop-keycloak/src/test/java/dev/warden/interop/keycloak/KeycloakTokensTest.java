package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.VerifiedToken;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens of a real Keycloak realm ({@link GameRealm}) through Warden configured as the README says for
 * Keycloak: password grant (access and ID token), client credentials, refresh, and what must be refused.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(1)
class KeycloakTokensTest {

    private GameRealm realm;
    private TokenValidator validator;
    private ClaimsMapper mapper;
    private final WardenSide.Recorder events = new WardenSide.Recorder();

    private final Once once = new Once();

    @BeforeEach
    void setUpOnce() {
        once.run(this::setUp);
    }

    private void setUp() {
        realm = KeycloakExtension.sharedRealm();
        validator = WardenSide.validator(WardenSide.issuer(realm).build(), events);
        mapper = WardenSide.mapper(realm).build();
    }

    @AfterAll
    void tearDown() {
        if (validator != null) {
            validator.close();
        }
    }

    private CallerContext caller(String token) {
        return mapper.toCaller(validator.validate(token), ConnectionId.random());
    }

    private Set<String> defaultRolesAnd(String... roles) {
        TreeSet<String> out = new TreeSet<>(GameRealm.KEYCLOAK_DEFAULT_ROLES);
        out.add("default-roles-" + realm.name);
        out.addAll(List.of(roles));
        return out;
    }

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
    void masterRealmAdminTokenIsRejectedUntrustedIssuer() {
        String master = realm.admin.tokenEndpoint("master", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER,
                "password", realm.server.adminPassword())).get("access_token").asText();
        assertThatThrownBy(() -> validator.validate(master)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNTRUSTED_ISSUER));
    }

    @Test
    void realmJwksEncryptionKeyIsIgnoredAndSigningKeyUsed() {
        validator.validate(realm.password("alice").access());
        assertThat(realm.publishedKids()).hasSize(2).contains(realm.activeRs256Kid());
        assertThat(events.fetches).isNotEmpty();
        assertThat(events.fetchFailures).isEmpty();
    }

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
        assertThat(module.posts).containsExactly(alice.sender().toHex().substring(0, 8) + ": gg");
        assertThatThrownBy(() -> warden.call(alice, "ban", "mallory"))
                .isInstanceOfSatisfying(AccessDeniedException.class,
                        e -> assertThat(e.decision().reason()).contains("requires any role of [admin]"));
        assertThatThrownBy(() -> warden.call(alice, "export_stats"))
                .isInstanceOf(AccessDeniedException.class);
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
    void wardenConnectRefusesAnotherClientsToken() {
        Warden<GameModule> warden = Warden.builder(PolicyEngine.builder().build().compile(GameModule.class),
                new GameModule()).validator(validator).claims(mapper).build();
        String other = realm.passwordAtOtherClient("alice").access();
        assertThatThrownBy(() -> warden.connect(other, ConnectionId.random()))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.AUDIENCE_MISMATCH));
    }
}
