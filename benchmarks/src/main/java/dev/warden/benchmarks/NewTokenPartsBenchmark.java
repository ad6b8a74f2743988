package dev.warden.benchmarks;

import dev.warden.core.Identity;
import dev.warden.core.SignatureAlgorithm;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.internal.CompactJws;
import dev.warden.core.internal.StrictJson;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What Warden adds to a new token besides the asymmetric signature, part by part: the whole validation of an
 * HS256 token (the same claims as the other benchmarks' tokens; an HMAC costs about half a microsecond, so the
 * rest of the path dominates), the HMAC alone, and the stages of the path on the RS256 fixture token: splitting
 * and decoding the compact form, parsing the payload, and deriving the identity.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NewTokenPartsBenchmark {

    Fixtures rs;
    String hsToken;
    byte[] secret = new byte[32];
    byte[] hsInput;
    Mac mac;
    TokenValidator hs;
    byte[] payload;

    @Setup
    public void setup() throws Exception {
        rs = new Fixtures("RS256");
        new java.util.Random(1).nextBytes(secret);
        Instant now = Instant.now();
        hsToken = Jwts.builder().header().keyId("k1").and().issuer(Fixtures.ISSUER).subject("user-1")
                .audience().add(Fixtures.AUDIENCE).and().issuedAt(Date.from(now))
                .expiration(Date.from(now.plusSeconds(24 * 3600))).claim("roles", List.of("admin", "player"))
                .signWith(Keys.hmacShaKeyFor(secret), Jwts.SIG.HS256).compact();
        hsInput = hsToken.substring(0, hsToken.lastIndexOf('.')).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        hs = TokenValidator.builder().noVerifiedTokenCache().trust(TrustedIssuer.builder(Fixtures.ISSUER)
                .audiences(Fixtures.AUDIENCE).algorithms(SignatureAlgorithm.HS256).hmacSecret(secret).build()).build();
        hs.validate(hsToken);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        payload = CompactJws.parse(rs.token, 16 * 1024).payload();
    }

    @TearDown
    public void tearDown() {
        hs.close();
    }

    /** The whole new-token path, with an HMAC for its signature. */
    @Benchmark
    public Object hs256NewToken() {
        return hs.validate(hsToken);
    }

    /** The HMAC of the same signing input, with a Mac keyed once: the HS256 path's floor. */
    @Benchmark
    public byte[] hs256Floor() {
        return mac.doFinal(hsInput);
    }

    /** Split, strict base64url decoding of payload and signature, header from its cache, signing input copy. */
    @Benchmark
    public Object compactForm() {
        return CompactJws.parse(rs.token, 16 * 1024);
    }

    /** The payload as strict JSON into plain Java values (Jackson). */
    @Benchmark
    public Map<String, Object> payloadJson() throws IOException {
        return StrictJson.parseObjectValues(payload);
    }

    /** SpacetimeDB's identity of (iss, sub): two BLAKE3 hashes. */
    @Benchmark
    public Identity identity() {
        return Identity.fromClaims(Fixtures.ISSUER, "user-1");
    }
}
