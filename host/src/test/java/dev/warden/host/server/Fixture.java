package dev.warden.host.server;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A host serving a {@link BoardModule} as database {@code board}, its IdP a {@link MockIssuer}. */
final class Fixture implements AutoCloseable {

    static final Identity OWNER = Identity.fromClaims("owner-issuer", "owner");

    final MockIssuer idp = MockIssuer.start();
    final LocalIssuer local = LocalIssuer.builder().build();
    final TokenValidator validator = TokenValidator.builder().trust(idp.trust().build())
            .trust(local.trustedIssuer()).build();
    final BoardModule module = new BoardModule();
    final Warden<BoardModule> warden = Warden.builder(PolicyEngine.builder().build().compile(BoardModule.class), module)
            .validator(validator)
            .claims(ClaimsMapper.builder().roles(idp.issuer(), MockIssuer.roleMapping())
                    .anonymousIssuer(local.issuer()).build())
            .build();
    final HostServer host = HostServer.builder(warden, validator, local).database("board").port(0).owner(OWNER)
            .start();
    final HttpClient http = HttpClient.newHttpClient();

    String user(String name, String... roles) {
        return idp.tokens().user(name).roles(roles).sign();
    }

    Identity identityOf(String subject) {
        return Identity.fromClaims(idp.issuer(), subject);
    }

    URI uri(String path) {
        return host.uri().resolve(path);
    }

    HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        host.close();
        validator.close();
        idp.close();
    }
}
