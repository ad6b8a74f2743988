package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A TrustedIssuer keeps a copy of its builder: every builder field must be copied, or a setting is lost. */
class TrustedIssuerCopyTest {

    @Test
    void everyBuilderFieldIsCopiedAndLaterChangesDoNotLeakIn() throws Exception {
        TrustedIssuer.Builder b = TrustedIssuer.builder("https://i.example").audiences("a")
                .algorithms(SignatureAlgorithm.ES256).jwksUri(URI.create("https://i.example/jwks"))
                .authorizedParty("c").requireExpiration(false).requireIssuedAt(false).acceptAccessTokens(true)
                .requiredClaims("x").keyCacheTtl(Duration.ofMinutes(7)).refreshAhead(Duration.ofSeconds(9))
                .minRefetchInterval(Duration.ofSeconds(11)).outageTolerance(Duration.ofMinutes(13))
                .timeouts(Duration.ofMillis(1500), Duration.ofMillis(2500)).jwksLimits(4096, 7);
        Method copy = TrustedIssuer.Builder.class.getDeclaredMethod("copy");
        copy.setAccessible(true);
        Object c = copy.invoke(b);
        for (Field f : TrustedIssuer.Builder.class.getDeclaredFields()) {
            f.setAccessible(true);
            Object original = f.get(b);
            Object copied = f.get(c);
            if (original instanceof byte[]) {
                continue;
            }
            assertThat(copied).as(f.getName()).isEqualTo(original);
        }
        TrustedIssuer ti = b.build();
        b.audiences("later").requiredClaims("later");
        assertThat(ti.audiences()).containsExactly("a");
        assertThat(ti.requiredClaims()).containsExactly("x");
        assertThat(ti.acceptsAccessTokens()).isTrue();
        assertThat(ti.readTimeout()).isEqualTo(Duration.ofMillis(2500));
    }
}
