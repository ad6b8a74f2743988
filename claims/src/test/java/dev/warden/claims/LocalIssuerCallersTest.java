package dev.warden.claims;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ConnectionId;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.core.VerifiedToken;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security review finding (issue 13, medium; also the module authors' issue 14): a token of the host's own
 * LocalIssuer became a USER caller when the host forgot {@code ClaimsMapper.anonymousIssuer(...)}, so an
 * anonymous caller passed {@code @Authenticated}. The host's own issuer now always makes ANONYMOUS callers.
 */
class LocalIssuerCallersTest {

    static final LocalIssuer LOCAL = LocalIssuer.builder().build();

    @Test
    void theHostsOwnTokensAreAnonymousWithoutAnyMapperConfiguration() {
        try (TokenValidator v = TokenValidator.builder().trust(LOCAL.trustedIssuer()).build()) {
            VerifiedToken t = v.validate(LOCAL.mintAnonymous().token());
            assertThat(t.fromLocalIssuer()).isTrue();
            CallerContext caller = ClaimsMapper.builder().build().toCaller(t, ConnectionId.random());
            assertThat(caller.kind()).isEqualTo(CallerKind.ANONYMOUS);
            assertThat(caller.roles().names()).isEmpty();
            CallerContext minted = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth()).build()
                    .toCaller(v.validate(LOCAL.mint("someone").token()), ConnectionId.random());
            assertThat(minted.kind()).as("any token the local issuer signs").isEqualTo(CallerKind.ANONYMOUS);
        }
    }

    @Test
    void anExternalIssuersTokensAreNotFromTheLocalIssuer() {
        VerifiedToken t = Tokens.verified("https://idp.test", "alice", Map.of());
        assertThat(t.fromLocalIssuer()).isFalse();
        assertThat(ClaimsMapper.builder().build().toCaller(t, ConnectionId.random()).kind())
                .isEqualTo(CallerKind.USER);
    }
}
