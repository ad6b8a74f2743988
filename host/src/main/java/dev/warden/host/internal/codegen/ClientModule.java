package dev.warden.host.internal.codegen;

import dev.warden.host.internal.schema.Sats;
import dev.warden.host.internal.schema.Sats.AlgebraicType;
import dev.warden.host.internal.schema.Sats.ProductType;
import dev.warden.host.internal.schema.Sats.ProductTypeElement;
import dev.warden.host.internal.schema.Sats.SumTypeVariant;
import dev.warden.host.internal.schema.V10;
import dev.warden.host.internal.schema.V9;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a client code generator reads of a {@code RawModuleDefV10}: the names SpacetimeDB's validation
 * (crates/schema, {@code validate/v10.rs}) gives every table, column, index, constraint and function, and each type
 * as a client sees it (crates/schema {@code type_for_generate.rs}). Validation is re-done only as far as names and
 * shapes go, from the definition's own sections:
 * <ul>
 *   <li>a table's or function's canonical name is its {@code ExplicitNames} entry, else its source name under the
 *       case-conversion policy (snake_case by default); its accessor name is its source name;</li>
 *   <li>a column's canonical name is its row type's element name under the policy; index names
 *       ({@code <table>_<columns>_idx_<algorithm>}, unless given in {@code ExplicitNames}) and unique constraint
 *       names ({@code <table>_<columns>_key}, whatever the definition says) are built from canonical names;</li>
 *   <li>lifecycle reducers and the functions a schedule runs are private;</li>
 *   <li>a view's primary key is the one {@code ViewPrimaryKeys} names.</li>
 * </ul>
 * A definition SpacetimeDB would refuse (a dangling reference, an inline product or sum where a client needs a
 * named type) is an {@link IllegalArgumentException}; submodules are not supported.
 */
final class ClientModule {

    /** A type as a client uses it ({@code AlgebraicTypeUse}). */
    sealed interface Use permits Unit, Never, IdentityU, ConnectionIdU, TimestampU, TimeDurationU, UuidU, ScheduleAtU,
            OptionU, ResultU, Prim, StringU, ArrayU, RefU {}

    record Unit() implements Use {}

    record Never() implements Use {}

    record IdentityU() implements Use {}

    record ConnectionIdU() implements Use {}

    record TimestampU() implements Use {}

    record TimeDurationU() implements Use {}

    record UuidU() implements Use {}

    record ScheduleAtU() implements Use {}

    record OptionU(Use some) implements Use {}

    record ResultU(Use ok, Use err) implements Use {}

    /** @param name the primitive's lower-case name ({@code bool}, {@code u64}, {@code f32}, ...) */
    record Prim(String name) implements Use {}

    record StringU() implements Use {}

    record ArrayU(Use element) implements Use {}

    record RefU(int ref) implements Use {}

    /** A named element of a product or variant of a sum, with its source name. */
    record Field(String name, Use use) {}

    /** A named type's definition as a client sees it. */
    sealed interface Def permits ProductDef, SumDef, PlainEnumDef {}

    record ProductDef(List<Field> elements) implements Def {}

    record SumDef(List<Field> variants) implements Def {}

    record PlainEnumDef(List<String> variants) implements Def {}

    /** A named type: its scoped source name, its ref and its definition. */
    record TypeDef(List<String> scope, String name, int ref, Def def) {}

    /** @param name canonical */
    record Column(String accessor, String name) {}

    record Index(String name, Optional<String> accessor, List<Integer> columns) {}

    record Constraint(String name, List<Integer> columns) {}

    /** A table, or a view seen as one (no indexes or constraints). */
    record Table(String name, String accessor, int productRef, Optional<Integer> primaryKey, List<Column> columns,
                 List<Index> indexes, List<Constraint> constraints, boolean isPublic, boolean isEvent) {}

    record Reducer(String name, String accessor, List<Field> params, Optional<V9.Lifecycle> lifecycle,
                   boolean isPrivate) {}

    record Procedure(String name, String accessor, List<Field> params, Use returnType, boolean isPrivate) {}

