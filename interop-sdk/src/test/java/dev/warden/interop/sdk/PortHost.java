package dev.warden.interop.sdk;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.core.TrustedIssuer;
import dev.warden.db.Db;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import java.util.List;
import java.util.function.Function;

/**
 * One of the examples' ports of SpacetimeDB's templates behind Warden's host, on a free loopback port, trusting a
 * testkit mock issuer and the host's own issuer for anonymous identities: what the template's client connects to.
 *
 * @param <M> the module class
 */
final class PortHost<M> implements AutoCloseable {

    private final MockIssuer issuer;
    private final Warden<M> warden;
    private final HostServer server;

    private PortHost(MockIssuer issuer, Warden<M> warden, HostServer server) {
        this.issuer = issuer;
        this.warden = warden;
        this.server = server;
    }

    /**
     * @param moduleClass the module, compiled with a plain engine (the ports have no named policies)
     * @param instance its instance
     * @param database the database name clients connect to
     * @param <M> the module class
     * @return the running host
     */
    static <M> PortHost<M> start(Class<M> moduleClass, M instance, String database) {
        MockIssuer issuer = MockIssuer.start();
        try {
            LocalIssuer local = LocalIssuer.builder().build();
            TrustedIssuer trusted = issuer.trust().build();
            TokenValidator validator = TokenValidator.builder().trust(trusted).trust(local.trustedIssuer()).build();
            ClaimsMapper claims = ClaimsMapper.builder().roles(trusted.issuer(), MockIssuer.roleMapping())
                    .anonymousIssuer(local.issuer()).build();
            Warden<M> warden = Warden.builder(PolicyEngine.builder().build().compile(moduleClass), instance)
                    .validator(validator).claims(claims).build();
            HostServer server = HostServer.builder(warden, validator, local).database(database).port(0).start();
            return new PortHost<>(issuer, warden, server);
        } catch (RuntimeException e) {
            issuer.close();
            throw e;
        }
    }

    /** @return a token of the mock issuer for this user */
    String token(String subject) {
        return issuer.tokens().user(subject).sign();
    }

    /** @return the identity SpacetimeDB derives for that user of the mock issuer, in hex */
    String identityOf(String subject) {
        return Identity.fromClaims(issuer.issuer(), subject).toHex();
    }

    /** @return the WebSocket URI the SDK is given */
    String wsUri() {
        return "ws://127.0.0.1:" + server.port();
    }

    /** @return a table's rows in the host's database now */
    <R extends Record> List<R> rows(Class<R> rowType) {
        return read(db -> db.table(rowType).all());
    }

    /** @return what {@code body} reads of the host's database */
    <T> T read(Function<Db, T> body) {
        return warden.database().read(() -> body.apply(warden.database().db()));
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            issuer.close();
        }
    }
}
