package dev.warden.host.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.server.PresenceModule;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A closing host runs the {@code @OnDisconnect} of every caller still connected rather than dropping it. */
class CloseDisconnectsTest {

    @Test
    void aCallerStillConnectedAtCloseIsDisconnected() {
        LocalIssuer local = LocalIssuer.builder().build();
        try (TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build()) {
            Warden<PresenceModule> warden = Warden.builder(PolicyEngine.builder().build().compile(PresenceModule.class),
                    new PresenceModule()).validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer())
                    .build()).build();
            Database database = new Database(warden, Catalog.of(warden.module()));
            ConnectionId left = ConnectionId.random();
            ConnectionId gone = ConnectionId.random();
            database.connect(local.mintAnonymous().token(), left, null);
            database.disconnect(database.connect(local.mintAnonymous().token(), gone, null), null);
            database.close();
            var db = warden.database();
            assertThat(db.read(() -> List.copyOf(db.db().table(PresenceModule.Online.class).all())))
                    .containsExactlyInAnyOrder(new PresenceModule.Online(left.toHex(), false),
                            new PresenceModule.Online(gone.toHex(), false));
        }
    }
}
