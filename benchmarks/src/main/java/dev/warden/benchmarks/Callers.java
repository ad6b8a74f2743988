package dev.warden.benchmarks;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.claims.RoleMapping;
import dev.warden.core.ConnectionId;
import dev.warden.core.TokenValidator;
import java.util.List;
import java.util.Map;

/** Callers from real tokens through the real validator and mapper, as in production. */
final class Callers {
    static final ClaimsMapper MAPPER = ClaimsMapper.builder().defaultRoles(RoleMapping.spacetimeAuth()).build();

    private Callers() {}

    static CallerContext caller(Fixtures f, List<String> roles, Map<String, Object> claims) {
        java.time.Instant now = java.time.Instant.now();
        String token = io.jsonwebtoken.Jwts.builder().header().keyId("k1").and().issuer(Fixtures.ISSUER)
                .subject("user-1").audience().add(Fixtures.AUDIENCE).and().issuedAt(java.util.Date.from(now))
                .expiration(java.util.Date.from(now.plusSeconds(86_400))).claim("roles", roles).claims(claims)
                .signWith(f.keyPair.getPrivate(), io.jsonwebtoken.Jwts.SIG.ES256).compact();
        try (TokenValidator v = f.warden(false)) {
            return MAPPER.toCaller(v.validate(token), ConnectionId.of(1, 2));
        }
    }
}
