package dev.warden.host.internal.codegen;

import dev.warden.host.internal.codegen.ClientModule.ArrayU;
import dev.warden.host.internal.codegen.ClientModule.Constraint;
import dev.warden.host.internal.codegen.ClientModule.Field;
import dev.warden.host.internal.codegen.ClientModule.Index;
import dev.warden.host.internal.codegen.ClientModule.OptionU;
import dev.warden.host.internal.codegen.ClientModule.PlainEnumDef;
import dev.warden.host.internal.codegen.ClientModule.Prim;
import dev.warden.host.internal.codegen.ClientModule.ProductDef;
import dev.warden.host.internal.codegen.ClientModule.Procedure;
import dev.warden.host.internal.codegen.ClientModule.Reducer;
import dev.warden.host.internal.codegen.ClientModule.RefU;
import dev.warden.host.internal.codegen.ClientModule.ResultU;
import dev.warden.host.internal.codegen.ClientModule.SumDef;
import dev.warden.host.internal.codegen.ClientModule.Table;
import dev.warden.host.internal.codegen.ClientModule.TypeDef;
import dev.warden.host.internal.codegen.ClientModule.Unit;
import dev.warden.host.internal.codegen.ClientModule.Use;
import dev.warden.host.internal.schema.V10;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * TypeScript client bindings for a module definition, in the layout and with the text of
 * {@code spacetime generate --lang typescript} (SpacetimeDB 2.8.3, crates/codegen {@code typescript.rs}): one file
 * per public table and view ({@code <name>_table.ts}), per public reducer ({@code <name>_reducer.ts}) and per public
 * procedure ({@code <name>_procedure.ts}), then {@code index.ts}, {@code types.ts}, {@code types/reducers.ts} and
 * {@code types/procedures.ts}. The text is the generator's before any formatter; SpacetimeDB's checked-in bindings
 * are this text run through prettier with its repository's configuration.
 *
 * <p>Written in Java from reading that generator; no part of SpacetimeDB is copied or run. Submodules are not
 * supported (a Java module has none).
 */
public final class TypeScriptGenerator {

    /** The SpacetimeDB CLI version the generated text names (the generator it matches). */
    public static final String CLI_VERSION = "2.8.3";
    /** The commit of that CLI release, which the generated {@code index.ts} names. */
    public static final String CLI_COMMIT = "0948a1b3b1504ec992b493a1acb7ab4373ffcf3f";

    private static final List<String> INDEX_IMPORTS = sorted(
            "TypeBuilder as __TypeBuilder",
            "type AlgebraicTypeType as __AlgebraicTypeType",
            "Uuid as __Uuid",
            "DbConnectionBuilder as __DbConnectionBuilder",
            "convertToAccessorMap as __convertToAccessorMap",
            "makeQueryBuilder as __makeQueryBuilder",
            "type QueryBuilder as __QueryBuilder",
            "type EventContextInterface as __EventContextInterface",
            "type ReducerEventContextInterface as __ReducerEventContextInterface",
            "type SubscriptionEventContextInterface as __SubscriptionEventContextInterface",
            "type SubscriptionHandleImpl as __SubscriptionHandleImpl",
            "type ErrorContextInterface as __ErrorContextInterface",
            "type RemoteModule as __RemoteModule",
            "SubscriptionBuilderImpl as __SubscriptionBuilderImpl",
            "DbConnectionImpl as __DbConnectionImpl",
            "type Event as __Event",
            "schema as __schema",
            "table as __table",
            "type Infer as __Infer",
            "reducers as __reducers",
            "reducerSchema as __reducerSchema",
            "procedures as __procedures",
            "procedureSchema as __procedureSchema",
            "type DbConnectionConfig as __DbConnectionConfig",
            "t as __t");

    private static final List<String> TYPE_BUILDER_IMPORTS = sorted(
            "TypeBuilder as __TypeBuilder",
            "type AlgebraicTypeType as __AlgebraicTypeType",
            "type Infer as __Infer",
            "t as __t");

    private final ClientModule module;
    private final String importSuffix;
    private final String cliVersion;
    private final String cliCommit;

    private TypeScriptGenerator(ClientModule module, String importSuffix, String cliVersion, String cliCommit) {
        this.module = module;
        this.importSuffix = importSuffix;
        this.cliVersion = cliVersion;
        this.cliCommit = cliCommit;
    }

