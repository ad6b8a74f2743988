package dev.warden.interop.spring;

import dev.warden.claims.ClaimsListener;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.ValidationListener;
import dev.warden.policy.AccessDeniedException;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.time.Clock;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert;

/**
 * Warden configured the way a host trusting this Spring Authorization Server would be: the issuer by discovery,
 * the client id as audience, and the provider's preset {@code RoleMapping.springAuthorizationServer()}.
 */
final class WardenSide {

    private WardenSide() {}

    /**
     * @param call what should be rejected
     * @return the rejection's reason; fails the test if the token was accepted
     */
    static RejectionReason rejection(ThrowableAssert.ThrowingCallable call) {
        TokenRejectedException e = Assertions.catchThrowableOfType(TokenRejectedException.class, call);
        Assertions.assertThat(e).as("expected a TokenRejectedException, but the token was accepted").isNotNull();
        return e.reason();
    }

    /**
     * @param call what should be denied
     * @return the denial's reason; fails the test if the call was allowed
     */
    static String denial(ThrowableAssert.ThrowingCallable call) {
        AccessDeniedException e = Assertions.catchThrowableOfType(AccessDeniedException.class, call);
        Assertions.assertThat(e).as("expected an AccessDeniedException, but the call was allowed").isNotNull();
        return e.decision().reason();
    }


    static TrustedIssuer.Builder trust(SpringAuthServer server) {
        return TrustedIssuer.builder(server.issuer()).audiences(AuthServerConfig.CLIENT_ID);
    }

    static TokenValidator validator(SpringAuthServer server, ValidationListener listener) {
        return TokenValidator.builder().listener(listener).trust(trust(server).build()).build();
    }

    static TokenValidator validator(SpringAuthServer server, ValidationListener listener, Clock clock,
                                    TrustedIssuer.Builder issuer) {
        return TokenValidator.builder().clock(clock).listener(listener).noVerifiedTokenCache()
                .trust(issuer.build()).build();
    }

    static ClaimsMapper mapper(SpringAuthServer server, ClaimsListener listener) {
        return ClaimsMapper.builder().roles(server.issuer(), RoleMapping.springAuthorizationServer())
                .listener(listener).build();
    }

    static Warden<GameModule> warden(SpringAuthServer server, TokenValidator validator) {
        return warden(server, validator, ClaimsListener.NONE);
    }

    static Warden<GameModule> warden(SpringAuthServer server, TokenValidator validator, ClaimsListener listener) {
        return Warden.builder(PolicyEngine.builder().build().compile(GameModule.class), new GameModule())
                .validator(validator).claims(mapper(server, listener)).build();   // its moves are the Warden's tables
    }
}
