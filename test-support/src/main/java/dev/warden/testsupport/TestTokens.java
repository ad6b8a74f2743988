package dev.warden.testsupport;

import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Well-formed tokens for tests, signed by jjwt rather than by the code under test, so that a test never confirms
 * itself.
 */
public final class TestTokens {

    private TestTokens() {}

    /**
     * @param key the issuer's P-256 key pair
     * @param kid the header's {@code kid}
     * @param issuer {@code iss}
     * @param subject {@code sub}
     * @param audience {@code aud}
     * @param claims further claims
     * @param lifetime from now to {@code exp}; {@code iat} is now
     * @return the signed ES256 token
     */
    public static String es256(KeyPair key, String kid, String issuer, String subject, String audience,
                               Map<String, ?> claims, Duration lifetime) {
        Instant now = Instant.now();
        return Jwts.builder().header().keyId(kid).and()
                .issuer(issuer).subject(subject).audience().add(audience).and()
                .issuedAt(Date.from(now)).expiration(Date.from(now.plus(lifetime)))
                .claims(claims)
                .signWith(key.getPrivate(), Jwts.SIG.ES256).compact();
    }
}
