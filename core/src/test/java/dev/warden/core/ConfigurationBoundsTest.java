package dev.warden.core;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.Jws;
import static dev.warden.core.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.warden.core.internal.HttpFetcher;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact bounds of every setting, and the accessors hosts read back. */
class ConfigurationBoundsTest {

    @Test
    void clockSkewAcceptsZeroToFiveMinutes() {
        TokenValidator.builder().clockSkew(Duration.ZERO).clockSkew(Duration.ofMinutes(5));
        assertThatThrownBy(() -> TokenValidator.builder().clockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clockSkew");
        assertThatThrownBy(() -> TokenValidator.builder().clockSkew(Duration.ofMinutes(5).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identifierAndTokenSizeBounds() {
        TokenValidator.builder().maxIdentifierBytes(1).maxIdentifierBytes(4096).maxTokenSize(1024).maxTokenSize(1 << 20);
        assertThatThrownBy(() -> TokenValidator.builder().maxIdentifierBytes(0)).hasMessageContaining("maxIdentifierBytes");
        assertThatThrownBy(() -> TokenValidator.builder().maxIdentifierBytes(4097)).hasMessageContaining("maxIdentifierBytes");
        assertThatThrownBy(() -> TokenValidator.builder().maxTokenSize(1023)).hasMessageContaining("maxTokenSize");
        assertThatThrownBy(() -> TokenValidator.builder().maxTokenSize((1 << 20) + 1)).hasMessageContaining("maxTokenSize");
        assertThatThrownBy(() -> TokenValidator.builder().verifiedTokenCache(1000, Duration.ofMinutes(1)))
                .hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> TokenValidator.builder().verifiedTokenCache(1 << 20, Duration.ZERO))
                .hasMessageContaining("maxTtl");
    }

    @Test
    void aSmallerIdentifierLimitIsEnforced() {
        LocalIssuer local = LocalIssuer.builder().build();
        try (TokenValidator v = TokenValidator.builder().trust(local.trustedIssuer()).maxIdentifierBytes(30).build()) {
            assertRejected(v, local.mintAnonymous().token(), RejectionReason.INVALID_CLAIM);
        }
        try (TokenValidator v = TokenValidator.builder().trust(local.trustedIssuer()).maxIdentifierBytes(36).build()) {
            assertThat(v.validate(local.mintAnonymous().token()).subject()).hasSize(36);
        }
    }

    @Test
    void jwksLimitBounds() {
        TrustedIssuer.Builder b = TrustedIssuer.builder("https://idp.example").audiences("a");
        b.jwksLimits(1024, 1).jwksLimits(16 << 20, 10_000);
        assertThatThrownBy(() -> b.jwksLimits(1023, 10)).hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> b.jwksLimits((16 << 20) + 1, 10)).hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> b.jwksLimits(4096, 0)).hasMessageContaining("maxKeys");
        assertThatThrownBy(() -> b.jwksLimits(4096, 10_001)).hasMessageContaining("maxKeys");
        TrustedIssuer ti = b.jwksLimits(4096, 7).timeouts(Duration.ofMillis(10), Duration.ofMillis(20))
                .minRefetchInterval(Duration.ofSeconds(3)).outageTolerance(Duration.ofMinutes(2))
                .keyCacheTtl(Duration.ofMinutes(1)).refreshAhead(Duration.ofSeconds(5)).requireIssuedAt(false).build();
        assertThat(ti.maxJwksBytes()).isEqualTo(4096);
        assertThat(ti.maxKeys()).isEqualTo(7);
        assertThat(ti.connectTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(ti.readTimeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(ti.minRefetchInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ti.outageTolerance()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ti.keyCacheTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ti.refreshAhead()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ti.requiresIssuedAt()).isFalse();
        assertThat(ti.acceptsAnyAudience()).isFalse();
        assertThat(ti.toString()).contains("audiences=[a]");
        assertThat(TrustedIssuer.builder("https://idp.example").anyAudience().build().toString()).contains("<any>");
    }

    @Test
    void staticKeysMustBePublicAndUniquelyNamed() {
        KeyPair kp = TestKeys.rsa(2048);
        RSAKey withPrivate = new RSAKey.Builder((RSAPublicKey) kp.getPublic()).privateKey(kp.getPrivate()).keyID("k")
                .build();
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKeys(new JWKSet(withPrivate).toString(false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key material");
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKeys(jwks(Keys.rsaJwk(kp, "k").build(),
                Keys.rsaJwk(TestKeys.rsa(2048), "k").build()))).hasMessageContaining("two keys with kid");
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKeys(new JWKSet().toString()))
                .hasMessageContaining("at least one key");
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKeys("not json"))
                .hasMessageContaining("not a JWKS document");
        assertThat(TrustedIssuer.builder("iss").anyAudience().staticKeys(new JWKSet(Keys.rsaJwk(kp, "k").build())
                .toString()).build().keySource()).isEqualTo(TrustedIssuer.KeySource.STATIC);
    }

    @Test
    void staticJcaKeysAreUniquelyNamedAndOfASupportedType() throws Exception {
        KeyPair kp = TestKeys.rsa(2048);
        assertThat(TrustedIssuer.builder("iss").anyAudience().staticKey("k", kp.getPublic()).build().keySource())
                .isEqualTo(TrustedIssuer.KeySource.STATIC);
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKey("k", kp.getPublic())
                .staticKey("k", TestKeys.ec().getPublic())).hasMessageContaining("two keys with kid");
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKeys(jwks(Keys.rsaJwk(kp, "k").build()))
                .staticKey("k", TestKeys.ec().getPublic())).hasMessageContaining("two keys with kid");
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKey("", kp.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kid");
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKey("k",
                KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed448");
        assertThatThrownBy(() -> TrustedIssuer.builder("iss").staticKey("k",
                KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only RSA, EC and Ed25519");
    }

    @Test
    void staticJcaKeysVerifyTheirTokensLikeJwksWithoutAlg() {
        KeyPair rsa = TestKeys.rsa(2048);
        KeyPair ec = TestKeys.ec();
        KeyPair ed = TestKeys.ed25519();
        Instant now = Instant.now();
        String payload = "{\"iss\":\"iss\",\"sub\":\"s\",\"iat\":" + now.getEpochSecond() + ",\"exp\":"
                + (now.getEpochSecond() + 60) + "}";
        try (TokenValidator v = TokenValidator.builder().trust(TrustedIssuer.builder("iss").anyAudience()
                .algorithms(SignatureAlgorithm.RS256, SignatureAlgorithm.PS256, SignatureAlgorithm.ES256,
                        SignatureAlgorithm.EdDSA)
                .staticKey("rsa", rsa.getPublic()).staticKey("ec", ec.getPublic()).staticKey("ed", ed.getPublic())
                .build()).build()) {
            assertThat(v.validate(Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa\"}", payload, rsa.getPrivate(),
                    "RS256")).keyId()).contains("rsa");
            assertThat(v.validate(Jws.sign("{\"alg\":\"PS256\",\"kid\":\"rsa\"}", payload, rsa.getPrivate(),
                    "PS256")).algorithm()).isEqualTo(SignatureAlgorithm.PS256);
            assertThat(v.validate(Jws.sign("{\"alg\":\"ES256\",\"kid\":\"ec\"}", payload, ec.getPrivate(),
                    "ES256")).keyId()).contains("ec");
            assertThat(v.validate(Jws.sign("{\"alg\":\"EdDSA\",\"kid\":\"ed\"}", payload, ed.getPrivate(),
                    "EdDSA")).keyId()).contains("ed");
            assertRejected(v, Jws.sign("{\"alg\":\"ES256\",\"kid\":\"rsa\"}", payload, ec.getPrivate(), "ES256"),
                    RejectionReason.KEY_NOT_USABLE);
            assertRejected(v, Jws.sign("{\"alg\":\"ES256\",\"kid\":\"ec\"}", payload, TestKeys.ec().getPrivate(),
                    "ES256"), RejectionReason.BAD_SIGNATURE);
        }
    }

    private static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toString();
    }

    @Test
    void tokensWithoutKidAreTriedAgainstAtMostFourKeys() {
        KeyPair signer = TestKeys.ec();
        JWK[] keys = new JWK[6];
        for (int i = 0; i < 5; i++) {
            keys[i] = Keys.ecJwk(TestKeys.ec(), "decoy-" + i).build();
        }
        keys[5] = Keys.ecJwk(signer, "real").build();
        Instant now = Instant.now();
        String payload = "{\"iss\":\"iss\",\"sub\":\"s\",\"iat\":" + now.getEpochSecond() + ",\"exp\":"
                + (now.getEpochSecond() + 60) + "}";
        String token = Jws.sign("{\"alg\":\"ES256\"}", payload, signer.getPrivate(), "ES256");
        try (TokenValidator v = TokenValidator.builder().trust(TrustedIssuer.builder("iss").anyAudience()
                .staticKeys(jwks(keys)).build()).build()) {
            assertRejected(v, token, RejectionReason.BAD_SIGNATURE);
        }
        keys[3] = keys[5];
        keys[5] = Keys.ecJwk(TestKeys.ec(), "decoy-5").build();
        try (TokenValidator v = TokenValidator.builder().trust(TrustedIssuer.builder("iss").anyAudience()
                .staticKeys(jwks(keys)).build()).build()) {
            assertThat(v.validate(token).subject()).isEqualTo("s");
        }
    }

    @Test
    void localIssuerSettingsAndBounds() {
        LocalIssuer issuer = LocalIssuer.builder().issuer("my-host").audience("my-db").tokenLifetime(Duration.ofSeconds(1))
                .build();
        assertThat(issuer.issuer()).isEqualTo("my-host");
        assertThat(issuer.audience()).isEqualTo("my-db");
        assertThat(issuer.tokenLifetime()).contains(Duration.ofSeconds(1));
        assertThat(LocalIssuer.builder().build().tokenLifetime()).isEmpty();
        assertThatThrownBy(() -> LocalIssuer.builder().audience("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalIssuer.builder().issuer("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        LocalIssuer.builder().issuer("x".repeat(128));
        assertThatThrownBy(() -> LocalIssuer.builder().tokenLifetime(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> issuer.mint("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> issuer.mint("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThat(issuer.mint("x".repeat(128)).identity()).isEqualTo(Identity.fromClaims("my-host", "x".repeat(128)));
        try (TokenValidator v = TokenValidator.builder().trust(issuer.trustedIssuer()).build()) {
            VerifiedToken t = v.validate(issuer.mintAnonymous().token());
            issuer.resign(t, Duration.ofSeconds(1));
            issuer.resign(t, Duration.ofHours(1));
            assertThatThrownBy(() -> issuer.resign(t, Duration.ofMillis(999))).hasMessageContaining("lifetime");
            assertThatThrownBy(() -> issuer.resign(t, Duration.ofHours(1).plusSeconds(1))).hasMessageContaining("lifetime");
            LocalIssuer other = LocalIssuer.builder().issuer("other").build();
            // any verified token, of any issuer, is re-signed for its own identity (SpacetimeDB's websocket-token)
            assertThat(other.resign(t, Duration.ofSeconds(60)).identity()).isEqualTo(t.identity());
        }
    }

    @Test
    void localIssuerKeyPairsMustMatchAndBeP256() throws Exception {
        LocalIssuer a = LocalIssuer.builder().build();
        LocalIssuer b = LocalIssuer.builder().build();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("warden-keys");
        LocalIssuer.builder().keyFiles(dir.resolve("a"), dir.resolve("a.pub")).build();
        String privA = java.nio.file.Files.readString(dir.resolve("a"));
        assertThatThrownBy(() -> LocalIssuer.builder().keyPairPem(privA, b.publicKeyPem()))
                .hasMessageContaining("do not belong together");
        assertThat(LocalIssuer.builder().keyPairPem(privA, java.nio.file.Files.readString(dir.resolve("a.pub"))).build()
                .publicKeyPem()).isNotEqualTo(a.publicKeyPem());
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        KeyPair p384 = g.generateKeyPair();
        String pem384 = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                p384.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        String priv384 = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                p384.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> LocalIssuer.builder().keyPairPem(priv384, pem384)).hasMessageContaining("P-256");
    }

    @Test
    void loopbackAndSameOriginRules() {
        assertThat(HttpFetcher.isLoopback("localhost")).isTrue();
        assertThat(HttpFetcher.isLoopback("api.localhost")).isFalse();
        assertThat(HttpFetcher.isLoopback("127.0.0.1")).isTrue();
        assertThat(HttpFetcher.isLoopback("127.1.2.3")).isTrue();
        assertThat(HttpFetcher.isLoopback("[::1]")).isTrue();
        assertThat(HttpFetcher.isLoopback("localhost.evil.example")).isFalse();
        assertThat(HttpFetcher.isLoopback("10.0.0.1")).isFalse();
        assertThat(HttpFetcher.isLoopback("example.com")).isFalse();
        // not dotted quads: refused without asking DNS (InetAddress would resolve them as host names)
        assertThat(HttpFetcher.isLoopback("999.1")).isFalse();
        assertThat(HttpFetcher.isLoopback("127.0.0.1.5")).isFalse();
        assertThat(HttpFetcher.isLoopback("127.0.0.256")).isFalse();
        assertThat(HttpFetcher.isLoopback("127..0.1")).isFalse();
        assertThat(HttpFetcher.isLoopback("[::2]")).isFalse();
        assertThat(HttpFetcher.isLoopback("[fe80::zz]")).isFalse();
        HttpFetcher.requireSecureUrl(URI.create("https://example.com/jwks"), "u");
        HttpFetcher.requireSecureUrl(URI.create("http://localhost:8080/jwks"), "u");
        assertThatThrownBy(() -> HttpFetcher.requireSecureUrl(URI.create("ftp://example.com/x"), "u"))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> HttpFetcher.requireSecureUrl(URI.create("https://user:pw@example.com/x"), "u"))
                .hasMessageContaining("no user info");
    }

    @Test
    void redirectToAnotherPortOfTheSameHostIsNotFollowed() throws Exception {
        try (FakeIssuer idp = new FakeIssuer(); FakeIssuer other = new FakeIssuer()) {
            idp.jwksResponds(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(307)
                    .withHeader("Location", "http://127.0.0.1:" + other.server.port() + FakeIssuer.JWKS_PATH));
            HttpFetcher http = new HttpFetcher(Duration.ofSeconds(1), Duration.ofSeconds(1), 65536);
            assertThatThrownBy(() -> http.get(URI.create(idp.issuer() + FakeIssuer.JWKS_PATH)))
                    .hasMessageContaining("another origin");
            assertThat(other.jwksFetches()).isZero();
        }
    }

    @Test
    void connectionIdBytesAreBigEndian() {
        ConnectionId id = ConnectionId.of(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
        assertThat(id.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(id.high()).isEqualTo(0x0102030405060708L);
        assertThat(id.low()).isEqualTo(0x090a0b0c0d0e0f10L);
        assertThat(id.toString()).isEqualTo(id.toHex());
        assertThat(id.hashCode()).isEqualTo(ConnectionId.fromHex(id.toHex()).hashCode())
                .isNotEqualTo(ConnectionId.of(0x090a0b0c0d0e0f10L, 0x0102030405060708L).hashCode());
        assertThat(ConnectionId.fromHex("0X" + id.toHex())).isEqualTo(id);
    }
}