    /**
     * @param def the module's definition
     * @param importSuffix appended to every relative import ({@code ""} as SpacetimeDB writes them, {@code ".js"}
     *     for Node's ES modules)
     * @return the bindings: path relative to the output directory ({@code /} separated) to file text
     * @throws IllegalArgumentException if the definition cannot be described to a client
     */
    public static SortedMap<String, String> generate(V10.RawModuleDefV10 def, String importSuffix) {
        return generate(def, importSuffix, CLI_VERSION, CLI_COMMIT);
    }

    /**
     * @param def the module's definition
     * @param importSuffix appended to every relative import
     * @param cliVersion the CLI version the text names
     * @param cliCommit the CLI commit the text names
     * @return the bindings
     * @throws IllegalArgumentException if the definition cannot be described to a client
     */
    public static SortedMap<String, String> generate(V10.RawModuleDefV10 def, String importSuffix, String cliVersion,
                                                     String cliCommit) {
        return new TypeScriptGenerator(ClientModule.of(def), importSuffix, cliVersion, cliCommit).files();
    }

    private SortedMap<String, String> files() {
        SortedMap<String, String> out = new TreeMap<>();
        for (Table t : module.publicTables()) {
            out.put(tableModuleName(t.accessor()) + ".ts", tableFile(t));
        }
        for (Table v : module.views()) {
            out.put(tableModuleName(v.accessor()) + ".ts", tableFile(v));
        }
        for (Reducer r : module.publicReducers()) {
            out.put(reducerModuleName(r.accessor()) + ".ts", reducerFile(r));
        }
        for (Procedure p : module.publicProcedures()) {
            out.put(procedureModuleName(p.accessor()) + ".ts", procedureFile(p));
        }
        out.put("index.ts", indexFile());
        out.put("types/reducers.ts", reducersFile());
        out.put("types/procedures.ts", proceduresFile());
        out.put("types.ts", typesFile());
        return Collections.unmodifiableSortedMap(out);
    }

    private String rel(String path) {
        return path + importSuffix;
    }

    // ---- per-entity files

    private String tableFile(Table table) {
        Indenter out = new Indenter();
        fileHeader(out, false, true);
        List<Field> elements = module.rowElements(table.productRef());
        imports(out, elements.stream().map(Field::use).toList());
        out.line();
        out.line("export default __t.row({");
        out.indent();
        fields(out, elements, table.primaryKey(), true, table.columns().stream()
                .map(ClientModule.Column::name).toList());
        out.dedent();
        out.line("});");
        return out.toString();
    }

    private String reducerFile(Reducer reducer) {
        Indenter out = new Indenter();
        fileHeader(out, false, true);
        out.newline();
        imports(out, reducer.params().stream().map(Field::use).toList());
        out.write("export default {");
        if (reducer.params().isEmpty()) {
            out.line("};");
        } else {
            out.line();
            out.indent();
            fields(out, reducer.params(), Optional.empty(), true, null);
            out.dedent();
            out.line("};");
        }
        return out.toString();
    }

    private String procedureFile(Procedure procedure) {
        Indenter out = new Indenter();
        fileHeader(out, false, true);
        out.newline();
        List<Use> roots = new ArrayList<>(procedure.params().stream().map(Field::use).toList());
        roots.add(procedure.returnType());
        imports(out, roots);
        out.line("export const params = {");
        out.indent();
        fields(out, procedure.params(), Optional.empty(), true, null);
        out.dedent();
        out.line("};");
        out.write("export const returnType = ");
        out.write(typeBuilder(procedure.returnType()));
        return out.toString();
    }

    // ---- index.ts

