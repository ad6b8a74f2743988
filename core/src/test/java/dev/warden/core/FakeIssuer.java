package dev.warden.core;

import dev.warden.testsupport.TestKeys;
import dev.warden.testsupport.Jws;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/** An OIDC issuer on WireMock (loopback, random port) serving discovery and a JWKS; tokens minted with jjwt. */
final class FakeIssuer implements AutoCloseable {
    static final String JWKS_PATH = "/jwks.json";
    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    static final String AUDIENCE = "client-1";

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final KeyPair rsa = TestKeys.rsa(2048);
    final KeyPair ec = TestKeys.ec();
    final KeyPair ed = TestKeys.ed25519();
    private final List<JWK> published = new ArrayList<>();

    FakeIssuer() {
        server.start();
        reset();
    }

    /** Back to the initial keys and discovery document, with no request history. */
    void reset() {
        server.resetAll();
        publish(Keys.rsaJwk(rsa, "rsa-1").build(), Keys.ecJwk(ec, "ec-1").build(), Keys.edJwk(ed, "ed-1"));
        server.stubFor(get(DISCOVERY_PATH).willReturn(okJson("{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\""
                + issuer() + JWKS_PATH + "\"}")));
    }

    String issuer() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Replaces the published key set. */
    void publish(JWK... keys) {
        published.clear();
        published.addAll(List.of(keys));
        server.stubFor(get(JWKS_PATH).willReturn(okJson(new JWKSet(published).toString())));
    }

    void jwksResponds(ResponseDefinitionBuilder response) {
        server.stubFor(get(JWKS_PATH).willReturn(response));
    }

    void jwksRespondsStatus(int status) {
        jwksResponds(aResponse().withStatus(status).withBody("oops"));
    }

    int jwksFetches() {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo(JWKS_PATH)).build()).getCount();
    }

    TrustedIssuer.Builder trust() {
        return TrustedIssuer.builder(issuer()).audiences(AUDIENCE);
    }

    /** A valid RS256 token at {@code now}, customised by {@code custom}. */
    String rs256(Instant now, Consumer<JwtBuilder> custom) {
        JwtBuilder b = base(now).header().keyId("rsa-1").and();
        custom.accept(b);
        return b.signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact();
    }

    String rs256(Instant now) {
        return rs256(now, b -> { });
    }

    String es256(Instant now) {
        return base(now).header().keyId("ec-1").and().signWith(ec.getPrivate(), Jwts.SIG.ES256).compact();
    }

    String ps256(Instant now) {
        return base(now).header().keyId("rsa-1").and().signWith(rsa.getPrivate(), Jwts.SIG.PS256).compact();
    }

    String eddsa(Instant now) {
        return base(now).header().keyId("ed-1").and().signWith(ed.getPrivate(), Jwts.SIG.EdDSA).compact();
    }

    JwtBuilder base(Instant now) {
        return Jwts.builder()
                .issuer(issuer())
                .subject("user-42")
                .audience().add(AUDIENCE).and()
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plusSeconds(600)));
    }

    /** Signs a raw payload with the RSA key, header {@code {"alg":"RS256","kid":"rsa-1"}}. */
    String rawRs256(String payloadJson) {
        return Jws.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", payloadJson, rsa.getPrivate(), "RS256");
    }

    /** A raw payload with the standard claims at {@code now}, plus {@code extra} JSON members (may be empty). */
    String payload(Instant now, String extra) {
        long t = now.getEpochSecond();
        return "{\"iss\":\"" + issuer() + "\",\"sub\":\"user-42\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + t
                + ",\"exp\":" + (t + 600) + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Override
    public void close() {
        server.stop();
    }
}
