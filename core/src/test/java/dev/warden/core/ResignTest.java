package dev.warden.core;

import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testsupport.SettableClock;
import dev.warden.testsupport.TestKeys;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SpacetimeDB's {@code POST /v1/identity/websocket-token}: the host re-signs any valid token, of any trusted
 * issuer, with its own key for a short while, keeping {@code iss}, {@code sub}, {@code aud} and every other claim,
 * and accepts what it signed whatever the {@code iss} (crates/core/src/auth/token_validation.rs,
 * {@code FullTokenValidator} tries the local key first).
 */
class ResignTest {

    static final String IDP = "https://idp.example";

    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T12:00:00Z"));
    final KeyPair idpKey = TestKeys.ec();
    final LocalIssuer local = LocalIssuer.builder().clock(clock).build();

    TokenValidator validator() {
        return TokenValidator.builder().clock(clock).trust(local.trustedIssuer())
                .trust(TrustedIssuer.builder(IDP).staticKey("idp-1", idpKey.getPublic()).audiences("game").build())
                .build();
    }

    String idpToken(Instant exp) {
        return Jwts.builder().header().keyId("idp-1").and().issuer(IDP).subject("alice").audience().add("game").and()
                .issuedAt(Date.from(clock.instant())).expiration(Date.from(exp))
                .claim("roles", List.of("admin", "moderator")).claim("org", Map.of("id", 7L))
                .signWith(idpKey.getPrivate(), Jwts.SIG.ES256).compact();
    }

    @Test
    void aForeignIssuersTokenIsResignedKeepingEveryClaimAndValidatesAsThatIssuers() {
        try (TokenValidator v = validator()) {
            VerifiedToken original = v.validate(idpToken(clock.instant().plus(Duration.ofHours(1))));
            LocalIssuer.MintedToken resigned = local.resign(original, Duration.ofSeconds(60));
            assertThat(resigned.identity()).isEqualTo(Identity.fromClaims(IDP, "alice"));

            VerifiedToken t = v.validate(resigned.token());
            assertThat(t.issuer()).isEqualTo(IDP);
            assertThat(t.subject()).isEqualTo("alice");
            assertThat(t.audience()).containsExactly("game");
            assertThat(t.fromLocalIssuer()).as("the caller is still the IdP's user, roles and all").isFalse();
            assertThat(t.algorithm()).isEqualTo(SignatureAlgorithm.ES256);
            assertThat(t.claims()).containsEntry("roles", List.of("admin", "moderator"))
                    .containsEntry("org", Map.of("id", 7L))
                    .containsEntry("hex_identity", t.identity().toHex());
            assertThat(t.issuedAt()).contains(clock.instant());
            assertThat(t.expiresAt()).contains(clock.instant().plusSeconds(60));

            clock.advance(Duration.ofSeconds(60 + 61));
            assertRejected(v, resigned.token(), RejectionReason.EXPIRED);
        }
    }

    /**
     * Every number a validated token may hold is one the re-signing can write back (no infinity gets this far), a
     * fractional {@code nbf} included.
     */
    @Test
    void aTokenWithAFractionalNbfAndTheLargestDoublesIsResignedAndValidatesAgain() {
        long now = clock.instant().getEpochSecond();
        String token = dev.warden.testsupport.Jws.sign("{\"alg\":\"ES256\",\"kid\":\"idp-1\"}", "{\"iss\":\"" + IDP
                + "\",\"sub\":\"alice\",\"aud\":\"game\",\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"nbf\":"
                + (now - 1) + ".5,\"max\":1.7976931348623157e308,\"min\":[-1.7976931348623157e308,4.9e-324]}",
                idpKey.getPrivate(), "ES256");
        try (TokenValidator v = validator()) {
            VerifiedToken original = v.validate(token);
            assertThat(original.notBefore()).contains(clock.instant().minusMillis(500));
            VerifiedToken t = v.validate(local.resign(original, Duration.ofSeconds(60)).token());
            assertThat(t.notBefore()).contains(clock.instant().minusMillis(500));
            assertThat(t.claims()).containsEntry("max", Double.MAX_VALUE)
                    .containsEntry("min", List.of(-Double.MAX_VALUE, Double.MIN_VALUE));
        }
    }

    @Test
    void aResignedTokenNeverOutlivesTheOneItCameFrom() {
        try (TokenValidator v = validator()) {
            VerifiedToken original = v.validate(idpToken(clock.instant().plusSeconds(20)));
            VerifiedToken t = v.validate(local.resign(original, Duration.ofSeconds(60)).token());
            assertThat(t.expiresAt()).contains(clock.instant().plusSeconds(20));
        }
    }

    @Test
    void anotherHostsResignedTokenIsStillAForgery() {
        LocalIssuer other = LocalIssuer.builder().clock(clock).build();
        try (TokenValidator v = validator()) {
            VerifiedToken original = v.validate(idpToken(clock.instant().plus(Duration.ofHours(1))));
            // iss is the IdP's, the kid is another host's key: the IdP does not list it
            assertRejected(v, other.resign(original, Duration.ofSeconds(60)).token(), RejectionReason.UNKNOWN_KEY);
        }
    }

