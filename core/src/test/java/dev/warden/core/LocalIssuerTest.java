package dev.warden.core;

import dev.warden.testsupport.SettableClock;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIssuerTest {

    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T12:00:00Z"));

    TokenValidator validatorFor(LocalIssuer issuer) {
        return TokenValidator.builder().trust(issuer.trustedIssuer()).clock(clock).build();
    }

    @Test
    void anonymousTokensValidateLikeSpacetimeDbs() {
        LocalIssuer issuer = LocalIssuer.builder().clock(clock).build();
        LocalIssuer.MintedToken minted = issuer.mintAnonymous();
        try (TokenValidator v = validatorFor(issuer)) {
            VerifiedToken t = v.validate(minted.token());
            assertThat(t.issuer()).isEqualTo("localhost");
            assertThat(t.audience()).containsExactly("spacetimedb");
            assertThat(t.subject()).matches("[0-9a-f-]{36}");
            assertThat(t.identity()).isEqualTo(minted.identity());
            assertThat(t.claims()).containsEntry("hex_identity", minted.identity().toHex());
            assertThat(t.expiresAt()).isEmpty();
            assertThat(t.algorithm()).isEqualTo(SignatureAlgorithm.ES256);
        }
        assertThat(minted.toString()).doesNotContain(minted.token());
        assertThat(issuer.mintAnonymous().identity()).isNotEqualTo(minted.identity());
    }

    @Test
    void resignedTokensAreShortLivedAndKeepTheIdentity() {
        LocalIssuer issuer = LocalIssuer.builder().clock(clock).build();
        try (TokenValidator v = validatorFor(issuer)) {
            VerifiedToken original = v.validate(issuer.mintAnonymous().token());
            LocalIssuer.MintedToken shortLived = issuer.resign(original, Duration.ofSeconds(60));
            VerifiedToken t = v.validate(shortLived.token());
            assertThat(t.identity()).isEqualTo(original.identity());
            assertThat(t.expiresAt()).contains(clock.instant().plusSeconds(60));
            clock.advance(Duration.ofSeconds(60 + 61));
            assertRejected(v, shortLived.token(), RejectionReason.EXPIRED);
        }
        assertThatThrownBy(() -> issuer.resign(null, Duration.ofSeconds(60))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void tokensOfAnotherLocalIssuerAreForgeries() {
        LocalIssuer mine = LocalIssuer.builder().clock(clock).build();
        LocalIssuer other = LocalIssuer.builder().clock(clock).build();
        try (TokenValidator v = validatorFor(mine)) {
            String forged = other.mintAnonymous().token();
            // same issuer and kid scheme, different key: the kid (a thumbprint) is unknown
            assertRejected(v, forged, RejectionReason.UNKNOWN_KEY);
        }
    }

    @Test
    void lifetimeMakesTokensExpire() {
        LocalIssuer issuer = LocalIssuer.builder().clock(clock).tokenLifetime(Duration.ofHours(1)).build();
        try (TokenValidator v = validatorFor(issuer)) {
            String token = issuer.mintAnonymous().token();
            assertThat(v.validate(token).expiresAt()).contains(clock.instant().plusSeconds(3600));
            clock.advance(Duration.ofHours(2));
            assertRejected(v, token, RejectionReason.EXPIRED);
        }
    }

    @Test
    void keyFilesMakeIdentitiesSurviveARestart(@TempDir Path dir) throws Exception {
        Path priv = dir.resolve("id_ecdsa");
        Path pub = dir.resolve("id_ecdsa.pub");
        LocalIssuer first = LocalIssuer.builder().clock(clock).keyFiles(priv, pub).build();
        String token = first.mintAnonymous().token();
        assertThat(Files.getPosixFilePermissions(priv)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        LocalIssuer restarted = LocalIssuer.builder().clock(clock).keyFiles(priv, pub).build();
        try (TokenValidator v = validatorFor(restarted)) {
            assertThat(v.validate(token).subject()).isNotEmpty();
        }
        assertThat(restarted.publicKeyPem()).isEqualTo(first.publicKeyPem());
        Files.delete(pub);
        assertThatThrownBy(() -> LocalIssuer.builder().keyFiles(priv, pub).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only one of");
    }

    @Test
    void publishesItsPublicKeyOnly() throws Exception {
        LocalIssuer issuer = LocalIssuer.builder().build();
        String pem = issuer.publicKeyPem();
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertThat(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body))))
                .isNotNull();
        assertThat(issuer.jwksJson()).contains("\"kty\":\"EC\"").doesNotContain("\"d\"");
        JWK published = JWKSet.parse(issuer.jwksJson()).getKeys().get(0);
        assertThat(published.isPrivate()).isFalse();
        assertThat(published.getKeyID()).isNotEmpty();
        assertThat(published.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    }

    @Test
    void badKeyMaterialIsAClearError() {
        assertThatThrownBy(() -> LocalIssuer.builder().keyPairPem("nope", "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PEM");
        LocalIssuer a = LocalIssuer.builder().build();
        LocalIssuer b = LocalIssuer.builder().build();
        assertThat(a.publicKeyPem()).isNotEqualTo(b.publicKeyPem());
        assertThatThrownBy(() -> LocalIssuer.builder().issuer("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalIssuer.builder().tokenLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
