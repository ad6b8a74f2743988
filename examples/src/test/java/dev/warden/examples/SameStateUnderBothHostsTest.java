package dev.warden.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.HostServer;
import dev.warden.policy.EntryPointFailedException;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.host.Table;
import dev.warden.policy.host.Warden;
import dev.warden.testkit.MockIssuer;
import dev.warden.testkit.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 row 2: one module, the same calls, the same state under the testkit's {@code TestHost} and under a
 * {@code HostServer} built as the demo builds it (no transaction setting): a reducer that inserts and then throws
 * leaves no row under either.
 */
class SameStateUnderBothHostsTest {

    /** A module whose reducer changes a table before it decides to fail. */
    public static class Guilds {
        final Table<String> guilds = new Table<>();

        @Reducer("create_guild")
        @Authenticated
        public void createGuild(String name) {
            guilds.insert(name);
            if (guilds.all().stream().filter(name::equals).count() > 1) {
                throw new IllegalArgumentException("guild " + name + " exists");
            }
        }

        List<String> names() {
            return guilds.all();
        }
    }

    static final List<String> CALLS = List.of("red", "blue", "red", "green", "blue");

    @Test
    void aReducerThatInsertsAndThrowsLeavesTheSameStateUnderTestHostAndHostServer() throws Exception {
        PolicyEngine engine = PolicyEngine.builder().build();
        Guilds served = new Guilds();
        TestHost<Guilds> test;
        try (MockIssuer idp = MockIssuer.start()) {
            LocalIssuer local = LocalIssuer.builder().build();
            try (TokenValidator validator = TokenValidator.builder().trust(idp.trust().build())
                    .trust(local.trustedIssuer()).build()) {
                ClaimsMapper mapper = ClaimsMapper.builder().anonymousIssuer(local.issuer()).build();
                String token = idp.tokens().user("alice").sign();

                test = TestHost.start(Guilds.class, engine, validator, mapper);
                CallerContext alice = test.connect(token);
                for (String name : CALLS) {
                    if (test.module().names().contains(name)) {
                        assertThatThrownBy(() -> test.call(alice, "create_guild", name))
                                .isInstanceOf(EntryPointFailedException.class);
                    } else {
                        test.call(alice, "create_guild", name);
                    }
                }

                // built as Demo builds its host: nothing said about transactions
                Warden<Guilds> warden = Warden.builder(engine.compile(Guilds.class), served).validator(validator)
                        .claims(mapper).build();
                try (HostServer host = HostServer.builder(warden, validator, local).database("guilds").port(0)
                        .start()) {
                    HttpClient http = HttpClient.newHttpClient();
                    for (String name : CALLS) {
                        boolean exists = served.names().contains(name);
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

        assertThat(test.module().names()).containsExactly("red", "blue", "green");
        assertThat(served.names()).isEqualTo(test.module().names());
    }
}
