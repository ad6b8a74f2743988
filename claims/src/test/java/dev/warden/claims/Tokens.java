package dev.warden.claims;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.TestTokens;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.VerifiedToken;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

/** Real tokens, signed with jjwt and verified by core's validator, from realistic provider payloads. */
final class Tokens {
    static final KeyPair KEY = TestKeys.ec();

    private Tokens() {}

    /** Verifies a token of {@code issuer} for {@code subject} carrying {@code claims}. */
    static VerifiedToken verified(String issuer, String subject, Map<String, ?> claims) {
        return verified(issuer, subject, "client-1", claims);
    }

    /** Verifies a token of {@code issuer} for {@code subject} and {@code audience} (null: no aud) carrying {@code claims}. */
    static VerifiedToken verified(String issuer, String subject, String audience, Map<String, ?> claims) {
        String token = audience != null ? TestTokens.es256(KEY, "k", issuer, subject, audience, claims,
                Duration.ofMinutes(5))
                : io.jsonwebtoken.Jwts.builder().header().keyId("k").and().issuer(issuer).subject(subject)
                        .issuedAt(new java.util.Date()).expiration(new java.util.Date(System.currentTimeMillis() + 300_000))
                        .claims(claims).signWith(KEY.getPrivate(), io.jsonwebtoken.Jwts.SIG.ES256).compact();
        try (TokenValidator v = TokenValidator.builder().maxTokenSize(1 << 20)
                .trust(TrustedIssuer.builder(issuer).staticKey("k", KEY.getPublic()).anyAudience().build()).build()) {
            return v.validate(token);
        }
    }
}
