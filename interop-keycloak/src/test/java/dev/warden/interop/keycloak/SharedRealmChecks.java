package dev.warden.interop.keycloak;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.TokenValidator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks against the shared realm {@code game}, with Warden set up as the README says for Keycloak: one
 * validator and claims mapper per class, recording the validator's events.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedRealmChecks {

    GameRealm realm;
    TokenValidator validator;
    ClaimsMapper mapper;
    final WardenSide.Recorder events = new WardenSide.Recorder();
    private final Once once = new Once();

    @BeforeEach
    void setUpOnce() {
        once.run(() -> {
            realm = KeycloakExtension.sharedRealm();
            validator = WardenSide.validator(WardenSide.issuer(realm).build(), events);
            mapper = WardenSide.mapper(realm).build();
        });
    }

    @AfterAll
    void closeValidator() {
        if (validator != null) {
            validator.close();
        }
    }

    CallerContext caller(String token) {
        return mapper.toCaller(validator.validate(token), ConnectionId.random());
    }

    /** Keycloak's roles for every user of the realm ({@code default-roles-game} and its composites) and more. */
    Set<String> defaultRolesAnd(String... roles) {
        TreeSet<String> out = new TreeSet<>(GameRealm.KEYCLOAK_DEFAULT_ROLES);
        out.add("default-roles-" + realm.name);
        out.addAll(List.of(roles));
        return out;
    }
}
