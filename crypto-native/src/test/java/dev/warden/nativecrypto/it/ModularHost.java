package dev.warden.nativecrypto.it;

import dev.warden.core.SignatureAlgorithm;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.ValidationListener;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A host run by {@code ModulePathTest} in its own JVM with warden-core, this module and ACCP as named modules
 * on the module path: prints which module each lives in, the provider ES256 is verified by, and two verdicts.
 */
public final class ModularHost {

    private ModularHost() {}

    public static void main(String[] args) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String input = b64.encodeToString("{\"alg\":\"ES256\",\"kid\":\"ec\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"iss\":\"https://issuer.example\",\"sub\":\"user-42\",\"aud\":\"client-1\","
                + "\"iat\":" + now + ",\"exp\":" + (now + 600) + "}").getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(ec.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        byte[] sig = s.sign();
        String token = input + "." + b64.encodeToString(sig);
        sig[7] ^= 1;
        String forged = input + "." + b64.encodeToString(sig);
        StringBuilder out = new StringBuilder();
        ValidationListener listener = new ValidationListener() {
            @Override
            public void signatureProviders(Map<SignatureAlgorithm, String> providerByAlgorithm) {
                out.append("ES256=").append(providerByAlgorithm.get(SignatureAlgorithm.ES256)).append('\n');
            }
        };
        try (TokenValidator v = TokenValidator.builder().listener(listener).noVerifiedTokenCache()
                .trust(TrustedIssuer.builder("https://issuer.example").audiences("client-1")
                        .staticKey("ec", ec.getPublic()).build()).build()) {
            out.append("core=").append(TokenValidator.class.getModule().getName()).append('\n');
            out.append("native=").append(Class.forName("dev.warden.nativecrypto.NativeCrypto").getModule().getName())
                    .append('\n');
            out.append("accepted=").append(v.validate(token).subject()).append('\n');
            try {
                v.validate(forged);
                out.append("forged=ACCEPTED\n");
            } catch (TokenRejectedException e) {
                out.append("forged=").append(e.reason()).append('\n');
            }
        }
        System.out.print(out);
    }
}