    private String indexFile() {
        Indenter out = new Indenter();
        fileHeader(out, true, false);
        out.line();
        out.line("// Import all reducer arg schemas");
        for (Reducer r : module.publicReducers()) {
            if (r.lifecycle().isPresent()) {
                continue;
            }
            out.line("import " + reducerArgsTypeName(r.accessor()) + " from \"./"
                    + rel(reducerModuleName(r.accessor())) + "\";");
        }
        out.line();
        out.line("// Import all procedure arg schemas");
        for (Procedure p : module.publicProcedures()) {
            out.line("import * as " + procedureArgsTypeName(p.accessor()) + " from \"./"
                    + rel(procedureModuleName(p.accessor())) + "\";");
        }
        out.line();
        out.line("// Import all table schema definitions");
        List<Table> tablesAndViews = new ArrayList<>(module.publicTables());
        tablesAndViews.addAll(module.views());
        tablesAndViews.sort(java.util.Comparator.comparing(Table::accessor));
        for (Table t : tablesAndViews) {
            out.line("import " + Cases.pascal(t.accessor()) + "Row from \"./" + rel(tableModuleName(t.accessor()))
                    + "\";");
        }

        out.line();
        out.line("/** Type-only namespace exports for generated type groups. */");
        out.line();
        out.line("/** The schema information for all tables in this module. This is defined the same was as the "
                + "tables would have been defined in the server. */");
        out.line("const tablesSchema = __schema({");
        out.indent();
        List<String[]> aliases = new ArrayList<>();
        Set<String> accessors = new TreeSet<>();
        for (Table t : module.publicTables()) {
            tableEntry(out, t, aliases, accessors);
        }
        List<Table> views = new ArrayList<>(module.views());
        views.sort(java.util.Comparator.comparing(Table::name));
        for (Table v : views) {
            tableEntry(out, v, aliases, accessors);
        }
        out.dedent();
        out.line("});");

        out.line();
        out.line("/** The schema information for all reducers in this module. This is defined the same way as the "
                + "reducers would have been defined in the server, except the body of the reducer is omitted in "
                + "code generation. */");
        out.line("const reducersSchema = __reducers(");
        out.indent();
        for (Reducer r : module.publicReducers()) {
            if (r.lifecycle().isPresent()) {
                continue;
            }
            out.line("__reducerSchema(\"" + r.name() + "\", " + reducerArgsTypeName(r.accessor()) + "),");
        }
        out.dedent();
        out.line(");");

        out.line();
        out.line("/** The schema information for all procedures in this module. This is defined the same way as the "
                + "procedures would have been defined in the server. */");
        out.line("const proceduresSchema = __procedures(");
        out.indent();
        for (Procedure p : module.publicProcedures()) {
            String args = procedureArgsTypeName(p.accessor());
            out.line("__procedureSchema(\"" + p.name() + "\", " + args + ".params, " + args + ".returnType),");
        }
        out.dedent();
        out.line(");");

        aliases.removeIf(a -> accessors.contains(a[0]));
        boolean hasAliases = !aliases.isEmpty();
        if (hasAliases) {
            out.line();
            out.line("type __SchemaWithTableAccessorAliases = Omit<typeof tablesSchema.schemaType, \"tables\"> & {");
            out.indent();
            out.line("tables: typeof tablesSchema.schemaType.tables & {");
            out.indent();
            for (String[] a : aliases) {
                out.line(deprecated(a[1]));
                out.line("readonly " + literal(a[0]) + ": Omit<typeof tablesSchema.schemaType.tables["
                        + literal(a[1]) + "], \"accessorName\"> & { readonly accessorName: " + literal(a[0]) + " };");
            }
            out.dedent();
            out.line("};");
            out.dedent();
            out.line("};");
        }

        out.line();
        out.line("/** The remote SpacetimeDB module schema, both runtime and type information. */");
        out.line("const REMOTE_MODULE = {");
        out.indent();
        out.line("versionInfo: {");
        out.indent();
        out.line("cliVersion: \"" + cliVersion + "\" as const,");
        out.dedent();
        out.line("},");
        out.line(hasAliases ? "tables: tablesSchema.schemaType.tables as __SchemaWithTableAccessorAliases[\"tables\"],"
                : "tables: tablesSchema.schemaType.tables,");
        out.line("reducers: reducersSchema.reducersType.reducers,");
        out.line("...proceduresSchema,");
        out.dedent();
        out.line("} satisfies __RemoteModule<");
        out.indent();
        out.line(hasAliases ? "__SchemaWithTableAccessorAliases," : "typeof tablesSchema.schemaType,");
        out.line("typeof reducersSchema.reducersType,");
        out.line("typeof proceduresSchema");
        out.dedent();
        out.line(">;");
        out.dedent();

        if (hasAliases) {
            aliasHelpers(out, aliases);
        }

        out.line();
        out.line("/** The tables available in this remote SpacetimeDB module. Each table reference doubles as a query "
                + "builder. */");
        if (hasAliases) {
            out.line("const tablesBase: __TablesBase = __makeQueryBuilder(tablesSchema.schemaType);");
            out.line("export const tables: Tables = __withTableAccessorAliases(tablesBase, true) as Tables;");
        } else {
            out.line("export const tables: __QueryBuilder<typeof tablesSchema.schemaType> = "
                    + "__makeQueryBuilder(tablesSchema.schemaType);");
        }
        out.line();
        out.line("/** The reducers available in this remote SpacetimeDB module. */");
        out.line("export const reducers = __convertToAccessorMap(reducersSchema.reducersType.reducers);");
        out.line();
        out.line("/** The procedures available in this remote SpacetimeDB module. */");
        out.line("export const procedures = __convertToAccessorMap(proceduresSchema.procedures);");

        out.line();
        out.line("/** The context type returned in callbacks for all possible events. */");
        contextType(out, hasAliases, "EventContext", "__EventContextInterface");
        out.line("/** The context type returned in callbacks for reducer events. */");
        contextType(out, hasAliases, "ReducerEventContext", "__ReducerEventContextInterface");
        out.line("/** The context type returned in callbacks for subscription events. */");
        contextType(out, hasAliases, "SubscriptionEventContext", "__SubscriptionEventContextInterface");
        out.line("/** The context type returned in callbacks for error events. */");
        contextType(out, hasAliases, "ErrorContext", "__ErrorContextInterface");
        out.line("/** The subscription handle type to manage active subscriptions created from a {@link "
                + "SubscriptionBuilder}. */");
        out.line("export type SubscriptionHandle = __SubscriptionHandleImpl<typeof REMOTE_MODULE>;");

        out.line();
        out.line("/** Builder class to configure a new subscription to the remote SpacetimeDB instance. */");
        out.line("export class SubscriptionBuilder extends __SubscriptionBuilderImpl<typeof REMOTE_MODULE> {}");
        out.line();
        out.line("/** Builder class to configure a new database connection to the remote SpacetimeDB instance. */");
        out.line("export class DbConnectionBuilder extends __DbConnectionBuilder<DbConnection> {}");
        out.line();
        out.line("/** The typed database connection to manage connections to the remote SpacetimeDB instance. This "
                + "class has type information specific to the generated module. */");
        out.line("export class DbConnection extends __DbConnectionImpl<typeof REMOTE_MODULE> {");
        out.indent();
        if (hasAliases) {
            out.line("declare db: DbView;");
            out.line();
            out.line("constructor(config: __DbConnectionConfig<typeof REMOTE_MODULE>) {");
            out.indent();
            out.line("super(config);");
            out.line("this.db = __withTableAccessorAliases(this.db) as DbView;");
            out.dedent();
            out.line("}");
            out.line();
        }
        out.line("/** Creates a new {@link DbConnectionBuilder} to configure and connect to the remote SpacetimeDB "
                + "instance. */");
        out.line("static builder = (): DbConnectionBuilder => {");
        out.indent();
        out.line("return new DbConnectionBuilder(REMOTE_MODULE, (config: __DbConnectionConfig<typeof REMOTE_MODULE>) "
                + "=> new DbConnection(config));");
        out.dedent();
        out.line("};");
        out.line();
        out.line("/** Creates a new {@link SubscriptionBuilder} to configure a subscription to the remote SpacetimeDB "
                + "instance. */");
        out.line("override subscriptionBuilder = (): SubscriptionBuilder => {");
        out.indent();
        out.line("return new SubscriptionBuilder(this);");
        out.dedent();
        out.line("};");
        out.dedent();
        out.line("}");
        out.newline();
        return out.toString();
    }

