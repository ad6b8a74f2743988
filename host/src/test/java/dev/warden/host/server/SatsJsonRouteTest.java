package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.claims.ClaimsMapper;
import dev.warden.core.Identity;
import dev.warden.core.LocalIssuer;
import dev.warden.core.TokenValidator;
import dev.warden.host.HostServer;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.host.Warden;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The call route's values in SpacetimeDB's JSON (SATS-JSON): a procedure's result as SpacetimeDB writes an untyped
 * value, arguments in SpacetimeDB's typed forms as well as the forms taken before.
 */
class SatsJsonRouteTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static LocalIssuer local;
    static TokenValidator validator;
    static TypesModule module;
    static HostServer host;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** {@link TypesModule#SAMPLE} as SpacetimeDB writes it. */
    static final String SAMPLE_JSON = "[[1750000000123456],[\"0x"
            + new BigInteger(TypesModule.SAMPLE.who().toHex(), 16).toString(16) + "\"],[18446744073709551618],"
            + "-1267650600228229401496703205376,340282366920938463463374607431768211455,[1,[]],[1,[7]],[0,\"hi\"],"
            + "[[\"a\",18446744073709551615],[\"b\",2]],[\"m\",0],\"01ab\",[1500000]]";

    @BeforeAll
    static void start() {
        local = LocalIssuer.builder().build();
        validator = TokenValidator.builder().trust(local.trustedIssuer()).build();
        module = new TypesModule();
        Warden<TypesModule> warden = Warden.builder(PolicyEngine.builder().build().compile(TypesModule.class),
                module).validator(validator).claims(ClaimsMapper.builder().anonymousIssuer(local.issuer()).build())
                .build();
        host = HostServer.builder(warden, validator, local).database("types").port(0).start();
    }

    @AfterAll
    static void stop() {
        host.close();
        validator.close();
    }

    static HttpResponse<String> call(String fn, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(host.uri().resolve("/v1/database/types/call/" + fn))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aRecordWithTimesIdentitiesWideIntegersSumsOptionsAndListsIsWrittenAsSpacetimeDbWritesIt() throws Exception {
        HttpResponse<String> r = call("sample", "[]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(tree(r.body())).isEqualTo(tree(SAMPLE_JSON));
    }

    @Test
    void spacetimeDbsOwnAnswerIsTakenBackAsArguments() throws Exception {
        HttpResponse<String> r = call("echo", "[" + SAMPLE_JSON + "]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(tree(r.body())).isEqualTo(tree(SAMPLE_JSON));
    }

    @Test
    void argumentsInSpacetimeDbsNamedFormsByParameterName() throws Exception {
        String who = TypesModule.SAMPLE.who().toHex();
        String param = TypesModule.class.getMethod("echo", TypesModule.Event.class).getParameters()[0].getName();
        String named = "{\"" + param + "\": {\"at\": {\"__timestamp_micros_since_unix_epoch__\": 1750000000123456},"
                + "\"who\": {\"__identity__\": \"0x" + who + "\"}, \"conn\": {\"__connection_id__\": "
                + "18446744073709551618}, \"big\": -1267650600228229401496703205376, "
                + "\"ubig\": 340282366920938463463374607431768211455, \"color\": {\"DarkBlue\": []}, "
                + "\"shape\": {\"Square\": {\"side\": 7}}, \"note\": {\"some\": \"hi\"}, "
                + "\"items\": [{\"name\": \"a\", \"count\": 18446744073709551615}, [\"b\", 2]], "
                + "\"main\": {\"name\": \"m\", \"count\": 0}, \"blob\": [1, 171], "
                + "\"took\": {\"__time_duration_micros__\": 1500000}}}";
        HttpResponse<String> r = call("echo", named);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(tree(r.body())).isEqualTo(tree(SAMPLE_JSON));
    }

    @Test
    void sumsByTagOrNameAndOptionsAsNullOrNone() throws Exception {
        HttpResponse<String> r = call("shapes", "[[0, [1.5]], {\"2\": []}, [\"RED\", []]]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);   // RED is not SpacetimeDB's variant name: Red
        r = call("shapes", "[[0, [1.5]], {\"2\": []}, {\"Red\": []}]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(tree(r.body())).isEqualTo(tree("[[0,[1.5]],[2,[]],[2,[]]]"));
        assertThat(tree(call("maybe", "[true]").body())).isEqualTo(tree("[0,[\"x\",1]]"));
        assertThat(tree(call("maybe", "[false]").body())).isEqualTo(tree("[1,[]]"));
    }

    @Test
    void anUnsignedResultAVoidOneAndOneSpacetimeDbCannotDescribe() throws Exception {
        assertThat(call("max_unsigned", "[]").body()).isEqualTo("18446744073709551615");
        HttpResponse<String> r = call("nothing", "[]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
        // null is no SpacetimeDB value: plain JSON, not a failure
        assertThat(call("missing", "[]").body()).isEqualTo("null");
        // a Map has no SpacetimeDB type: plain JSON, as before
        assertThat(tree(call("stats", "[]").body())).isEqualTo(tree("{\"posts\": 3}"));
    }

    @Test
    void aReducersArgumentsInEitherFormAndItsEmptyAnswer() throws Exception {
        Identity alice = TypesModule.SAMPLE.who();
        HttpResponse<String> r = call("remember", "[\"" + alice.toHex() + "\", null]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(module.last).isEqualTo(List.of(alice, Optional.empty()));
        r = call("remember", "[[\"0x" + alice.toHex() + "\"], {\"some\": [1750000000123456]}]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(module.last).isEqualTo(List.of(alice,
                Optional.of(Instant.ofEpochSecond(1_750_000_000L, 123_456_000L))));
    }

    @Test
    void anArgumentInNoFormIsRefusedCountingFrom0() throws Exception {
        HttpResponse<String> r = call("remember", "[\"c200\", null]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("invalid arguments for remember: argument 0 (counting from 0) is not an "
                + "Identity: expected 64 hex digits, \"0x\" and 64 hex digits, or {\"__identity__\": <the hex, or the "
                + "number in decimal>}, got \"c200\"");
        java.lang.reflect.Parameter[] ps = TypesModule.class.getMethod("remember", Identity.class, Optional.class)
                .getParameters();
        r = call("remember", "{\"" + ps[0].getName() + "\": \"" + TypesModule.SAMPLE.who().toHex()
                + "\", \"whom\": null}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("invalid arguments for remember: missing argument `" + ps[1].getName() + "`");
    }
}
