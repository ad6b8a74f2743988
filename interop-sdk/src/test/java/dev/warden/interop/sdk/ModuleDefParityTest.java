package dev.warden.interop.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.examples.bank.MoneyExchange;
import dev.warden.examples.keynote.Keynote;
import dev.warden.examples.quickstart.QuickstartChat;
import dev.warden.host.Bsatn;
import dev.warden.host.BsatnReader;
import dev.warden.host.internal.schema.SatsJson;
import dev.warden.host.internal.schema.V10;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java host's {@code GET /v1/database/:name/schema?version=10} for each ported template equals, field for
 * field, the RawModuleDef that SpacetimeDB's own TypeScript module library ({@code spacetimedb/server} 2.10.1)
 * builds for the same module written in TypeScript ({@code src/test/node/src/schema}, Warden's own definitions
 * with the templates' tables and functions), apart from the differences listed here, each one explained.
 *
 * <p>The library runs under Node with only two host-runtime names stubbed ({@code schema-loader/hooks.mjs}); the
 * module's {@code __describe_module__} BSATN is decoded with Warden's codecs into the same records the host
 * answers from, so a layout mistake fails the decode, and both sides are written by the same SATS-JSON writer.
 */
class ModuleDefParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void quickstartChatEqualsTheTypeScriptLibrarysDefinition() throws Exception {
        assertThat(differences(QuickstartChat.class, new QuickstartChat(), "quickstart_chat")).isEmpty();
    }

    @Test
    void keynoteEqualsTheTypeScriptLibrarysDefinition() throws Exception {
        assertThat(differences(Keynote.class, new Keynote(), "keynote")).isEmpty();
    }

    @Test
    void moneyExchangeEqualsTheTypeScriptLibrarysDefinitionButForMyAccountsReturnType() throws Exception {
        // the port's my_account returns a List of at most one row (a Warden host serves a view to subscriptions when
        // it returns a List), the original account.rowType.optional(): an array of the row, not an option of it
        assertThat(differences(MoneyExchange.class, new MoneyExchange(), "money_exchange")).containsExactly(
                "/sections/5/Views/0/return_type/Sum: typescript={\"variants\":[{\"name\":{\"some\":\"some\"},"
                        + "\"algebraic_type\":{\"Ref\":1}},{\"name\":{\"some\":\"none\"},\"algebraic_type\":"
                        + "{\"Product\":{\"elements\":[]}}}]} java=null",
                "/sections/5/Views/0/return_type/Array: typescript=null java={\"Ref\":1}");
    }

    private static <M> List<String> differences(Class<M> moduleClass, M instance, String tsModule) throws Exception {
        JsonNode typescript = typescriptDefinition(tsModule);
        JsonNode java;
        try (PortHost<M> host = PortHost.start(moduleClass, instance, tsModule)) {
            URI uri = URI.create(host.wsUri().replace("ws://", "http://") + "/v1/database/" + tsModule
                    + "/schema?version=10");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            java = JSON.readTree(r.body());
        }
        List<String> out = new ArrayList<>();
        diff("", typescript, java, out);
        return out;
    }

    /** The RawModuleDefV10 the TypeScript library builds for the module, as SATS JSON. */
    private static JsonNode typescriptDefinition(String tsModule) {
        NodeSdk sdk = NodeSdk.get();
        Processes.Result r = Processes.run(List.of(sdk.node(), "--import", "./schema-loader/register.mjs",
                "out/schema/dump_module_def.js", "out/schema/" + tsModule + "_module.js"), sdk.work(), Map.of(),
                Duration.ofMinutes(1));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        byte[] bytes = HexFormat.of().parseHex(r.stdout().strip());
        // RawModuleDef: V8BackCompat, V9, V10 (tag 2)
        assertThat(bytes[0]).as("RawModuleDef variant").isEqualTo((byte) 2);
        BsatnReader in = new BsatnReader(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
        V10.RawModuleDefV10 def = Bsatn.codecFor(V10.RawModuleDefV10.class).read(in);
        in.requireEnd();
        return SatsJson.toJson(def);
    }

    private static void diff(String path, JsonNode ts, JsonNode java, List<String> out) {
        if (ts.isObject() && java.isObject()) {
            List<String> names = new ArrayList<>();
            ts.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = java.fieldNames(); it.hasNext(); ) {
                String n = it.next();
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
            for (String n : names) {
                if (!ts.has(n) || !java.has(n)) {
                    out.add(path + "/" + n + ": typescript=" + ts.get(n) + " java=" + java.get(n));
                } else {
                    diff(path + "/" + n, ts.get(n), java.get(n), out);
                }
            }
        } else if (ts.isArray() && java.isArray() && ts.size() == java.size()) {
            for (int i = 0; i < ts.size(); i++) {
                diff(path + "/" + i, ts.get(i), java.get(i), out);
            }
        } else if (ts.isIntegralNumber() && java.isIntegralNumber()) {
            if (!ts.bigIntegerValue().equals(java.bigIntegerValue())) {
                out.add(path + ": typescript=" + ts + " java=" + java);
            }
        } else if (!ts.equals(java)) {
            out.add(path + ": typescript=" + ts + " java=" + java);
        }
    }
}