    private void tableEntry(Indenter out, Table t, List<String[]> aliases, Set<String> accessors) {
        String accessor = Cases.camel(t.accessor());
        accessors.add(accessor);
        if (!t.accessor().equals(accessor)) {
            aliases.add(new String[] {t.accessor(), accessor});
        }
        out.line(accessor + ": __table({");
        out.indent();
        List<Field> elements = module.rowElements(t.productRef());
        out.line("name: '" + t.name() + "',");
        out.line("indexes: [");
        out.indent();
        List<Index> indexes = new ArrayList<>(t.indexes());
        indexes.sort(java.util.Comparator.comparing(Index::name));
        for (Index ix : indexes) {
            if (ix.accessor().isEmpty()) {
                continue; // generated by the system
            }
            out.line("{ accessor: '" + ix.accessor().get() + "', name: '" + ix.name()
                    + "', algorithm: 'btree', columns: [");
            out.indent();
            for (int c : ix.columns()) {
                out.line("'" + Cases.camel(elements.get(c).name()) + "',");
            }
            out.dedent();
            out.line("] },");
        }
        out.dedent();
        out.line("],");
        out.line("constraints: [");
        out.indent();
        List<Constraint> constraints = new ArrayList<>(t.constraints());
        constraints.sort(java.util.Comparator.comparing(Constraint::name));
        for (Constraint c : constraints) {
            List<String> cols = c.columns().stream().map(i -> "'" + Cases.camel(elements.get(i).name()) + "'")
                    .toList();
            out.line("{ name: '" + c.name() + "', constraint: 'unique', columns: [" + String.join(", ", cols)
                    + "] },");
        }
        out.dedent();
        out.line("],");
        if (t.isEvent()) {
            out.line("event: true,");
        }
        out.dedent();
        out.line("}, " + Cases.pascal(t.accessor()) + "Row),");
    }

