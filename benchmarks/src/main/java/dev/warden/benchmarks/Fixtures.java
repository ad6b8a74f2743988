package dev.warden.benchmarks;

import dev.warden.testsupport.TestKeys;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Keys and tokens shared by the benchmarks: one issuer, one audience, the same claims for every peer. */
final class Fixtures {
    static final String ISSUER = "https://auth.example.com/oidc";
    static final String AUDIENCE = "client_bench";

    final String alg;
    final KeyPair keyPair;
    final JWK jwk;
    final String token;
    final byte[] signingInput;
    final byte[] signature;

    Fixtures(String alg) {
        this.alg = alg;
        this.keyPair = alg.equals("RS256") ? TestKeys.rsa(2048) : TestKeys.ec();
        this.jwk = alg.equals("RS256") ? new RSAKey.Builder((RSAPublicKey) keyPair.getPublic()).keyID("k1").build()
                : new ECKey.Builder(Curve.P_256, (ECPublicKey) keyPair.getPublic()).keyID("k1").build();
        this.token = token(keyPair, "k1", "user-1", List.of("admin", "player"));
        int dot = token.lastIndexOf('.');
        this.signingInput = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        this.signature = alg.equals("ES256") ? p1363ToDer(sig) : sig;
    }

    String token(KeyPair kp, String kid, String subject, List<String> roles) {
        Instant now = Instant.now();
        return Jwts.builder().header().keyId(kid).and().issuer(ISSUER).subject(subject).audience().add(AUDIENCE).and()
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(24 * 3600))).claim("roles", roles)
                .signWith(kp.getPrivate(), alg.equals("RS256") ? Jwts.SIG.RS256 : Jwts.SIG.ES256).compact();
    }

    PublicKey publicKey() {
        return keyPair.getPublic();
    }

    String jcaAlgorithm() {
        return alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    TokenValidator warden(boolean cache) {
        return warden(cache, null);
    }

    /** @param provider the signature provider to give the builder, or null for Warden's default */
    TokenValidator warden(boolean cache, java.security.Provider provider) {
        return warden(cache, provider, dev.warden.core.ValidationListener.NONE);
    }

    TokenValidator warden(boolean cache, java.security.Provider provider, dev.warden.core.ValidationListener listener) {
        TokenValidator.Builder b = TokenValidator.builder().listener(listener);
        if (provider != null) {
            b.signatureProvider(provider);
        }
        b.trust(TrustedIssuer.builder(ISSUER).audiences(AUDIENCE)
                .staticKey("k1", keyPair.getPublic()).build());
        if (!cache) {
            b.noVerifiedTokenCache();
        }
        return b.build();
    }

    /** The JCA floor verifies DER ECDSA signatures, as every JCA-based verifier ends up doing. */
    static byte[] p1363ToDer(byte[] sig) {
        byte[] r = integer(sig, 0, 32);
        byte[] s = integer(sig, 32, 32);
        byte[] out = new byte[2 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (r.length + s.length);
        System.arraycopy(r, 0, out, 2, r.length);
        System.arraycopy(s, 0, out, 2 + r.length, s.length);
        return out;
    }

    private static byte[] integer(byte[] sig, int off, int len) {
        byte[] v = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, off, off + len)).toByteArray();
        byte[] out = new byte[2 + v.length];
        out[0] = 0x02;
        out[1] = (byte) v.length;
        System.arraycopy(v, 0, out, 2, v.length);
        return out;
    }
}