    private final List<AlgebraicType> typespace;
    private final Map<Integer, TypeDef> typeDefs = new HashMap<>();
    private final List<TypeDef> typeDefList = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<Table> views = new ArrayList<>();
    private final List<Reducer> reducers = new ArrayList<>();
    private final List<Procedure> procedures = new ArrayList<>();
    private final boolean snakeCase;
    private final Map<String, String> tableNames = new HashMap<>();
    private final Map<String, String> functionNames = new HashMap<>();
    private final Map<String, String> indexNames = new HashMap<>();

    private ClientModule(V10.RawModuleDefV10 def) {
        List<AlgebraicType> ts = List.of();
        List<V10.RawTypeDefV10> types = List.of();
        List<V10.RawTableDefV10> rawTables = List.of();
        List<V10.RawReducerDefV10> rawReducers = List.of();
        List<V10.RawProcedureDefV10> rawProcedures = List.of();
        List<V10.RawViewDefV10> rawViews = List.of();
        List<V10.RawScheduleDefV10> schedules = List.of();
        List<V10.RawLifeCycleReducerDefV10> lifecycles = List.of();
        List<V10.RawViewPrimaryKeyDefV10> viewKeys = List.of();
        boolean snake = true;
        for (V10.Section s : def.sections()) {
            if (s instanceof V10.Typespace_ t) {
                ts = t.typespace().types();
            } else if (s instanceof V10.Types t) {
                types = t.types();
            } else if (s instanceof V10.Tables t) {
                rawTables = t.tables();
            } else if (s instanceof V10.Reducers r) {
                rawReducers = r.reducers();
            } else if (s instanceof V10.Procedures p) {
                rawProcedures = p.procedures();
            } else if (s instanceof V10.Views v) {
                rawViews = v.views();
            } else if (s instanceof V10.Schedules sc) {
                schedules = sc.schedules();
            } else if (s instanceof V10.LifeCycleReducers l) {
                lifecycles = l.reducers();
            } else if (s instanceof V10.ViewPrimaryKeys k) {
                viewKeys = k.keys();
            } else if (s instanceof V10.CaseConversionPolicy_ c) {
                snake = c.policy() == V10.CaseConversionPolicy.SnakeCase;
            } else if (s instanceof V10.ExplicitNames_ e) {
                for (V10.ExplicitNameEntry entry : e.names().entries()) {
                    if (entry instanceof V10.Table t) {
                        tableNames.put(t.mapping().sourceName(), t.mapping().canonicalName());
                    } else if (entry instanceof V10.Function f) {
                        functionNames.put(f.mapping().sourceName(), f.mapping().canonicalName());
                    } else if (entry instanceof V10.Index i) {
                        indexNames.put(i.mapping().sourceName(), i.mapping().canonicalName());
                    }
                }
            } else if (s instanceof V10.Submodules sm && !sm.submodules().isEmpty()) {
                throw new IllegalArgumentException("the module has submodules, which the TypeScript bindings "
                        + "generator does not support");
            }
        }
        this.typespace = ts;
        this.snakeCase = snake;
        Set<Integer> isDef = new HashSet<>();
        for (V10.RawTypeDefV10 t : types) {
            isDef.add(t.ty());
        }
        for (V10.RawTypeDefV10 t : types) {
            TypeDef td = new TypeDef(t.sourceName().scope(), t.sourceName().sourceName(), t.ty(),
                    definition(t.ty(), isDef));
            typeDefs.put(t.ty(), td);
            typeDefList.add(td);
        }
        Set<String> scheduled = new HashSet<>();
        for (V10.RawScheduleDefV10 s : schedules) {
            scheduled.add(s.functionName());
        }
        for (V10.RawTableDefV10 t : rawTables) {
            tables.add(table(t, isDef));
        }
        for (V10.RawViewDefV10 v : rawViews) {
            views.add(view(v, viewKeys, isDef));
        }
        for (V10.RawReducerDefV10 r : rawReducers) {
            String name = function(r.sourceName());
            Optional<V9.Lifecycle> lifecycle = lifecycles.stream()
                    .filter(l -> l.functionName().equals(r.sourceName()) || l.functionName().equals(name))
                    .map(V10.RawLifeCycleReducerDefV10::lifecycleSpec).findFirst();
            boolean isPrivate = r.visibility() == V10.FunctionVisibility.Private || lifecycle.isPresent()
                    || scheduled.contains(r.sourceName()) || scheduled.contains(name);
            reducers.add(new Reducer(name, r.sourceName(), fields(r.params(), isDef), lifecycle, isPrivate));
        }
        for (V10.RawProcedureDefV10 p : rawProcedures) {
            String name = function(p.sourceName());
            boolean isPrivate = p.visibility() == V10.FunctionVisibility.Private
                    || scheduled.contains(p.sourceName()) || scheduled.contains(name);
            procedures.add(new Procedure(name, p.sourceName(), fields(p.params(), isDef),
                    use(p.returnType(), isDef), isPrivate));
        }
    }

