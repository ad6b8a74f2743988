package dev.warden.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.warden.core.TokenValidator;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Token validation with keys in memory, every library checking signature, issuer, audience and times:
 * the JCA floor (one {@code Signature.verify} over the same signing input), Warden on a new token
 * (verified-token cache off, so every call checks the signature) and on a repeated token (cache on), nimbus
 * {@code DefaultJWTProcessor}, jjwt, auth0 java-jwt and Spring Security's {@code NimbusJwtDecoder}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidationBenchmark {

    @Param({"RS256", "ES256"})
    public String alg;

    Fixtures f;
    TokenValidator wardenNew;
    TokenValidator wardenRepeated;
    DefaultJWTProcessor<SecurityContext> nimbus;
    JwtParser jjwt;
    JWTVerifier auth0;
    NimbusJwtDecoder spring;

    @Setup
    public void setup() {
        f = new Fixtures(alg);
        wardenNew = f.warden(false);
        wardenRepeated = f.warden(true);
        nimbus = new DefaultJWTProcessor<>();
        nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(alg),
                new ImmutableJWKSet<>(new JWKSet(f.jwk))));
        nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Fixtures.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(Fixtures.ISSUER).build(), Set.of("sub", "iat", "exp")));
        jjwt = Jwts.parser().verifyWith(f.publicKey()).requireIssuer(Fixtures.ISSUER).requireAudience(Fixtures.AUDIENCE)
                .build();
        Algorithm a = alg.equals("RS256") ? Algorithm.RSA256((RSAPublicKey) f.publicKey(), null)
                : Algorithm.ECDSA256((ECPublicKey) f.publicKey(), null);
        auth0 = JWT.require(a).withIssuer(Fixtures.ISSUER).withAudience(Fixtures.AUDIENCE).build();
        spring = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(f.jwk)))
                .jwsAlgorithm(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.from(alg)).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<java.util.List<String>>("aud",
                aud -> aud != null && aud.contains(Fixtures.AUDIENCE));
        spring.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                new JwtIssuerValidator(Fixtures.ISSUER), audience));
        wardenRepeated.validate(f.token);
    }

    @TearDown
    public void tearDown() {
        wardenNew.close();
        wardenRepeated.close();
    }

    @Benchmark
    public boolean jcaFloor() throws Exception {
        Signature s = Signature.getInstance(f.jcaAlgorithm());
        s.initVerify(f.publicKey());
        s.update(f.signingInput);
        return s.verify(f.signature);
    }

    @Benchmark
    public Object wardenNewToken() {
        return wardenNew.validate(f.token);
    }

    @Benchmark
    public Object wardenRepeatedToken() {
        return wardenRepeated.validate(f.token);
    }

    @Benchmark
    public Object nimbusProcessor() throws Exception {
        return nimbus.process(f.token, null);
    }

    @Benchmark
    public Object jjwt() {
        return jjwt.parseSignedClaims(f.token);
    }

    @Benchmark
    public Object auth0() {
        return auth0.verify(f.token);
    }

    @Benchmark
    public Object springNimbusJwtDecoder() {
        return spring.decode(f.token);
    }
}
