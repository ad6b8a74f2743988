package dev.warden.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/database/:name/schema}: the module's RawModuleDef as SpacetimeDB's serde JSON, version 9 or 10,
 * and axum's refusals for a missing or unknown version. (interop-sdk compares the ported templates' definitions
 * with what SpacetimeDB's TypeScript module library builds.)
 */
class SchemaRouteTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Fixture f;

    @BeforeAll
    static void start() {
        f = new Fixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static JsonNode section(JsonNode v10, String name) {
        for (JsonNode s : v10.path("sections")) {
            if (s.has(name)) {
                return s.get(name);
            }
        }
        throw new AssertionError("no section " + name + " in " + v10);
    }

    @Test
    void version10IsTheModulesDefinitionAsSpacetimeDbsSerdeJson() throws Exception {
        HttpResponse<String> r = f.get("/v1/database/board/schema?version=10", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode def = JSON.readTree(r.body());
        assertThat(def.path("sections")).hasSize(15);
        // the board has no tables (interop-sdk checks tables against SpacetimeDB's TypeScript library)
        assertThat(section(def, "Tables")).isEmpty();
        JsonNode types = section(def, "Typespace").path("types");
        // each function's parameters are a named product in the typespace, as the TypeScript library registers them
        for (JsonNode named : section(def, "Types")) {
            assertThat(named.fieldNames()).toIterable().containsExactly("source_name", "ty", "custom_ordering");
            assertThat(types.get(named.path("ty").asInt())).isNotNull();
        }
        assertThat(section(def, "CaseConversionPolicy").toString()).isEqualTo("{\"SnakeCase\":[]}");
        // reducers answer unit or a string error; lifecycle hooks are listed as SpacetimeDB's TypeScript library lists them
        for (JsonNode reducer : section(def, "Reducers")) {
            assertThat(reducer.path("ok_return_type").toString()).isEqualTo("{\"Product\":{\"elements\":[]}}");
            assertThat(reducer.path("err_return_type").toString()).isEqualTo("{\"String\":[]}");
        }
        assertThat(section(def, "LifeCycleReducers").toString()).contains("{\"OnConnect\":[]}");
    }

    @Test
    void version9HasTheV9Layout() throws Exception {
        HttpResponse<String> r = f.get("/v1/database/board/schema?version=9", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode def = JSON.readTree(r.body());
        assertThat(def.fieldNames()).toIterable().containsExactly("typespace", "tables", "reducers", "types",
                "misc_exports", "row_level_security");
        JsonNode reducer = def.path("reducers").get(0);
        assertThat(reducer.fieldNames()).toIterable().containsExactly("name", "params", "lifecycle");
        boolean lifecycle = false;
        for (JsonNode r9 : def.path("reducers")) {
            lifecycle |= r9.path("lifecycle").has("some");
        }
        assertThat(lifecycle).isTrue();
    }

    @Test
    void aMissingOrUnknownVersionIsRefusedAsAxumRefusesIt() throws Exception {
        HttpResponse<String> none = f.get("/v1/database/board/schema", null);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).isEqualTo("Failed to deserialize query string: missing field `version`");
        HttpResponse<String> eleven = f.get("/v1/database/board/schema?version=11", null);
        assertThat(eleven.statusCode()).isEqualTo(400);
        assertThat(eleven.body()).isEqualTo(
                "Failed to deserialize query string: unknown variant `11`, expected `9` or `10`");
        assertThat(f.get("/v1/database/other/schema?version=9", null).statusCode()).isEqualTo(404);
    }
}