    private static void aliasHelpers(Indenter out, List<String[]> aliases) {
        out.line();
        out.line("const tableAccessorAliases = {");
        out.indent();
        for (String[] a : aliases) {
            out.line(literal(a[0]) + ": " + literal(a[1]) + ",");
        }
        out.dedent();
        out.line("} as const;");

        out.line();
        out.line("function __withTableAccessorAliases<T extends object>(target: T, freeze = false): T {");
        out.indent();
        out.line("const out = Object.create(Object.getPrototypeOf(target)) as T & Record<string, unknown>;");
        out.line("Object.defineProperties(out, Object.getOwnPropertyDescriptors(target));");
        out.line("for (const [deprecatedAccessor, targetAccessor] of Object.entries(tableAccessorAliases)) {");
        out.indent();
        out.line("if (deprecatedAccessor in out) {");
        out.indent();
        out.line("continue;");
        out.dedent();
        out.line("}");
        out.line("Object.defineProperty(out, deprecatedAccessor, {");
        out.indent();
        out.line("enumerable: true,");
        out.line("configurable: false,");
        out.line("get: () => out[targetAccessor],");
        out.dedent();
        out.line("});");
        out.dedent();
        out.line("}");
        out.line("return freeze ? Object.freeze(out) : out;");
        out.dedent();
        out.line("}");

        out.line();
        out.line("type __DbViewBase = __DbConnectionImpl<typeof REMOTE_MODULE>[\"db\"];");
        out.line("export type DbView = __DbViewBase & {");
        out.indent();
        for (String[] a : aliases) {
            out.line(deprecated(a[1]));
            out.line("readonly " + literal(a[0]) + ": __DbViewBase[" + literal(a[1]) + "];");
        }
        out.dedent();
        out.line("};");

        out.line();
        out.line("type __TablesBase = __QueryBuilder<typeof tablesSchema.schemaType>;");
        out.line("export type Tables = __TablesBase & {");
        out.indent();
        for (String[] a : aliases) {
            out.line(deprecated(a[1]));
            out.line("readonly " + literal(a[0]) + ": __TablesBase[" + literal(a[1]) + "];");
        }
        out.dedent();
        out.line("};");
    }

    private static String deprecated(String target) {
        return "/** @deprecated Use `" + target + "` instead. This alias will be removed in the next major version. */";
    }

    private static void contextType(Indenter out, boolean hasAliases, String name, String base) {
        if (hasAliases) {
            out.line("export type " + name + " = Omit<" + base + "<typeof REMOTE_MODULE>, \"db\"> & { db: DbView };");
        } else {
            out.line("export type " + name + " = " + base + "<typeof REMOTE_MODULE>;");
        }
    }

    // ---- types files

    private String reducersFile() {
        Indenter out = new Indenter();
        generatedComment(out);
        lintSuppression(out);
        out.line("import { type Infer as __Infer } from \"spacetimedb\";");
        out.line();
        out.line("// Import all reducer arg schemas");
        for (Reducer r : module.publicReducers()) {
            out.line("import " + reducerArgsTypeName(r.accessor()) + " from \"../"
                    + rel(reducerModuleName(r.accessor())) + "\";");
        }
        out.line();
        for (Reducer r : module.publicReducers()) {
            out.line("export type " + Cases.pascal(r.accessor()) + "Params = __Infer<typeof "
                    + reducerArgsTypeName(r.accessor()) + ">;");
        }
        out.newline();
        return out.toString();
    }

