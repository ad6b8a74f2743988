package dev.warden.policy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Callers built from real signed tokens through the real validator and claims mapper. */
final class Callers {
    static final String ISSUER = "https://idp.test";
    static final String OTHER_ISSUER = "https://other.test";
    static final KeyPair KEY = ec();
    static final LocalIssuer LOCAL = LocalIssuer.builder().build();
    static final TokenValidator VALIDATOR = TokenValidator.builder()
            .trust(trusted(ISSUER)).trust(trusted(OTHER_ISSUER)).trust(LOCAL.trustedIssuer()).build();
    static final ClaimsMapper MAPPER = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth())
            .anonymousIssuer(LOCAL.issuer()).build();
    static final Identity MODULE = Identity.fromClaims("module", "test");

    private Callers() {}

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static TrustedIssuer trusted(String issuer) {
        return TrustedIssuer.builder(issuer).anyAudience()
                .staticKey("k", KEY.getPublic()).build();
    }

    static String token(String issuer, String subject, Map<String, ?> claims) {
        Instant now = Instant.now();
        return Jwts.builder().header().keyId("k").and().issuer(issuer).subject(subject).audience().add("game").and()
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(600))).claims(claims)
                .signWith(KEY.getPrivate(), Jwts.SIG.ES256).compact();
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
