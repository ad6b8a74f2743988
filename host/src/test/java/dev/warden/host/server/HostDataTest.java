package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.db.Access;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Init;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.host.Warden;
import dev.warden.storage.Storage;
import dev.warden.storage.StorageException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host with a data directory keeps its module's tables across restarts, runs @Init once, and backs up. */
@SuppressWarnings("try")   // hosts held open around blocks that read their modules
class HostDataTest {

    /** Counts its inits in a table. */
    public static class Counter {
        @Table(name = "event", access = Access.PUBLIC)
        public record Event(@PrimaryKey String name, long times) {}

        @Init
        public void init(ReducerContext ctx) {
            ctx.db().table(Event.class).insert(new Event("init", 1));
        }

        @Reducer("hit")
        @Public
        public void hit(ReducerContext ctx, String name) {
            var byName = ctx.db().table(Event.class).unique(Event::name);
            byName.find(name).ifPresentOrElse(e -> byName.update(new Event(name, e.times() + 1)),
                    () -> ctx.db().table(Event.class).insert(new Event(name, 1)));
        }
    }

    /** The same table, retyped. */
    public static class Retyped {
        @Table(name = "event", access = Access.PUBLIC)
        public record Event(@PrimaryKey String name, int times) {}
    }

    @TempDir
    Path data;

    final LocalIssuer local = LocalIssuer.builder().build();
    final TokenValidator validator = TokenValidator.builder().trust(local.trustedIssuer()).build();

    <M> HostServer start(Class<M> type, M module) {
        Warden<M> warden = Warden.builder(PolicyEngine.builder().build().compile(type), module).validator(validator)
                .claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
        return HostServer.builder(warden, validator, local).data(data).port(0).start();
    }

    static int hit(URI host, String token, String name) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(host.resolve("/v1/database/module/call/hit"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[\"" + name + "\"]")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void tablesSurviveARestartInitRunsOnceAndABackupRestores() throws Exception {
        String token = local.mintAnonymous().token();
        Path backup = data.resolveSibling(data.getFileName() + "-backup.db");
        try (HostServer host = start(Counter.class, new Counter())) {
            assertThat(hit(host.uri(), token, "a")).isEqualTo(200);
            assertThat(hit(host.uri(), token, "a")).isEqualTo(200);
            host.backup(backup);
        }
        Counter module = new Counter();
        Warden<Counter> warden = Warden.builder(PolicyEngine.builder().build().compile(Counter.class), module)
                .validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
        try (HostServer host = HostServer.builder(warden, validator, local).data(data).port(0).start()) {
            assertThat(hit(host.uri(), token, "a")).isEqualTo(200);
            assertThat(warden.database().read(() -> warden.database().db().table(Counter.Event.class).all()))
                    .containsExactlyInAnyOrder(new Counter.Event("init", 1), new Counter.Event("a", 3));
        }
        Path restored = data.resolveSibling(data.getFileName() + "-restored");
        Storage.restore(backup, restored);
        Warden<Counter> fromBackup = Warden.builder(PolicyEngine.builder().build().compile(Counter.class),
                new Counter()).validator(validator).build();
        try (HostServer host = HostServer.builder(fromBackup, validator, local).data(restored).port(0).start()) {
            assertThat(fromBackup.database().read(() -> fromBackup.database().db().table(Counter.Event.class).all()))
                    .containsExactlyInAnyOrder(new Counter.Event("init", 1), new Counter.Event("a", 2));
        }
    }

    @Test
    void anIncompatibleTableRefusesToStartNamingTableAndColumn() {
        try (HostServer host = start(Counter.class, new Counter())) {
            assertThat(host.port()).isPositive();
        }
        assertThatThrownBy(() -> start(Retyped.class, new Retyped()))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.INCOMPATIBLE_SCHEMA))
                .hasMessageContaining("table event: column times was retyped from long to int");
    }

    @Test
    void aStartThatFailsLeavesTheDataDirectoryFreeForTheNextHost() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Warden<Counter> warden = Warden.builder(PolicyEngine.builder().build().compile(Counter.class),
                    new Counter()).validator(validator)
                    .claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build()).build();
            assertThatThrownBy(() -> HostServer.builder(warden, validator, local).data(data)
                    .port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not start");
        }
        // the failed host closed its store and let go of the directory's lock
        try (HostServer host = start(Counter.class, new Counter())) {
            assertThat(host.port()).isPositive();
        }
    }
}
