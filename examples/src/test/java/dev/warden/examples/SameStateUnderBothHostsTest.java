package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.Database;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.host.HostServer;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import dev.warden.testkit.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 row 2: one module, the same calls, the same state under the testkit's {@code TestHost} and under a
 * {@code HostServer} built as the demo builds it (nothing said about the database): a reducer that inserts and then
 * throws leaves no row under either.
 */
class SameStateUnderBothHostsTest {

    /** A module whose reducer changes a table before it decides to fail. */
    public static class Guilds {
        /** A guild; its name is indexed, not unique, so that the reducer itself finds the duplicate. */
        @Table(name = "guild", access = Access.PRIVATE)
        public record Guild(@PrimaryKey @AutoInc long id, @Indexed String name) {}

        @Reducer("create_guild")
        @Authenticated
        public void createGuild(ReducerContext ctx, String name) {
            var guilds = ctx.db().table(Guild.class);
            guilds.insert(new Guild(0, name));
            if (guilds.index(Guild::name).filter(name).size() > 1) {
                throw new IllegalArgumentException("guild " + name + " exists");
            }
        }
    }

    /** The guilds in a database, in the order they were made. */
    static List<Guilds.Guild> guilds(Database database) {
        return database.read(() -> database.db().table(Guilds.Guild.class).all().stream()
                .sorted(Comparator.comparingLong(Guilds.Guild::id)).toList());
    }

    static List<String> names(Database database) {
        return guilds(database).stream().map(Guilds.Guild::name).toList();
    }

    static final List<String> CALLS = List.of("red", "blue", "red", "green", "blue");

    @Test
    void aReducerThatInsertsAndThrowsLeavesTheSameStateUnderTestHostAndHostServer() throws Exception {
        PolicyEngine engine = PolicyEngine.builder().build();
        TestHost<Guilds> test;
        Database served;
        try (MockIssuer idp = MockIssuer.start()) {
            LocalIssuer local = LocalIssuer.builder().build();
            try (TokenValidator validator = TokenValidator.builder().trust(idp.trust().build())
                    .trust(local.trustedIssuer()).build()) {
                ClaimsMapper mapper = ClaimsMapper.builder().anonymousIssuer(local.issuer()).build();
                String token = idp.tokens().user("alice").sign();

                test = TestHost.start(Guilds.class, engine, validator, mapper);
                CallerContext alice = test.connect(token);
                for (String name : CALLS) {
                    if (names(test.database()).contains(name)) {
                        assertThatThrownBy(() -> test.call(alice, "create_guild", name))
                                .isInstanceOf(EntryPointFailedException.class);
                    } else {
                        test.call(alice, "create_guild", name);
                    }
                }

                // built as Demo builds its host: nothing said about the database or transactions
                Warden<Guilds> warden = Warden.builder(engine.compile(Guilds.class), new Guilds())
                        .validator(validator).claims(mapper).build();
                served = warden.database();
                try (HostServer host = HostServer.builder(warden, validator, local).database("guilds").port(0)
                        .start()) {
                    HttpClient http = HttpClient.newHttpClient();
                    for (String name : CALLS) {
                        boolean exists = names(served).contains(name);
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                        host.uri().resolve(URI.create("/v1/database/guilds/call/create_guild")))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString("[\"" + name + "\"]")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).as(name).isEqualTo(exists ? 530 : 200);
                    }
                }
            }
        }

        assertThat(names(test.database())).containsExactly("red", "blue", "green");
        // the same rows, ids included: a rolled-back insert used a sequence value under both
        assertThat(guilds(served)).isEqualTo(guilds(test.database()));
    }
}
