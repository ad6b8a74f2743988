package dev.warden.host.server;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.core.ValidationListener;
import dev.warden.core.VerifiedToken;
import dev.warden.host.Bsatn;
import dev.warden.host.BsatnCodec;
import dev.warden.host.HostServer;
import dev.warden.host.internal.v2.QuerySetUpdate;
import dev.warden.host.internal.v2.ServerMessage;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import dev.warden.testkit.TestClock;
import dev.warden.testsupport.Jws;
import dev.warden.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link HostServer} serving a {@link StaffModule} as database {@code board}, everything on one {@link TestClock}:
 * the IdP (a {@link MockIssuer}), a second issuer with a static key for hand-written tokens, the host's
 * {@link LocalIssuer} and the validator. Several hosts can share the clock, the IdP and the local issuer's key, as
 * instances behind one address do.
 */
final class StaffHost implements AutoCloseable {

    static final String STATIC_ISSUER = "https://static.test";
    static final BsatnCodec<StaffModule.Note> NOTE = Bsatn.codecFor(StaffModule.Note.class);

    final TestClock clock;
    final MockIssuer idp;
    final KeyPair staticKey;
    final LocalIssuer local;
    final TokenValidator validator;
    final StaffModule module = new StaffModule();
    final HostServer host;
    final HttpClient http = HttpClient.newHttpClient();
    /** Runs inside every validation that accepts a token, on the validating thread. */
    volatile Consumer<VerifiedToken> onAccepted = t -> { };
    private final boolean ownsIssuers;

    /** A host with its own clock, IdP and keys. */
    StaffHost() {
        this(TestClock.now(), null, null, TestKeys.ec());
    }

    /**
     * @param clock the clock
     * @param idp the IdP, shared with another host, or null for a new one this host closes
     * @param local the host's issuer, shared with another host, or null for a new one
     * @param staticKey the static issuer's key
     */
    StaffHost(TestClock clock, MockIssuer idp, LocalIssuer local, KeyPair staticKey) {
        this.clock = clock;
        this.ownsIssuers = idp == null;
        this.idp = idp != null ? idp : MockIssuer.builder().clock(clock).start();
        this.local = local != null ? local : LocalIssuer.builder().clock(clock).build();
        this.staticKey = staticKey;
        this.validator = TokenValidator.builder().clock(clock)
                .trust(this.idp.trust().build())
                .trust(TrustedIssuer.builder(STATIC_ISSUER).staticKey("static-1", staticKey.getPublic())
                        .audiences("board").build())
                .trust(this.local.trustedIssuer())
                .listener(new ValidationListener() {
                    @Override
                    public void accepted(VerifiedToken token, boolean fromCache) {
                        onAccepted.accept(token);
                    }
                })
                .build();
        Warden<StaffModule> warden = Warden.builder(PolicyEngine.builder().build().compile(StaffModule.class), module)
                .validator(validator)
                .claims(ClaimsMapper.builder().roles(this.idp.issuer(), MockIssuer.roleMapping())
                        .anonymousIssuer(this.local.issuer()).build())
                .build();
        this.host = HostServer.builder(warden, validator, this.local).database("board").port(0).start();
    }

    /** @return another host on the same clock, IdP and static issuer, with this local issuer (or another) */
    StaffHost sibling(LocalIssuer itsLocal) {
        return new StaffHost(clock, idp, itsLocal, staticKey);
    }

    String user(String name, Instant exp, String... roles) {
        return idp.tokens().user(name).roles(roles).expiresAt(exp).sign();
    }

    /** @return a token of the static issuer whose payload ends with {@code extraJson} (",\"x\": 1"), valid 10 min */
    String staticToken(String subject, String extraJson) {
        long now = clock.instant().getEpochSecond();
        return Jws.sign("{\"alg\":\"ES256\",\"kid\":\"static-1\",\"typ\":\"JWT\"}",
                "{\"iss\":\"" + STATIC_ISSUER + "\",\"sub\":\"" + subject + "\",\"aud\":\"board\",\"iat\":" + now
                        + ",\"exp\":" + (now + 600) + extraJson + "}", staticKey.getPrivate(), "ES256");
    }

    WsClient connect(String token) throws Exception {
        return new WsClient(host.uri(), token);
    }

    HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(host.uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the token {@code POST /v1/identity/websocket-token} hands out for this one */
    String websocketToken(String token) throws Exception {
        HttpResponse<String> r = post("/v1/identity/websocket-token", token);
        if (r.statusCode() != 200) {
            throw new AssertionError("websocket-token answered " + r.statusCode() + " " + r.body());
        }
        return r.body().replaceFirst("^\\{\"token\":\"([^\"]+)\"}$", "$1");
    }

    /** @return the texts of the notes a transaction update inserts */
    static List<String> inserted(ServerMessage.TransactionUpdate u) {
        return u.querySets().stream().flatMap(s -> s.tables().stream()).flatMap(t -> t.rows().stream())
                .flatMap(r -> ((QuerySetUpdate.TableUpdateRows.PersistentTable) r).inserts().rows().stream())
                .map(NOTE::decode).map(StaffModule.Note::text).toList();
    }

    URI uri() {
        return host.uri();
    }

    @Override
    public void close() {
        host.close();
        validator.close();
        if (ownsIssuers) {
            idp.close();
        }
    }
}
