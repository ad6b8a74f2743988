package dev.warden.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.core.internal.JwkSets;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz targets. Under {@code mvn verify} they replay the committed seed corpus in
 * {@code src/test/resources/dev/warden/core/FuzzTargetsTestInputs/<method>/}; with {@code JAZZER_FUZZ=1}
 * they fuzz (see SECURITY.md). Only the typed rejection may escape; anything else is a finding.
 */
class FuzzTargetsTest {

    /** The secret the seed tokens are signed with (HS256 keeps seeds reproducible without a key pair). */
    static final byte[] SECRET = "warden-fuzzing-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static final TokenValidator VALIDATOR = TokenValidator.builder()
            .trust(TrustedIssuer.builder("https://fuzz.example").anyAudience().hmacSecret(SECRET)
                    .requireExpiration(false).requiredClaims("role").build())
            .maxTokenSize(64 * 1024)
            .build();

    @FuzzTest(maxDuration = "30s")
    void tokens(byte[] data) {
        try {
            VerifiedToken t = VALIDATOR.validate(new String(data, StandardCharsets.UTF_8));
            if (!t.issuer().equals("https://fuzz.example") || t.subject().isEmpty()) {
                throw new IllegalStateException("accepted a token that breaks the rules");
            }
        } catch (TokenRejectedException expected) {
            // the only exception validate may throw
        }
    }

    @org.junit.jupiter.api.Test
    void theSeedCorpusReachesAcceptance() throws Exception {
        java.nio.file.Path seeds = java.nio.file.Path.of("src", "test", "resources", "dev", "warden", "core",
                "FuzzTargetsTestInputs", "tokens");
        VerifiedToken t = VALIDATOR.validate(java.nio.file.Files.readString(seeds.resolve("valid")));
        org.assertj.core.api.Assertions.assertThat(t.claims()).containsEntry("role", "admin");
        org.assertj.core.api.Assertions.assertThat(VALIDATOR.validate(java.nio.file.Files.readString(
                seeds.resolve("valid-unicode"))).subject()).isEqualTo("ユーザー");
    }

    @FuzzTest(maxDuration = "30s")
    void jwks(byte[] data) {
        try {
            JwkSets.parsePublished(data, 100);
        } catch (IllegalArgumentException expected) {
            // a refused key set is the typed outcome
        }
    }
}
