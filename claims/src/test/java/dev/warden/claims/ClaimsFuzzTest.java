package dev.warden.claims;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.core.ConnectionId;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Jazzer fuzz targets for claim paths and role mapping. The payload is fuzzed, then really signed and
 * verified, so mapping sees exactly what a validator lets through. Only typed errors may escape.
 */
class ClaimsFuzzTest {

    static final byte[] SECRET = "warden-fuzzing-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final TokenValidator VALIDATOR = TokenValidator.builder()
            .trust(TrustedIssuer.builder("https://fuzz.example").anyAudience().hmacSecret(SECRET)
                    .requireExpiration(false).build())
            .maxTokenSize(64 * 1024).noVerifiedTokenCache().build();
    static final List<RoleMapping> MAPPINGS = List.of(RoleMapping.spacetimeAuth(), RoleMapping.keycloak("game"),
            RoleMapping.auth0("https://example.com/roles"), RoleMapping.cognito(), RoleMapping.clerk(),
            RoleMapping.firebase("admin"), RoleMapping.builder().delimitedClaim(ClaimPath.of("perms"), "[ ,]+", "p:")
                    .caseInsensitive().build());

    @FuzzTest(maxDuration = "30s")
    void claimPaths(byte[] data) {
        try {
            ClaimPath p = ClaimPath.parse(new String(data, StandardCharsets.UTF_8));
            if (!ClaimPath.parse(p.toString()).equals(p) || p.segments().isEmpty()) {
                throw new IllegalStateException("a parsed path does not round-trip");
            }
        } catch (IllegalArgumentException expected) {
            // a malformed path is a typed error
        }
    }

    @FuzzTest(maxDuration = "30s")
    void roleMapping(byte[] payload) {
        String input = b64("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII)) + "." + b64(payload);
        String token = input + "." + b64(hmac(input));
        try {
            ClaimsMapper.Builder b = ClaimsMapper.builder().serviceWhen(ClaimCondition.equalTo("gty", "client-credentials"));
            for (RoleMapping m : MAPPINGS) {
                CallerContext c = b.defaultRoles(m).build().toCaller(VALIDATOR.validate(token), ConnectionId.of(1, 2));
                c.roles().names().forEach(r -> {
                    if (r.isEmpty()) {
                        throw new IllegalStateException("an empty role was mapped");
                    }
                });
                c.claims().get().strings("scope");
            }
        } catch (TokenRejectedException | ClaimTypeException expected) {
            // typed outcomes
        }
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