    private String proceduresFile() {
        Indenter out = new Indenter();
        generatedComment(out);
        lintSuppression(out);
        out.line("import { type Infer as __Infer } from \"spacetimedb\";");
        out.line();
        out.line("// Import all procedure arg schemas");
        for (Procedure p : module.publicProcedures()) {
            out.line("import * as " + procedureArgsTypeName(p.accessor()) + " from \"../"
                    + rel(procedureModuleName(p.accessor())) + "\";");
        }
        out.line();
        for (Procedure p : module.publicProcedures()) {
            String pascal = Cases.pascal(p.accessor());
            String args = procedureArgsTypeName(p.accessor());
            out.line("export type " + pascal + "Args = __Infer<typeof " + args + ".params>;");
            out.line("export type " + pascal + "Result = __Infer<typeof " + args + ".returnType>;");
        }
        out.newline();
        return out.toString();
    }

    private String typesFile() {
        Indenter out = new Indenter();
        fileHeader(out, false, true);
        out.newline();
        Set<String> reducerTypeNames = new TreeSet<>();
        for (Reducer r : module.allReducers()) {
            reducerTypeNames.add(Cases.pascal(r.accessor()));
        }
        for (TypeDef ty : module.types()) {
            String name = module.typeRefName(ty.ref());
            if (reducerTypeNames.contains(name)) {
                continue;
            }
            if (ty.def() instanceof ProductDef p) {
                productBody(out, name, p.elements());
            } else if (ty.def() instanceof SumDef s) {
                sumBody(out, name, s.variants());
            } else {
                sumBody(out, name, ((PlainEnumDef) ty.def()).variants().stream()
                        .map(v -> new Field(v, new Unit())).toList());
            }
        }
        return out.toString();
    }

    private void productBody(Indenter out, String name, List<Field> elements) {
        out.write("export const " + name + " = __t.object(\"" + name + "\", {");
        if (elements.isEmpty()) {
            out.line("});");
        } else {
            out.line();
            out.indent();
            fields(out, elements, Optional.empty(), true, null);
            out.dedent();
            out.line("});");
        }
        out.line("export type " + name + " = __Infer<typeof " + name + ">;");
        out.newline();
    }

    private void sumBody(Indenter out, String name, List<Field> variants) {
        out.line("// The tagged union or sum type for the algebraic type `" + name + "`.");
        out.write("export const " + name);
        if (name.equals("AlgebraicType")) {
            out.write(": __TypeBuilder<__AlgebraicTypeType, __AlgebraicTypeType>");
        }
        out.line(" = __t.enum(\"" + name + "\", {");
        out.indent();
        fields(out, variants.stream().map(v -> new Field(Cases.pascal(v.name()), v.use())).toList(),
                Optional.empty(), false, null);
        out.dedent();
        out.line("});");
        out.line("export type " + name + " = __Infer<typeof " + name + ">;");
        out.newline();
    }

    // ---- shared pieces

    private static void generatedComment(Indenter out) {
        out.line("// THIS FILE IS AUTOMATICALLY GENERATED BY SPACETIMEDB. EDITS TO THIS FILE");
        out.line("// WILL NOT BE SAVED. MODIFY TABLES IN YOUR MODULE SOURCE CODE INSTEAD.");
        out.line("");
    }

    private static void lintSuppression(Indenter out) {
        out.line("/* eslint-disable */");
        out.line("/* tslint:disable */");
    }

    private void fileHeader(Indenter out, boolean includeVersion, boolean typeBuilderOnly) {
        generatedComment(out);
        if (includeVersion) {
            out.line("// This was generated using spacetimedb cli version " + cliVersion + " (commit " + cliCommit
                    + ").");
            out.line();
        }
        lintSuppression(out);
        out.line("import {");
        out.indent();
        for (String ty : typeBuilderOnly ? TYPE_BUILDER_IMPORTS : INDEX_IMPORTS) {
            out.line(ty + ",");
        }
        out.dedent();
        out.line("} from \"spacetimedb\";");
    }

    /** The named types the uses refer to, imported from {@code ./types}, in ref order. */
    private void imports(Indenter out, List<Use> roots) {
        TreeSet<Integer> refs = new TreeSet<>();
        for (Use u : roots) {
            collectRefs(u, refs);
        }
        if (refs.isEmpty()) {
            return;
        }
        out.line("import {");
        out.indent();
        for (int ref : refs) {
            out.line(module.typeRefName(ref) + ",");
        }
        out.dedent();
        out.line("} from \"" + rel("./types") + "\";");
        out.newline();
    }