    /**
     * @param def a module definition
     * @return what a client code generator reads of it
     * @throws IllegalArgumentException if SpacetimeDB would refuse it for client code generation
     */
    static ClientModule of(V10.RawModuleDefV10 def) {
        return new ClientModule(def);
    }

    private String caseConvert(String raw) {
        return snakeCase ? Cases.snake(raw) : raw;
    }

    private String function(String source) {
        return functionNames.getOrDefault(source, caseConvert(source));
    }

    private ProductType product(int ref, String what) {
        if (ref < 0 || ref >= typespace.size() || !(typespace.get(ref) instanceof Sats.Product p)) {
            throw new IllegalArgumentException(what + ": type ref " + ref + " is not a product in the typespace");
        }
        return p.type();
    }

    private Table table(V10.RawTableDefV10 t, Set<Integer> isDef) {
        String name = tableNames.getOrDefault(t.sourceName(), caseConvert(t.sourceName()));
        ProductType row = product(t.productTypeRef(), "table " + t.sourceName());
        List<Column> columns = columns(row, "table " + t.sourceName());
        List<Index> indexes = new ArrayList<>();
        for (V10.RawIndexDefV10 ix : t.indexes()) {
            List<Integer> cols;
            String label;
            if (ix.algorithm() instanceof V9.BTree b) {
                cols = b.columns().stream().map(Short::intValue).toList();
                label = "btree";
            } else if (ix.algorithm() instanceof V9.Hash h) {
                cols = h.columns().stream().map(Short::intValue).toList();
                label = "hash";
            } else {
                cols = List.of((int) ((V9.Direct) ix.algorithm()).column());
                label = "direct";
            }
            String indexName = ix.sourceName().filter(indexNames::containsKey).map(indexNames::get)
                    .orElseGet(() -> name + "_" + joined(columns, cols, t.sourceName()) + "_idx_" + label);
            indexes.add(new Index(indexName, ix.accessorName(), cols));
        }
        List<Constraint> constraints = new ArrayList<>();
        for (V10.RawConstraintDefV10 c : t.constraints()) {
            if (c.data() instanceof V9.Unique u) {
                List<Integer> cols = new ArrayList<>(new TreeSet<>(u.data().columns().stream()
                        .map(Short::intValue).toList()));
                constraints.add(new Constraint(name + "_" + joined(columns, cols, t.sourceName()) + "_key",
                        List.copyOf(cols)));
            }
        }
        Optional<Integer> pk = t.primaryKey().isEmpty() ? Optional.empty()
                : Optional.of((int) t.primaryKey().get(0));
        return new Table(name, t.sourceName(), t.productTypeRef(), pk, columns, List.copyOf(indexes),
                List.copyOf(constraints), t.tableAccess() == V9.TableAccess.Public, t.isEvent());
    }

    private static String joined(List<Column> columns, List<Integer> cols, String table) {
        List<String> names = new ArrayList<>();
        for (int c : cols) {
            if (c < 0 || c >= columns.size()) {
                throw new IllegalArgumentException("table " + table + ": column " + c + " does not exist");
            }
            names.add(columns.get(c).name());
        }
        return String.join("_", names);
    }

    private List<Column> columns(ProductType row, String what) {
        List<Column> out = new ArrayList<>();
        for (ProductTypeElement e : row.elements()) {
            String accessor = e.name().orElseThrow(() -> new IllegalArgumentException(what + " has an unnamed column"));
            out.add(new Column(accessor, caseConvert(accessor)));
        }
        return List.copyOf(out);
    }

