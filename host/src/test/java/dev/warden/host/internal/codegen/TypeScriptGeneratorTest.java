package dev.warden.host.internal.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.host.TypeScriptBindings;
import dev.warden.host.server.LedgerModule;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * The generator's names and text for a small module: canonical names rebuilt as SpacetimeDB's validation builds
 * them, the files of {@code spacetime generate}'s layout, and the import style. (Byte identity with SpacetimeDB's
 * own output, after prettier, is interop-sdk's {@code BindingsFingerprintTest}.)
 */
class TypeScriptGeneratorTest {

    private static SortedMap<String, String> files(TypeScriptBindings.ImportStyle style) {
        return TypeScriptBindings.of(LedgerModule.class, style).files();
    }

    @Test
    void writesSpacetimeGeneratesLayoutForThePublicTablesAndReducers() {
        assertThat(files(TypeScriptBindings.ImportStyle.BUNDLER).keySet()).containsExactly("account_change_table.ts",
                "index.ts", "set_name_reducer.ts", "types.ts", "types/procedures.ts", "types/reducers.ts");
    }

    @Test
    void rebuildsTheCanonicalNamesSpacetimeDbsValidationGives() {
        SortedMap<String, String> files = files(TypeScriptBindings.ImportStyle.BUNDLER);
        String index = files.get("index.ts");
        assertThat(index).contains("  accountChange: __table({\n    name: 'account_change',\n")
                .contains("{ accessor: 'nameKey', name: 'account_change_name_key_idx_btree', algorithm: 'btree', "
                        + "columns: [\n        'nameKey',\n      ] },")
                .contains("{ name: 'account_change_name_key_key', constraint: 'unique', columns: ['nameKey'] },")
                .contains("__reducerSchema(\"set_name\", SetNameReducer),")
                // the table's source name is already camelCase (accountChange): no deprecated snake_case alias
                .doesNotContain("tableAccessorAliases");
        assertThat(files.get("account_change_table.ts")).contains("import {\n  Direction,\n} from \"./types\";\n")
                .contains("  id: __t.i64().primaryKey(),\n")
                .contains("  nameKey: __t.string().name(\"name_key\"),\n")
                .contains("  get direction() {\n    return Direction;\n  },\n")
                .contains("  memo: __t.option(__t.string()),\n");
        assertThat(files.get("types.ts"))
                .contains("export const Direction = __t.enum(\"Direction\", {\n  Credit: __t.unit(),\n"
                        + "  Debit: __t.unit(),\n});")
                .contains("export const Secret = __t.object(\"Secret\", {\n  owner: __t.identity(),\n});")
                .doesNotContain("SetName =");
        // (the parameters' names are arg1, arg2: this module's tests are compiled without -parameters)
        assertThat(files.get("set_name_reducer.ts")).endsWith("export default {\n  arg1: __t.string(),\n"
                + "  arg2: __t.array(__t.string()),\n};\n");
    }

    @Test
    void nodeEsmImportsNameTheJsFiles() {
        SortedMap<String, String> files = files(TypeScriptBindings.ImportStyle.NODE_ESM);
        assertThat(files.get("index.ts")).contains("import SetNameReducer from \"./set_name_reducer.js\";")
                .contains("import AccountChangeRow from \"./account_change_table.js\";");
        assertThat(files.get("types/reducers.ts")).contains("from \"../set_name_reducer.js\";");
        assertThat(files.get("account_change_table.ts")).contains("} from \"./types.js\";");
    }

    @Test
    void caseConversionFollowsConvertCase() {
        assertThat(Cases.snake("FruitBasket")).isEqualTo("fruit_basket");
        assertThat(Cases.snake("deliveryRecord")).isEqualTo("delivery_record");
        assertThat(Cases.snake("HTMLParser")).isEqualTo("html_parser");
        assertThat(Cases.snake("item2Count")).isEqualTo("item_2_count");
        assertThat(Cases.camel("my_account_changes")).isEqualTo("myAccountChanges");
        assertThat(Cases.pascal("set_name")).isEqualTo("SetName");
        assertThat(Cases.pascal("onConnect")).isEqualTo("OnConnect");
        assertThat(Cases.camel("__x--y  z")).isEqualTo("xYZ");
    }
}
