package dev.warden.nativecrypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.core.RejectionReason;
import dev.warden.core.SignatureAlgorithm;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.ValidationListener;
import dev.warden.testsupport.Jws;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * With this artifact present and no provider given to the builder, warden-core finds it and verifies with
 * ACCP: the listener says so, and tokens verify and forgeries fail through it. Runs on the module path (this
 * module's tests are patched into it), so core's reflective lookup is checked there too.
 */
class NativeCryptoTest {

    @Test
    void theProviderLoadsHealthyAndIsNotInstalledGlobally() {
        assertThat(NativeCrypto.provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(java.security.Security.getProvider("AmazonCorrettoCryptoProvider")).isNull();
    }

    @Test
    void coreFindsItWithoutBeingToldAndVerifiesThroughIt() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        AtomicReference<Map<SignatureAlgorithm, String>> told = new AtomicReference<>();
        ValidationListener listener = new ValidationListener() {
            @Override
            public void signatureProviders(Map<SignatureAlgorithm, String> providerByAlgorithm) {
                told.set(providerByAlgorithm);
            }
        };
        long now = Instant.now().getEpochSecond();
        String token = Jws.sign("{\"alg\":\"ES256\",\"kid\":\"ec\"}", "{\"iss\":\"https://issuer.example\","
                + "\"sub\":\"user-42\",\"aud\":\"client-1\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}",
                ec.getPrivate(), "ES256");
        try (TokenValidator v = TokenValidator.builder().listener(listener).noVerifiedTokenCache()
                .trust(TrustedIssuer.builder("https://issuer.example").audiences("client-1")
                        .staticKey("ec", ec.getPublic()).build()).build()) {
            assertThat(told.get()).hasSize(10).containsEntry(SignatureAlgorithm.ES256, "AmazonCorrettoCryptoProvider")
                    .containsEntry(SignatureAlgorithm.RS256, "AmazonCorrettoCryptoProvider")
                    .containsEntry(SignatureAlgorithm.EdDSA, "AmazonCorrettoCryptoProvider");
            assertThat(v.validate(token).subject()).isEqualTo("user-42");
            byte[] sig = java.util.Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
            sig[5] ^= 1;
            TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                    () -> v.validate(Jws.withSignature(token, sig)));
            assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
        }
    }

    /** A host that must stay on the JDK says so, and the artifact on its class path is then not used. */
    @Test
    void aHostCanKeepTheJdkWithTheArtifactPresent() throws Exception {
        AtomicReference<Map<SignatureAlgorithm, String>> told = new AtomicReference<>();
        ValidationListener listener = new ValidationListener() {
            @Override
            public void signatureProviders(Map<SignatureAlgorithm, String> providerByAlgorithm) {
                told.set(providerByAlgorithm);
            }
        };
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        TrustedIssuer issuer = TrustedIssuer.builder("https://issuer.example").audiences("client-1")
                .staticKey("ec", ec.getPublic()).build();
        long now = Instant.now().getEpochSecond();
        String token = Jws.sign("{\"alg\":\"ES256\",\"kid\":\"ec\"}", "{\"iss\":\"https://issuer.example\","
                + "\"sub\":\"user-7\",\"aud\":\"client-1\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}",
                ec.getPrivate(), "ES256");
        try (TokenValidator v = TokenValidator.builder().listener(listener).signatureProvider(NativeCrypto.provider())
                .jdkSignatures().trust(issuer).build()) {
            assertThat(told.get()).containsEntry(SignatureAlgorithm.RS256, "SunJCE")
                    .containsEntry(SignatureAlgorithm.PS256, "SunRsaSign").containsEntry(SignatureAlgorithm.ES256, "SunEC")
                    .containsEntry(SignatureAlgorithm.EdDSA, "SunEC");
            assertThat(v.validate(token).subject()).isEqualTo("user-7");
        }
    }
}
