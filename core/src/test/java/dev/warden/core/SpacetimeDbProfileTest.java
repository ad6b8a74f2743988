package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testsupport.SettableClock;
import dev.warden.testsupport.TestKeys;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** The SpacetimeDB-compatible profile accepts what SpacetimeDB 2.8 accepts and Warden's defaults refuse. */
class SpacetimeDbProfileTest {

    static final String IDP = "https://idp.example";
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T12:00:00Z"));
    final KeyPair ec = TestKeys.ec();
    final KeyPair rsa = TestKeys.rsa(2048);

    TokenValidator validator(TrustedIssuer.Builder b) {
        return TokenValidator.builder().clock(clock)
                .trust(b.staticKey("ec", ec.getPublic()).staticKey("rsa", rsa.getPublic()).build()).build();
    }

    /** No aud, no exp: what a SpacetimeDB-minted or a minimal custom token looks like. */
    String bare(String kid, java.security.PrivateKey key) {
        return Jwts.builder().header().keyId(kid).and().issuer(IDP).subject("alice")
                .issuedAt(Date.from(clock.instant())).signWith(key).compact();
    }

    @Test
    void noAudienceAndNoExpiryAreAcceptedByTheProfileOnly() {
        String token = bare("ec", ec.getPrivate());
        try (TokenValidator v = validator(SpacetimeDbProfile.trust(IDP))) {
            VerifiedToken t = v.validate(token);
            assertThat(t.identity()).isEqualTo(Identity.fromClaims(IDP, "alice"));
            assertThat(t.audience()).isEmpty();
            assertThat(t.expiresAt()).isEmpty();
            assertThat(v.validate(bare("rsa", rsa.getPrivate())).algorithm()).isEqualTo(SignatureAlgorithm.RS256);
        }
        try (TokenValidator strict = validator(TrustedIssuer.builder(IDP).audiences("game"))) {
            assertRejected(strict, token, RejectionReason.AUDIENCE_MISMATCH);
        }
        try (TokenValidator strict = validator(TrustedIssuer.builder(IDP).anyAudience())) {
            assertRejected(strict, token, RejectionReason.MISSING_CLAIM);
        }
    }

    @Test
    void onlySpacetimeDbsAlgorithms() {
        String ps256 = Jwts.builder().header().keyId("rsa").and().issuer(IDP).subject("alice")
                .issuedAt(Date.from(clock.instant())).signWith(rsa.getPrivate(), Jwts.SIG.PS256).compact();
        try (TokenValidator v = validator(SpacetimeDbProfile.trust(IDP))) {
            assertRejected(v, ps256, RejectionReason.UNSUPPORTED_ALGORITHM);
        }
        String hs256 = Jwts.builder().issuer(IDP).subject("alice").issuedAt(Date.from(clock.instant()))
                .signWith(Keys.hmacShaKeyFor(SECRET), Jwts.SIG.HS256).compact();
        try (TokenValidator v = validator(SpacetimeDbProfile.trust(IDP, SECRET))) {
            assertThat(v.validate(hs256).algorithm()).isEqualTo(SignatureAlgorithm.HS256);
            assertThat(v.validate(bare("ec", ec.getPrivate())).subject()).isEqualTo("alice");
        }
        try (TokenValidator v = validator(SpacetimeDbProfile.trust(IDP))) {
            assertRejected(v, hs256, RejectionReason.UNSUPPORTED_ALGORITHM);
        }
    }

    @Test
    void iatStaysRequiredAndAFutureNotBeforeIsStillRefused() {
        String noIat = Jwts.builder().header().keyId("ec").and().issuer(IDP).subject("alice")
                .signWith(ec.getPrivate()).compact();
        String notYet = Jwts.builder().header().keyId("ec").and().issuer(IDP).subject("alice")
                .issuedAt(Date.from(clock.instant())).notBefore(Date.from(clock.instant().plusSeconds(3600)))
                .signWith(ec.getPrivate()).compact();
        try (TokenValidator v = validator(SpacetimeDbProfile.trust(IDP))) {
            assertRejected(v, noIat, RejectionReason.MISSING_CLAIM);
            assertRejected(v, notYet, RejectionReason.NOT_YET_VALID);
        }
    }
}
