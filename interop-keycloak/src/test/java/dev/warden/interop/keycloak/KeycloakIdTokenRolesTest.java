package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.TokenValidator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keycloak puts {@code realm_access} and {@code resource_access} in access tokens only; ID tokens carry them
 * once "Add to ID token" is switched on for the {@code roles} client scope's mappers. In its own realm, since
 * switching it on changes every client's ID tokens: first without, then with.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class KeycloakIdTokenRolesTest {

    private GameRealm realm;
    private TokenValidator validator;
    private final Once once = new Once();

    @BeforeEach
    void setUpOnce() {
        once.run(() -> {
            realm = GameRealm.create(KeycloakServer.shared(), "game-idroles");
            validator = WardenSide.validator(WardenSide.issuer(realm).build(), new WardenSide.Recorder());
        });
    }

    @AfterAll
    void tearDown() {
        if (validator != null) {
            validator.close();
        }
    }

    private ClaimsMapper watched(List<WardenSide.Told> told) {
        return WardenSide.mapper(realm).listener(WardenSide.noRoleClaimsInto(told)).build();
    }

    @Test
    @Order(1)
    void idTokenWithoutAddToIdTokenHasNoRolesAndNoRoleClaimsIsReportedOnce() {
        List<WardenSide.Told> told = Collections.synchronizedList(new ArrayList<>());
        ClaimsMapper mapper = watched(told);
        CallerContext bob = mapper.toCaller(validator.validate(realm.password("bob").id()), ConnectionId.random());
        assertThat(bob.kind()).isEqualTo(CallerKind.USER);
        assertThat(bob.claims().orElseThrow().has("realm_access")).isFalse();
        assertThat(bob.roles().isEmpty()).isTrue();
        mapper.toCaller(validator.validate(realm.password("alice").id()), ConnectionId.random());
        assertThat(told).hasSize(1);
        WardenSide.Told t = told.get(0);
        assertThat(t.issuer()).isEqualTo(realm.issuer());
        assertThat(t.mapping()).isEqualTo("keycloak");
        assertThat(t.paths()).containsExactly("realm_access.roles", "resource_access.game-client.roles");
        assertThat(t.setting()).contains("Add to ID token").contains("'roles' client scope");
    }

    @Test
    @Order(2)
    void idTokenAfterAddToIdTokenCarriesRealmAndClientRoles() {
        realm.addRolesToIdToken();
        List<WardenSide.Told> told = Collections.synchronizedList(new ArrayList<>());
        CallerContext bob = watched(told).toCaller(validator.validate(realm.password("bob").id()),
                ConnectionId.random());
        Set<String> expected = new TreeSet<>(GameRealm.KEYCLOAK_DEFAULT_ROLES);
        expected.addAll(List.of("default-roles-" + realm.name, "player", "moderator", "admin"));
        assertThat(bob.roles().names()).isEqualTo(expected);
        assertThat(told).isEmpty();
    }
}
