package dev.warden.claims;

import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.VerifiedToken;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Real tokens, signed with jjwt and verified by core's validator, from realistic provider payloads. */
final class Tokens {
    static final KeyPair KEY = ec();

    private Tokens() {}

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Verifies a token of {@code issuer} for {@code subject} carrying {@code claims}. */
    static VerifiedToken verified(String issuer, String subject, Map<String, ?> claims) {
        Instant now = Instant.now();
        String token = Jwts.builder().header().keyId("k").and()
                .issuer(issuer).subject(subject).audience().add("client-1").and()
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(300)))
                .claims(claims)
                .signWith(KEY.getPrivate(), Jwts.SIG.ES256).compact();
        try (TokenValidator v = TokenValidator.builder().maxTokenSize(1 << 20)
                .trust(TrustedIssuer.builder(issuer).staticKey("k", KEY.getPublic()).anyAudience().build()).build()) {
            return v.validate(token);
        }
    }
}
