package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.claims.CallerKind;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.ConnectionId;
import dev.warden.core.RejectionReason;
import dev.warden.core.TokenRejectedException;
import dev.warden.core.TokenValidator;
import dev.warden.core.VerifiedToken;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The mock issuer speaks correct OIDC: every grant is checked through core's real validator. */
class MockIssuerTest {

    final TestClock clock = TestClock.now();
    final MockIssuer idp = MockIssuer.builder().clock(clock).start();
    final TokenValidator validator = TokenValidator.builder().clock(clock).noVerifiedTokenCache()
            .trust(idp.trust("test-client", "game-api").keyCacheTtl(Duration.ofSeconds(60)).refreshAhead(Duration.ZERO)
                    .outageTolerance(Duration.ofMinutes(10)).timeouts(Duration.ofMillis(300), Duration.ofMillis(500))
                    .build()).build();

    @AfterEach
    void stop() {
        validator.close();
        idp.close();
    }

    static final String REDIRECT = "http://127.0.0.1/callback";

    @Test
    void discoveryNamesTheIssuerAndItsEndpoints() throws Exception {
        JsonNode d = Http.json(Http.get(URI.create(idp.issuer() + "/.well-known/openid-configuration")));
        assertThat(d.get("issuer").asText()).isEqualTo(idp.issuer()).endsWith("/oidc");
        assertThat(d.get("jwks_uri").asText()).isEqualTo(idp.jwksUri().toString());
        assertThat(d.get("token_endpoint").asText()).isEqualTo(idp.tokenEndpoint().toString());
        assertThat(d.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(d.get("grant_types_supported").toString()).contains(MockIssuer.STEAM_TICKET_GRANT);
        JsonNode jwks = Http.json(Http.get(idp.jwksUri()));
        assertThat(jwks.get("keys")).hasSize(1);
        assertThat(jwks.get("keys").get(0).has("d")).isFalse();
        assertThat(idp.discoveryRequests()).isEqualTo(1);
    }

    @Test
    void clientCredentialsGivesAServiceToken() throws Exception {
        idp.client("game-server").secret("s3cret").audience("game-api").roles("server");
        HttpResponse<String> r = Http.post(idp.tokenEndpoint(), Map.of("grant_type", "client_credentials"),
                "game-server", "s3cret");
        assertThat(r.statusCode()).isEqualTo(200);
        VerifiedToken t = validator.validate(Http.json(r).get("access_token").asText());
        assertThat(t.subject()).isEqualTo("game-server");
        assertThat(t.audience()).containsExactly("game-server", "game-api");
        assertThat(ClaimsMapper.builder().roles(idp.issuer(), MockIssuer.roleMapping()).build()
                .toCaller(t, ConnectionId.random()).kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(Http.post(idp.tokenEndpoint(), Map.of("grant_type", "client_credentials"), "game-server", "wrong")
                .statusCode()).isEqualTo(401);
        assertThat(Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", "public-app"), null, null)).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void mintedForKeycloakGrantsCarryRealmRolesAndServiceAccountsTheirClientId() throws Exception {
        idp.mintFor(dev.warden.claims.RoleMapping.keycloak("game-client"));
        idp.client("game-server").secret("s3cret").audience("game-api").roles("server");
        VerifiedToken service = validator.validate(Http.json(Http.post(idp.tokenEndpoint(),
                Map.of("grant_type", "client_credentials"), "game-server", "s3cret")).get("access_token").asText());
        assertThat(service.claims()).containsEntry("client_id", "game-server").containsEntry("azp", "game-server")
                .containsEntry("realm_access", Map.of("roles", List.of("server"))).doesNotContainKey("gty");
        VerifiedToken user = validator.validate(idp.tokens().user("ada").roles("player").sign());
        assertThat(user.claims()).containsEntry("realm_access", Map.of("roles", List.of("player")))
                .doesNotContainKey("roles");
        ClaimsMapper keycloak = ClaimsMapper.builder().roles(idp.issuer(),
                dev.warden.claims.RoleMapping.keycloak("game-client")).build();
        assertThat(keycloak.toCaller(service, ConnectionId.random()).kind()).isEqualTo(CallerKind.SERVICE);
        assertThat(keycloak.toCaller(user, ConnectionId.random()).roles().names()).containsExactly("player");
    }

    String authorize(String clientId, String user, String verifier, String state) throws Exception {
        HttpResponse<String> r = Http.get(URI.create(idp.authorizationEndpoint() + "?response_type=code&client_id="
                + clientId + "&redirect_uri=" + Http.enc(REDIRECT) + "&state=" + state + "&nonce=n-1&login_hint=" + user
                + "&code_challenge=" + MockIssuer.s256(verifier) + "&code_challenge_method=S256"));
        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(Http.param(location, "state")).isEqualTo(state);
        return Http.param(location, "code");
    }

    @Test
    void authorizationCodeWithPkceAndRotatingRefreshTokens() throws Exception {
        idp.client("game-client").redirectUri(REDIRECT);
        idp.user("alice").roles("admin").profile("name", "Alice").profile("email", "alice@example.com")
                .loginMethod("github");
        String verifier = "a-long-random-verifier-0123456789-0123456789";
        String code = authorize("game-client", "alice", verifier, "xyz");

        HttpResponse<String> wrongVerifier = Http.post(idp.tokenEndpoint(), Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "client_id", "game-client", "code_verifier", "wrong"), null, null);
        assertThat(Http.json(wrongVerifier).get("error_description").asText()).isEqualTo("PKCE verification failed");

        code = authorize("game-client", "alice", verifier, "xyz");
        JsonNode tokens = Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "client_id", "game-client", "code_verifier", verifier), null, null));
        TokenValidator forClient = TokenValidator.builder().clock(clock).trust(idp.trust("game-client")
                .authorizedParty("game-client").build()).build();
        VerifiedToken id = forClient.validate(tokens.get("id_token").asText());
        assertThat(id.subject()).isEqualTo("alice");
        assertThat(id.claims()).containsEntry("roles", List.of("admin")).containsEntry("login_method", "github")
                .containsEntry("name", "Alice").containsEntry("nonce", "n-1").containsEntry("project_id", idp.projectId());
        assertThat(Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "client_id", "game-client", "code_verifier", verifier), null, null))
                .get("error").asText()).as("codes are single use").isEqualTo("invalid_grant");

        String refresh = tokens.get("refresh_token").asText();
        idp.user("alice").roles("admin", "moderator");
        JsonNode refreshed = Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", "game-client"), null, null));
        assertThat(forClient.validate(refreshed.get("id_token").asText()).claims())
                .containsEntry("roles", List.of("admin", "moderator"));
        assertThat(refreshed.get("refresh_token").asText()).isNotEqualTo(refresh);
        assertThat(Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", "game-client"), null, null)).get("error").asText())
                .as("refresh tokens rotate: the old one is spent").isEqualTo("invalid_grant");

        assertThat(Http.get(URI.create(idp.endSessionEndpoint() + "?logout_hint=alice")).statusCode()).isEqualTo(200);
        assertThat(Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "refresh_token", refreshed.get("refresh_token").asText(), "client_id", "game-client"), null, null))
                .get("error").asText()).as("end session revokes the refresh tokens").isEqualTo("invalid_grant");
        forClient.close();
    }

    @Test
    void authorizationRequestsAreChecked() throws Exception {
        idp.client("game-client").redirectUri(REDIRECT);
        idp.user("alice");
        HttpResponse<String> noPkce = Http.get(URI.create(idp.authorizationEndpoint()
                + "?response_type=code&client_id=game-client&redirect_uri=" + Http.enc(REDIRECT) + "&login_hint=alice"));
        assertThat(Http.param(noPkce.headers().firstValue("Location").orElseThrow(), "error")).isEqualTo("invalid_request");
        HttpResponse<String> badRedirect = Http.get(URI.create(idp.authorizationEndpoint()
                + "?response_type=code&client_id=game-client&redirect_uri=" + Http.enc("https://evil.example/cb")));
        assertThat(badRedirect.statusCode()).as("never redirect to an unregistered URI").isEqualTo(400);
        HttpResponse<String> unknownUser = Http.get(URI.create(idp.authorizationEndpoint()
                + "?response_type=code&client_id=game-client&redirect_uri=" + Http.enc(REDIRECT)
                + "&login_hint=nobody&code_challenge=abc&code_challenge_method=S256"));
        assertThat(Http.param(unknownUser.headers().firstValue("Location").orElseThrow(), "error"))
                .isEqualTo("access_denied");
    }

    @Test
    void steamTicketExchangeWithAPluggableCheck() throws Exception {
        idp.steamTicketCheck(ticket -> ticket.equals("good-ticket") ? Optional.of("7656119") : Optional.empty());
        JsonNode ok = Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", MockIssuer.STEAM_TICKET_GRANT,
                "ticket", "good-ticket"), MockIssuer.DEFAULT_CLIENT, idp.defaultClientSecret()));
        VerifiedToken t = validator.validate(ok.get("id_token").asText());
        assertThat(t.subject()).isEqualTo("steam:7656119");
        assertThat(t.claims()).containsEntry("login_method", "steam");
        assertThat(Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", MockIssuer.STEAM_TICKET_GRANT,
                "ticket", "forged"), MockIssuer.DEFAULT_CLIENT, idp.defaultClientSecret())).get("error").asText())
                .isEqualTo("invalid_grant");
        assertThat(Http.json(Http.post(idp.tokenEndpoint(), Map.of("grant_type", "password"),
                MockIssuer.DEFAULT_CLIENT, idp.defaultClientSecret())).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void keyRotationNewKidAfterOneFetchOldRetiredAfterGrace() {
        String before = idp.tokens().user("alice").sign();
        validator.validate(before);
        assertThat(idp.jwksRequests()).isEqualTo(1);
        String oldKid = idp.activeKeyId();
        String newKid = idp.rotateKeys(Duration.ofMinutes(5));
        assertThat(idp.publishedKeyIds()).containsExactly(oldKid, newKid);
        assertThat(validator.validate(idp.tokens().user("alice").sign()).keyId()).contains(newKid);
        assertThat(idp.jwksRequests()).isEqualTo(2);
        assertThat(validator.validate(before).keyId()).contains(oldKid);
        clock.advance(Duration.ofMinutes(6));
        assertThat(idp.publishedKeyIds()).containsExactly(newKid);
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void outagesAreSurvivedWithCachedKeysThenRecovered(Outage kind) {
        String token = idp.tokens().user("alice").expiresIn(Duration.ofHours(3)).sign();
        validator.validate(token);
        idp.outage(kind);
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(token).subject()).isEqualTo("alice");
        // the JDK's HTTP client retries an idempotent GET once after a connection reset
        assertThat(idp.jwksRequests()).isBetween(2, kind == Outage.CONNECTION_RESET ? 3 : 2);
        clock.advance(Duration.ofMinutes(12));
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, () -> validator.validate(token));
        assertThat(e.reason()).isEqualTo(RejectionReason.JWKS_UNAVAILABLE);
        idp.recover();
        clock.advance(Duration.ofSeconds(61));
        assertThat(validator.validate(token).subject()).isEqualTo("alice");
    }
}