    @Test
    void aResignedTokenOfAnUntrustedIssuerIsRejected() {
        LocalIssuer.MintedToken resigned;
        try (TokenValidator v = validator()) {
            resigned = local.resign(v.validate(idpToken(clock.instant().plus(Duration.ofHours(1)))),
                    Duration.ofSeconds(60));
        }
        try (TokenValidator onlyLocal = TokenValidator.builder().clock(clock).trust(local.trustedIssuer()).build()) {
            assertRejected(onlyLocal, resigned.token(), RejectionReason.UNTRUSTED_ISSUER);
        }
    }

    /**
     * Issue 23: a claim value JSON cannot write (a number past a double's range, parsed as Infinity) made re-signing
     * throw Gson's own exception, which the host answered 500 with a stack trace. Whatever the validator lets
     * through, re-signing refuses what it cannot write with a typed error naming the claim, and signs nothing.
     */
    @Test
    void aClaimJsonCannotWriteIsRefusedByNameNotThrownFromTheSerializer() {
        Instant now = clock.instant();
        for (Object value : List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                Map.of("deep", List.of(1L, Double.POSITIVE_INFINITY)))) {
            VerifiedToken odd = new VerifiedToken(IDP, "alice", List.of("game"), Identity.fromClaims(IDP, "alice"),
                    SignatureAlgorithm.ES256, "idp-1", now, null, now.plusSeconds(600), null,
                    Map.of("iss", IDP, "sub", "alice", "x\u0000y", value), "{}", false);
            assertThatThrownBy(() -> local.resign(odd, Duration.ofSeconds(60)))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("claim 'x\\u0000y' holds a number JSON cannot write (infinite or NaN): the token "
                            + "cannot be re-signed");
        }
    }

    /**
     * Issue 23: the socket a re-signed token opens must live by the token the client exchanged, on any host that
     * shares the key (another instance, or this one after a restart), so the re-signed token says what it was
     * re-signed from: that token's algorithm, {@code kid} and {@code exp}, which only this issuer's key vouches for.
     */
    @Test
    void aResignedTokenSaysWhatItWasResignedFromAndOnlyThisKeyVouchesForIt() {
        try (TokenValidator v = validator()) {
            Instant exp = clock.instant().plus(Duration.ofHours(1));
            VerifiedToken original = v.validate(idpToken(exp));
            VerifiedToken handed = v.validate(local.resign(original, Duration.ofSeconds(60)).token());
            LocalIssuer.Resigned from = local.resignedFrom(handed).orElseThrow();
            assertThat(from.algorithm()).isEqualTo(SignatureAlgorithm.ES256);
            assertThat(from.keyId()).contains("idp-1");
            assertThat(from.expiresAt()).contains(exp);
            assertThat(handed.keyId()).contains(local.keyId());

            // re-signing a re-signed token: it was re-signed from that one, never from the first
            VerifiedToken twice = v.validate(local.resign(handed, Duration.ofSeconds(60)).token());
            LocalIssuer.Resigned fromHanded = local.resignedFrom(twice).orElseThrow();
            assertThat(fromHanded.keyId()).contains(local.keyId());
            assertThat(fromHanded.expiresAt()).isEqualTo(handed.expiresAt());

            // a token the issuer only minted, or another issuer signed, was re-signed from nothing
            assertThat(local.resignedFrom(v.validate(local.mintAnonymous().token()))).isEmpty();
            assertThat(local.resignedFrom(original)).isEmpty();
            LocalIssuer other = LocalIssuer.builder().clock(clock).build();
            assertThat(other.resignedFrom(handed)).as("another host's key").isEmpty();
        }
    }

    @Test
    void aClaimNamedLikeTheRecordInAnotherIssuersTokenVouchesForNothingAndIsOverwritten() {
        try (TokenValidator v = validator()) {
            Instant exp = clock.instant().plus(Duration.ofMinutes(5));
            String forged = Jwts.builder().header().keyId("idp-1").and().issuer(IDP).subject("mallory")
                    .audience().add("game").and().issuedAt(Date.from(clock.instant())).expiration(Date.from(exp))
                    .claim(LocalIssuer.RESIGNED_FROM_CLAIM, Map.of("alg", "ES256", "exp", 4102444800L))
                    .signWith(idpKey.getPrivate(), Jwts.SIG.ES256).compact();
            VerifiedToken t = v.validate(forged);
            assertThat(local.resignedFrom(t)).as("the IdP's key, not this issuer's").isEmpty();
            VerifiedToken handed = v.validate(local.resign(t, Duration.ofSeconds(60)).token());
            assertThat(local.resignedFrom(handed).orElseThrow().expiresAt()).contains(exp);
        }
    }

    @Test
    void aTokenWithoutExpIsResignedFromATokenThatNeverExpires() {
        try (TokenValidator v = validator()) {
            VerifiedToken anonymous = v.validate(local.mintAnonymous().token());   // no exp
            LocalIssuer.Resigned from = local.resignedFrom(v.validate(local.resign(anonymous, Duration.ofSeconds(60))
                    .token())).orElseThrow();
            assertThat(from.expiresAt()).isEmpty();
            assertThat(from.keyId()).contains(local.keyId());
        }
    }
}