    private static void collectRefs(Use u, Set<Integer> refs) {
        if (u instanceof RefU r) {
            refs.add(r.ref());
        } else if (u instanceof OptionU o) {
            collectRefs(o.some(), refs);
        } else if (u instanceof ArrayU a) {
            collectRefs(a.element(), refs);
        } else if (u instanceof ResultU r) {
            collectRefs(r.ok(), refs);
            collectRefs(r.err(), refs);
        }
    }

    private static boolean containsRef(Use u) {
        Set<Integer> refs = new TreeSet<>();
        collectRefs(u, refs);
        return !refs.isEmpty();
    }

    /**
     * Fields of an object type builder: {@code name: __t.x(),}, or a getter where the type refers to a named type
     * (so that a type defined later in the file is not read before it exists).
     *
     * @param canonical the columns' canonical names ({@code .name(...)} where it differs from the field's), or null
     */
    private void fields(Indenter out, List<Field> elements, Optional<Integer> primaryKey, boolean convertCase,
                        List<String> canonical) {
        for (int i = 0; i < elements.size(); i++) {
            Field f = elements.get(i);
            String name = convertCase ? Cases.camel(f.name()) : f.name();
            boolean isPk = primaryKey.isPresent() && primaryKey.get() == i;
            String original = null;
            if (canonical != null && i < canonical.size() && convertCase && !canonical.get(i).equals(name)) {
                original = canonical.get(i);
            }
            boolean getter = containsRef(f.use());
            if (getter) {
                out.line("get " + name + "() {");
                out.indent();
                out.write("return ");
            } else {
                out.write(name + ": ");
            }
            out.write(typeBuilder(f.use()));
            if (isPk) {
                out.write(".primaryKey()");
            }
            if (original != null) {
                out.write(".name(\"" + original + "\")");
            }
            if (getter) {
                out.line(";");
                out.dedent();
                out.line("},");
            } else {
                out.line(",");
            }
        }
    }

    private String typeBuilder(Use u) {
        if (u instanceof Unit) {
            return "__t.unit()";
        } else if (u instanceof ClientModule.Never) {
            return "__t.never()";
        } else if (u instanceof ClientModule.IdentityU) {
            return "__t.identity()";
        } else if (u instanceof ClientModule.ConnectionIdU) {
            return "__t.connectionId()";
        } else if (u instanceof ClientModule.TimestampU) {
            return "__t.timestamp()";
        } else if (u instanceof ClientModule.TimeDurationU) {
            return "__t.timeDuration()";
        } else if (u instanceof ClientModule.ScheduleAtU) {
            return "__t.scheduleAt()";
        } else if (u instanceof ClientModule.UuidU) {
            return "__t.uuid()";
        } else if (u instanceof OptionU o) {
            return "__t.option(" + typeBuilder(o.some()) + ")";
        } else if (u instanceof ResultU r) {
            return "__t.result(" + typeBuilder(r.ok()) + ", " + typeBuilder(r.err()) + ")";
        } else if (u instanceof Prim p) {
            return "__t." + p.name() + "()";
        } else if (u instanceof ClientModule.StringU) {
            return "__t.string()";
        } else if (u instanceof ArrayU a) {
            if (a.element() instanceof Prim p && p.name().equals("u8")) {
                return "__t.byteArray()";
            }
            return "__t.array(" + typeBuilder(a.element()) + ")";
        }
        return module.typeRefName(((RefU) u).ref());
    }

    private static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static List<String> sorted(String... names) {
        String[] copy = names.clone();
        Arrays.sort(copy);
        return List.of(copy);
    }

    private static String tableModuleName(String accessor) {
        return Cases.snake(accessor) + "_table";
    }

    private static String reducerModuleName(String accessor) {
        return Cases.snake(accessor) + "_reducer";
    }

    private static String procedureModuleName(String accessor) {
        return Cases.snake(accessor) + "_procedure";
    }

    private static String reducerArgsTypeName(String accessor) {
        return Cases.pascal(accessor) + "Reducer";
    }

    private static String procedureArgsTypeName(String accessor) {
        return Cases.pascal(accessor) + "Procedure";
    }
}