    private Table view(V10.RawViewDefV10 v, List<V10.RawViewPrimaryKeyDefV10> keys, Set<Integer> isDef) {
        AlgebraicType rt = v.returnType();
        Integer ref = null;
        if (optionOf(rt) instanceof Sats.Ref r) {
            ref = r.ref();
        } else if (rt instanceof Sats.Array a && a.element() instanceof Sats.Ref r) {
            ref = r.ref();
        } else if (rt instanceof Sats.Product p && p.type().elements().size() == 1
                && p.type().elements().get(0).name().equals(Optional.of("__query__"))
                && p.type().elements().get(0).algebraicType() instanceof Sats.Ref r) {
            ref = r.ref();
        }
        if (ref == null) {
            throw new IllegalArgumentException("view " + v.sourceName() + ": its return type is not an option or "
                    + "array of a product type ref");
        }
        List<Column> columns = columns(product(ref, "view " + v.sourceName()), "view " + v.sourceName());
        Optional<Integer> pk = Optional.empty();
        for (V10.RawViewPrimaryKeyDefV10 k : keys) {
            if (k.viewSourceName().equals(v.sourceName()) && k.columns().size() == 1) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).accessor().equals(k.columns().get(0))) {
                        pk = Optional.of(i);
                    }
                }
            }
        }
        return new Table(function(v.sourceName()), v.sourceName(), ref, pk, columns, List.of(), List.of(),
                v.isPublic(), false);
    }

    private List<Field> fields(ProductType params, Set<Integer> isDef) {
        List<Field> out = new ArrayList<>();
        int i = 0;
        for (ProductTypeElement e : params.elements()) {
            out.add(new Field(e.name().orElse("arg" + i), use(e.algebraicType(), isDef)));
            i++;
        }
        return List.copyOf(out);
    }

    private Def definition(int ref, Set<Integer> isDef) {
        if (ref < 0 || ref >= typespace.size()) {
            throw new IllegalArgumentException("type ref " + ref + " is not in the typespace");
        }
        AlgebraicType t = typespace.get(ref);
        if (t instanceof Sats.Product p) {
            List<Field> elements = new ArrayList<>();
            for (ProductTypeElement e : p.type().elements()) {
                elements.add(new Field(e.name().orElseThrow(() -> new IllegalArgumentException(
                        "type ref " + ref + " has an unnamed element")), use(e.algebraicType(), isDef)));
            }
            return new ProductDef(List.copyOf(elements));
        }
        if (t instanceof Sats.Sum s) {
            List<Field> variants = new ArrayList<>();
            for (SumTypeVariant v : s.type().variants()) {
                variants.add(new Field(v.name().orElseThrow(() -> new IllegalArgumentException(
                        "type ref " + ref + " has an unnamed variant")), use(v.algebraicType(), isDef)));
            }
            if (variants.stream().allMatch(v -> v.use() instanceof Unit)) {
                return new PlainEnumDef(variants.stream().map(Field::name).toList());
            }
            return new SumDef(List.copyOf(variants));
        }
        throw new IllegalArgumentException("type ref " + ref + " is neither a product nor a sum");
    }

    private Use use(AlgebraicType t, Set<Integer> isDef) {
        String special = specialName(t);
        if ("__connection_id__".equals(special)) {
            return new ConnectionIdU();
        } else if ("__identity__".equals(special)) {
            return new IdentityU();
        } else if ("__timestamp_micros_since_unix_epoch__".equals(special)) {
            return new TimestampU();
        } else if ("__time_duration_micros__".equals(special)) {
            return new TimeDurationU();
        } else if ("__uuid__".equals(special)) {
            return new UuidU();
        }
        if (t instanceof Sats.Product p && p.type().elements().isEmpty()) {
            return new Unit();
        }
        if (t instanceof Sats.Sum s && s.type().variants().isEmpty()) {
            return new Never();
        }
        AlgebraicType some = optionOf(t);
        if (some != null) {
            return new OptionU(use(some, isDef));
        }
        if (t instanceof Sats.Sum s && s.type().variants().size() == 2
                && s.type().variants().get(0).name().equals(Optional.of("ok"))
                && s.type().variants().get(1).name().equals(Optional.of("err"))) {
            return new ResultU(use(s.type().variants().get(0).algebraicType(), isDef),
                    use(s.type().variants().get(1).algebraicType(), isDef));
        }
        if (t instanceof Sats.Sum s && s.type().variants().size() == 2
                && s.type().variants().get(0).name().equals(Optional.of("Interval"))
                && s.type().variants().get(1).name().equals(Optional.of("Time"))) {
            return new ScheduleAtU();
        }
        if (t instanceof Sats.Ref r) {
            if (isDef.contains(r.ref())) {
                return new RefU(r.ref());
            }
            if (r.ref() < 0 || r.ref() >= typespace.size()) {
                throw new IllegalArgumentException("type ref " + r.ref() + " is not in the typespace");
            }
            return use(typespace.get(r.ref()), isDef);
        }
        if (t instanceof Sats.Array a) {
            return new ArrayU(use(a.element(), isDef));
        }
        if (t instanceof Sats.String_) {
            return new StringU();
        }
        if (t instanceof Sats.Bool) {
            return new Prim("bool");
        }
        if (t instanceof Sats.Product) {
            throw new IllegalArgumentException("an inline product type is not valid for client code generation: "
                    + "give it a name");
        }
        if (t instanceof Sats.Sum) {
            throw new IllegalArgumentException("an inline sum type is not valid for client code generation: give "
                    + "it a name");
        }
        // I8 .. F64: the record's simple name, lower-cased
        return new Prim(t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
    }

    /** The name of a special product's one element ({@code __identity__}, ...), or null. */
    private static String specialName(AlgebraicType t) {
        if (t instanceof Sats.Product p && p.type().elements().size() == 1) {
            return p.type().elements().get(0).name().filter(n -> n.startsWith("__") && n.endsWith("__"))
                    .orElse(null);
        }
        return null;
    }

    /** The payload type of {@code some(T) | none}, or null if the type is not an option. */
    private static AlgebraicType optionOf(AlgebraicType t) {
        if (t instanceof Sats.Sum s && s.type().variants().size() == 2
                && s.type().variants().get(0).name().equals(Optional.of("some"))
                && s.type().variants().get(1).name().equals(Optional.of("none"))
                && s.type().variants().get(1).algebraicType() instanceof Sats.Product p
                && p.type().elements().isEmpty()) {
            return s.type().variants().get(0).algebraicType();
        }
        return null;
    }

    /** @return the named type of a ref, as the bindings name it: its scope and name segments in PascalCase */
    String typeRefName(int ref) {
        TypeDef td = typeDefs.get(ref);
        if (td == null) {
            throw new IllegalArgumentException("type ref " + ref + " has no name");
        }
        StringBuilder b = new StringBuilder();
        for (String s : td.scope()) {
            b.append(Cases.pascal(s));
        }
        return b.append(Cases.pascal(td.name())).toString();
    }

    /** @return the named types, sorted by scoped name */
    List<TypeDef> types() {
        List<TypeDef> sorted = new ArrayList<>(typeDefList);
        sorted.sort(Comparator.comparing((TypeDef t) -> String.join("\u0000", t.scope()))
                .thenComparing(TypeDef::name));
        return sorted;
    }

    /** @param ref a table's or view's row type @return its definition's elements */
    List<Field> rowElements(int ref) {
        TypeDef td = typeDefs.get(ref);
        if (td != null && td.def() instanceof ProductDef p) {
            return p.elements();
        }
        throw new IllegalArgumentException("type ref " + ref + " is not a named product type");
    }

    /** @return the public tables, sorted by canonical name */
    List<Table> publicTables() {
        return tables.stream().filter(Table::isPublic).sorted(Comparator.comparing(Table::name)).toList();
    }

    /** @return the views in definition order */
    List<Table> views() {
        return List.copyOf(views);
    }

    /** @return every reducer in definition order */
    List<Reducer> allReducers() {
        return List.copyOf(reducers);
    }

    /** @return the public reducers, but {@code init}, in definition order */
    List<Reducer> publicReducers() {
        return reducers.stream().filter(r -> r.lifecycle().filter(l -> l == V9.Lifecycle.Init).isEmpty())
                .filter(r -> !r.isPrivate()).toList();
    }

    /** @return the public procedures, sorted by canonical name */
    List<Procedure> publicProcedures() {
        return procedures.stream().filter(p -> !p.isPrivate()).sorted(Comparator.comparing(Procedure::name))
                .toList();
    }
}
