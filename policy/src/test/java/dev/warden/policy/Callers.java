package dev.warden.policy;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.TestTokens;
import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Callers built from real signed tokens through the real validator and claims mapper. */
final class Callers {
    static final String ISSUER = "https://idp.test";
    static final String OTHER_ISSUER = "https://other.test";
    static final KeyPair KEY = TestKeys.ec();
    static final LocalIssuer LOCAL = LocalIssuer.builder().build();
    static final TokenValidator VALIDATOR = TokenValidator.builder()
            .trust(trusted(ISSUER)).trust(trusted(OTHER_ISSUER)).trust(LOCAL.trustedIssuer()).build();
    static final ClaimsMapper MAPPER = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth())
            .serviceWhen(dev.warden.claims.ClaimCondition.equalsClaim("sub", "azp"))   // these fixtures' machine tokens
            .anonymousIssuer(LOCAL.issuer()).build();
    static final Identity MODULE = Identity.fromClaims("module", "test");

    private Callers() {}

    private static TrustedIssuer trusted(String issuer) {
        return TrustedIssuer.builder(issuer).anyAudience()
                .staticKey("k", KEY.getPublic()).build();
    }

    static String token(String issuer, String subject, Map<String, ?> claims) {
        return TestTokens.es256(KEY, "k", issuer, subject, "game", claims, Duration.ofMinutes(10));
    }

    static CallerContext of(String issuer, String subject, Map<String, ?> claims) {
        return MAPPER.toCaller(VALIDATOR.validate(token(issuer, subject, claims)), ConnectionId.random());
    }

    static CallerContext user(String subject, String... roles) {
        return of(ISSUER, subject, Map.of("roles", List.of(roles)));
    }

    static CallerContext withClaims(String subject, Map<String, Object> claims) {
        return of(ISSUER, subject, new LinkedHashMap<>(claims));
    }

    static CallerContext anonymous() {
        return MAPPER.toCaller(VALIDATOR.validate(LOCAL.mintAnonymous().token()), ConnectionId.random());
    }

    static CallerContext internal() {
        return CallerContext.internal(MODULE);
    }
}
