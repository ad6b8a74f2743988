package dev.warden.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.VerifiedToken;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A key rotation as a Keycloak admin does it, in its own realm: a new {@code rsa-generated} key provider of
 * higher priority (new tokens are signed with its key), then the old provider disabled (its key leaves the
 * JWKS). Warden runs with its default key settings. The steps build on each other, in order.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(3)
class KeycloakKeyRotationTest {

    private GameRealm realm;
    private TokenValidator validator;
    private final WardenSide.Recorder events = new WardenSide.Recorder();
    private String oldKid;
    private String oldToken;
    private String newKid;

    private final Once once = new Once();

    @BeforeEach
    void setUpOnce() {
        once.run(this::setUp);
    }

    private void setUp() {
        realm = GameRealm.create(KeycloakServer.shared(), "game-rotation");
        validator = WardenSide.validator(WardenSide.issuer(realm).build(), events);
    }

    @AfterAll
    void tearDown() {
        if (validator != null) {
            validator.close();
        }
    }

    @Test
    @Order(1)
    void tokenOfTheOriginalKeyIsAcceptedAfterOneJwksFetch() {
        oldKid = realm.activeRs256Kid();
        oldToken = realm.password("alice").access();
        assertThat(WardenSide.header(oldToken).get("kid").asText()).isEqualTo(oldKid);
        assertThat(validator.validate(oldToken).keyId()).contains(oldKid);
        assertThat(events.fetches).hasSize(1);
    }

    @Test
    @Order(2)
    void tokenOfANewHigherPriorityKeyIsAcceptedAfterExactlyOneMoreFetch() {
        realm.addRsaKeyProvider("rsa-rotated", 200);
        newKid = realm.activeRs256Kid();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(realm.publishedKids()).contains(oldKid, newKid);
        String newToken = realm.password("alice").access();
        assertThat(WardenSide.header(newToken).get("kid").asText()).isEqualTo(newKid);

        VerifiedToken t = validator.validate(newToken);
        assertThat(t.keyId()).contains(newKid);
        assertThat(events.fetches).as("one refetch for the unknown kid").hasSize(2);
        validator.validate(realm.password("bob").access());
        assertThat(validator.validate(oldToken).keyId()).contains(oldKid);
        assertThat(events.fetches).as("no further fetch").hasSize(2);
        assertThat(events.fetchFailures).isEmpty();
    }

    @Test
    @Order(3)
    void oldKeyDisabledLeavesTheJwksButATokenItVerifiedStaysAcceptedFromCache() {
        realm.disableKeyProvider(realm.keyProviderId("rsa-generated"));
        assertThat(realm.publishedKids()).contains(newKid).doesNotContain(oldKid);
        int before = events.acceptedFromCache.size();
        assertThat(validator.validate(oldToken).keyId()).contains(oldKid);
        assertThat(events.acceptedFromCache.subList(before, events.acceptedFromCache.size())).containsExactly(true);
        assertThat(events.fetches).as("nothing tells Warden the key is gone until it refetches").hasSize(2);
    }

    @Test
    @Order(4)
    void refreshKeysListsWhatKeycloakPublishesAndEvictsTokensOfTheRemovedKey() {
        Set<String> listed = validator.refreshKeys(realm.issuer());
        // the signing keys only: Keycloak's JWKS also lists its RSA-OAEP encryption key, which Warden leaves out
        assertThat(listed).containsExactly(newKid);
        assertThat(realm.publishedSigningKids()).containsExactly(newKid);
        assertThat(realm.publishedKids()).hasSize(2).doesNotContain(oldKid);
        assertThat(events.fetches).hasSize(3);
        assertThatThrownBy(() -> validator.validate(oldToken)).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_KEY));
        assertThat(validator.validate(realm.password("alice").access()).keyId()).contains(newKid);
    }
}
