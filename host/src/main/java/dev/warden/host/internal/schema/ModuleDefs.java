package dev.warden.host.internal.schema;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.db.ColumnSchema;
import dev.warden.db.IndexSchema;
import dev.warden.db.IndexType;
import dev.warden.db.TableSchema;
import dev.warden.host.Unsigned;
import dev.warden.host.internal.schema.Sats.AlgebraicType;
import dev.warden.host.internal.schema.Sats.ProductType;
import dev.warden.host.internal.schema.Sats.ProductTypeElement;
import dev.warden.host.internal.schema.Sats.SumType;
import dev.warden.host.internal.schema.Sats.SumTypeVariant;
import dev.warden.host.internal.schema.Sats.Typespace;
import dev.warden.policy.AnonymousViewContext;
import dev.warden.policy.EntryPoint;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.GuardedModule;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Java module's {@code RawModuleDef}, derived from its tables ({@code Schema}) and entry points, laid out as
 * SpacetimeDB's TypeScript module library ({@code spacetimedb/server} 2.10.1) lays out the definition of the same
 * module:
 * <ul>
 *   <li>the typespace holds each table's row type first (tables in declaration order), then each function's
 *       parameters as a product, functions sorted by name (the order of an ES module's exports); a record, an enum
 *       or a sealed interface is a named type (a {@code Ref}), registered where first met (its slot taken before
 *       its fields are resolved, its name recorded after);</li>
 *   <li>names: a table's source name is its {@code @Table} name in camelCase ({@code account_change} ->
 *       {@code accountChange}, the accessor the TypeScript library and the generated bindings use), mapped to the
 *       {@code @Table} name as canonical name in {@code ExplicitNames}; a table's row type is named by the table
 *       name in PascalCase ({@code accounts} -> {@code Accounts}); other records, enums and sealed interfaces by
 *       their simple name; an enum constant in UPPER_SNAKE_CASE becomes a PascalCase variant ({@code CREDIT} ->
 *       {@code Credit}); columns and parameters keep the Java names (record components; parameters need
 *       {@code -parameters}, else they are {@code arg0}, ...); a function's parameter type is named by its name
 *       in PascalCase; an index is {@code <accessor>_<columns>_idx_<btree|hash>}, its accessor the column's name
 *       (or the {@code @Index} name);</li>
 *   <li>Java types: {@code boolean}, {@code byte}/{@code short}/{@code int}/{@code long} ({@code i8..i64}, or
 *       {@code u8..u64} under {@link Unsigned}), {@code BigInteger} ({@code i128}/{@code u128}), {@code float},
 *       {@code double}, {@code String}, {@code byte[]} (an array of u8), {@code Identity}, {@code ConnectionId},
 *       {@code Instant} (Timestamp) and {@code Duration} (TimeDuration) as SpacetimeDB's special products,
 *       {@code Optional<T>} as the option sum, {@code List<T>} as an array.</li>
 * </ul>
 */
public final class ModuleDefs {

    /** A function of the module, as the definition lists it. */
    private record Function(EntryPoint entryPoint, ProductType params, int paramsRef) {}

    private final List<AlgebraicType> types = new ArrayList<>();
    private final List<V10.RawTypeDefV10> typeDefs = new ArrayList<>();
    private final Map<Class<?>, Integer> refs = new HashMap<>();
    private final Map<Class<?>, String> tableTypeNames = new HashMap<>();
    private final Map<Class<?>, TableSchema> tablesByRow = new HashMap<>();
    private final List<TableSchema> tables;
    private final List<Function> functions = new ArrayList<>();
    private final Map<Integer, Integer> tableRefs = new HashMap<>();

    private ModuleDefs(GuardedModule<?> module) {
        this.tables = module.schema().tables();
        for (TableSchema t : tables) {
            tableTypeNames.put(t.rowType(), pascal(t.name()));
            tablesByRow.put(t.rowType(), t);
        }
        for (int i = 0; i < tables.size(); i++) {
            tableRefs.put(i, resolve(tables.get(i).rowType(), null, tables.get(i).name()));
        }
        List<EntryPoint> eps = new ArrayList<>(module.entryPoints());
        eps.sort(Comparator.comparing(EntryPoint::name));
        for (EntryPoint ep : eps) {
            List<ProductTypeElement> params = new ArrayList<>();
            for (Parameter p : ep.method().getParameters()) {
                if (EntryPoint.isInjected(p.getType())) {
                    continue;
                }
                params.add(new ProductTypeElement(Optional.of(p.getName()),
                        type(p.getParameterizedType(), p.getAnnotatedType(), ep.name() + "." + p.getName())));
            }
            ProductType product = new ProductType(List.copyOf(params));
            int ref = reserve();
            types.set(ref, new Sats.Product(product));
            typeDefs.add(typeDef(pascal(ep.name()), ref));
            functions.add(new Function(ep, product, ref));
        }
    }

    /**
     * @param module a compiled module
     * @return its definition, version 10
     * @throws IllegalArgumentException if a column, parameter or result has a type SpacetimeDB cannot describe
     */
    public static V10.RawModuleDefV10 v10(GuardedModule<?> module) {
        return new ModuleDefs(module).toV10();
    }

    /**
     * @param module a compiled module
     * @return its definition, version 9
     * @throws IllegalArgumentException if a column, parameter or result has a type SpacetimeDB cannot describe
     */
    public static V9.RawModuleDefV9 v9(GuardedModule<?> module) {
        return new ModuleDefs(module).toV9();
    }

    /**
     * A Java type as SpacetimeDB describes it, with the typespace its {@link Sats.Ref}s index: the same mapping a
     * module's definition uses, for a value the host writes or reads as SpacetimeDB's JSON.
     *
     * @param type the type
     * @param typespace the records, enums and sealed interfaces it names, indexed by its refs
     */
    public record Described(AlgebraicType type, Typespace typespace) {}

    /** A derivation of types alone, outside a module. */
    private ModuleDefs() {
        this.tables = List.of();
    }

    /**
     * @param type a Java type ({@code void} is the unit type)
     * @param annotated the same type with its type annotations ({@link Unsigned}), or null
     * @return its SpacetimeDB type
     * @throws IllegalArgumentException if it has none
     */
    public static Described describe(Type type, AnnotatedType annotated) {
        if (type == void.class || type == Void.class) {
            return new Described(Sats.UNIT, new Typespace(List.of()));
        }
        ModuleDefs d = new ModuleDefs();
        AlgebraicType t = d.type(type, annotated, type.getTypeName());
        return new Described(t, new Typespace(List.copyOf(d.types)));
    }

    private V10.RawModuleDefV10 toV10() {
        List<V10.RawTableDefV10> tableDefs = new ArrayList<>();
        List<V10.ExplicitNameEntry> names = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            TableSchema t = tables.get(i);
            String accessor = camel(t.name());
            tableDefs.add(new V10.RawTableDefV10(accessor, tableRefs.get(i), primaryKey(t),
                    indexes(t, accessor).stream().map(ix -> new V10.RawIndexDefV10(ix.name(), ix.accessorName(),
                            ix.algorithm())).toList(),
                    constraints(t, Optional.empty()).stream().map(c -> new V10.RawConstraintDefV10(c.name(),
                            c.data())).toList(), sequences(t).stream().map(c -> new V10.RawSequenceDefV10(
                            Optional.empty(), c, Optional.empty(), Optional.empty(), Optional.empty(),
                            BigInteger.ONE)).toList(),
                    V9.TableType.User, access(t), List.of(), false));
            names.add(new V10.Table(new V10.NameMapping(accessor, t.name())));
        }
        List<V10.RawReducerDefV10> reducers = new ArrayList<>();
        List<V10.RawProcedureDefV10> procedures = new ArrayList<>();
        List<V10.RawViewDefV10> views = new ArrayList<>();
        List<V10.RawViewPrimaryKeyDefV10> viewKeys = new ArrayList<>();
        List<V10.RawLifeCycleReducerDefV10> lifecycle = new ArrayList<>();
        for (Function f : functions) {
            EntryPoint ep = f.entryPoint();
            switch (ep.kind()) {
                case VIEW -> {
                    views.add(new V10.RawViewDefV10(ep.name(), views.size(), true, anonymous(ep), f.params(),
                            result(ep)));
                    viewKey(ep).ifPresent(k -> viewKeys.add(new V10.RawViewPrimaryKeyDefV10(ep.name(), k)));
                    names.add(new V10.Function(new V10.NameMapping(ep.name(), ep.name())));
                }
                case PROCEDURE -> procedures.add(new V10.RawProcedureDefV10(ep.name(), f.params(), result(ep),
                        V10.FunctionVisibility.ClientCallable));
                default -> {
                    reducers.add(new V10.RawReducerDefV10(ep.name(), f.params(),
                            ep.kind() == EntryPointKind.SCHEDULED ? V10.FunctionVisibility.Private
                                    : V10.FunctionVisibility.ClientCallable, Sats.UNIT, new Sats.String_()));
                    lifecycle(ep.kind()).ifPresent(l -> lifecycle.add(new V10.RawLifeCycleReducerDefV10(l,
                            ep.name())));
                }
            }
        }
        return new V10.RawModuleDefV10(List.of(
                new V10.Typespace_(new Typespace(List.copyOf(types))),
                new V10.Types(List.copyOf(typeDefs)),
                new V10.Tables(tableDefs),
                new V10.Reducers(reducers),
                new V10.Procedures(procedures),
                new V10.Views(views),
                new V10.ViewPrimaryKeys(viewKeys),
                new V10.Schedules(List.of()),
                new V10.LifeCycleReducers(lifecycle),
                new V10.HttpHandlers(List.of()),
                new V10.HttpRoutes(List.of()),
                new V10.RowLevelSecurity(List.of()),
                new V10.ExplicitNames_(new V10.ExplicitNames(names)),
                new V10.CaseConversionPolicy_(V10.CaseConversionPolicy.SnakeCase),
                new V10.Submodules(List.of())));
    }

    private V9.RawModuleDefV9 toV9() {
        List<V9.RawTableDefV9> tableDefs = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            TableSchema t = tables.get(i);
            tableDefs.add(new V9.RawTableDefV9(t.name(), tableRefs.get(i), primaryKey(t), indexes(t, t.name()),
                    constraints(t, Optional.of(t.name())), sequences(t).stream().map(c -> new V9.RawSequenceDefV9(
                            Optional.of(t.name() + "_" + t.columns().get(c).name() + "_seq"), c, Optional.empty(),
                            Optional.empty(), Optional.empty(), BigInteger.ONE)).toList(),
                    Optional.empty(), V9.TableType.User, access(t)));
        }
        List<V9.RawReducerDefV9> reducers = new ArrayList<>();
        List<V9.RawMiscModuleExportV9> misc = new ArrayList<>();
        int viewIndex = 0;
        for (Function f : functions) {
            EntryPoint ep = f.entryPoint();
            switch (ep.kind()) {
                case VIEW -> misc.add(new V9.View(new V9.RawViewDefV9(ep.name(), viewIndex++, true, anonymous(ep),
                        f.params(), result(ep))));
                case PROCEDURE -> misc.add(new V9.Procedure(new V9.RawProcedureDefV9(ep.name(), f.params(),
                        result(ep))));
                default -> reducers.add(new V9.RawReducerDefV9(ep.name(), f.params(), lifecycle(ep.kind())));
            }
        }
        List<V9.RawTypeDefV9> named = typeDefs.stream().map(d -> new V9.RawTypeDefV9(
                new V9.RawScopedTypeNameV9(d.sourceName().scope(), d.sourceName().sourceName()), d.ty(),
                d.customOrdering())).toList();
        return new V9.RawModuleDefV9(new Typespace(List.copyOf(types)), tableDefs, reducers, named, misc, List.of());
    }

    private static List<Short> primaryKey(TableSchema t) {
        return t.primaryKey().map(c -> List.of((short) c.position())).orElse(List.of());
    }

    private static V9.TableAccess access(TableSchema t) {
        return t.isPublic() ? V9.TableAccess.Public : V9.TableAccess.Private;
    }

    /** The table's indexes: single-column ones in column order, then the declared multi-column ones. */
    private static List<V9.RawIndexDefV9> indexes(TableSchema t, String prefix) {
        List<IndexSchema> ordered = new ArrayList<>();
        for (ColumnSchema c : t.columns()) {
            for (IndexSchema ix : t.indexes()) {
                if (ix.columns().size() == 1 && ix.columns().get(0).equals(c) && isColumnIndex(t, ix)) {
                    ordered.add(ix);
                }
            }
        }
        t.indexes().stream().filter(ix -> !ordered.contains(ix)).forEach(ordered::add);
        List<V9.RawIndexDefV9> out = new ArrayList<>();
        for (IndexSchema ix : ordered) {
            List<Short> cols = ix.columns().stream().map(c -> (short) c.position()).toList();
            String colNames = String.join("_", ix.columns().stream().map(ColumnSchema::name).toList());
            String kind = ix.type() == IndexType.HASH ? "hash" : "btree";
            String accessor = isColumnIndex(t, ix) ? ix.columns().get(0).name() : ix.name();
            out.add(new V9.RawIndexDefV9(Optional.of(prefix + "_" + colNames + "_idx_" + kind),
                    Optional.of(accessor), ix.type() == IndexType.HASH ? new V9.Hash(cols) : new V9.BTree(cols)));
        }
        return out;
    }

    /** Whether the index is a column's own ({@code @Indexed}, a key, a unique column), not an {@code @Index}. */
    private static boolean isColumnIndex(TableSchema t, IndexSchema ix) {
        return ix.columns().size() == 1 && ix.name().equals(t.name() + "_" + ix.columns().get(0).name() + "_idx_"
                + ix.type().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static List<V9.RawConstraintDefV9> constraints(TableSchema t, Optional<String> prefix) {
        List<V9.RawConstraintDefV9> out = new ArrayList<>();
        for (ColumnSchema c : t.columns()) {
            boolean unique = t.indexes().stream().anyMatch(ix -> ix.unique() && ix.columns().equals(List.of(c)));
            if (unique) {
                out.add(new V9.RawConstraintDefV9(prefix.map(p -> p + "_" + c.name() + "_key"),
                        new V9.Unique(new V9.RawUniqueConstraintDataV9(List.of((short) c.position())))));
            }
        }
        return out;
    }

    private static List<Short> sequences(TableSchema t) {
        return t.columns().stream().filter(ColumnSchema::autoInc).map(c -> (short) c.position()).toList();
    }

    private static Optional<V9.Lifecycle> lifecycle(EntryPointKind kind) {
        return switch (kind) {
            case INIT -> Optional.of(V9.Lifecycle.Init);
            case ON_CONNECT -> Optional.of(V9.Lifecycle.OnConnect);
            case ON_DISCONNECT -> Optional.of(V9.Lifecycle.OnDisconnect);
            default -> Optional.empty();
        };
    }

    private static boolean anonymous(EntryPoint ep) {
        boolean anonymous = false;
        for (Class<?> p : ep.method().getParameterTypes()) {
            if (p == AnonymousViewContext.class) {
                anonymous = true;
            } else if (EntryPoint.isInjected(p)) {
                return false;
            }
        }
        return anonymous;
    }

    private AlgebraicType result(EntryPoint ep) {
        Type t = ep.method().getGenericReturnType();
        if (t == void.class || t == Void.class) {
            return Sats.UNIT;
        }
        return type(t, ep.method().getAnnotatedReturnType(), ep.name() + " result");
    }

    /** A view's key: the primary key of the table whose rows it returns. */
    private Optional<List<String>> viewKey(EntryPoint ep) {
        if (ep.method().getGenericReturnType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> row && tablesByRow.containsKey(row)) {
            return tablesByRow.get(row).primaryKey().map(c -> List.of(c.name()));
        }
        return Optional.empty();
    }

    private int reserve() {
        types.add(null);
        return types.size() - 1;
    }

    private static V10.RawTypeDefV10 typeDef(String name, int ref) {
        return new V10.RawTypeDefV10(new V10.RawScopedTypeNameV10(List.of(), name), ref, true);
    }

    private AlgebraicType type(Type type, AnnotatedType annotated, String where) {
        boolean unsigned = annotated != null && annotated.isAnnotationPresent(Unsigned.class);
        if (type instanceof Class<?> c) {
            AlgebraicType scalar = scalar(c, unsigned);
            if (scalar != null) {
                return scalar;
            }
            if (c.isRecord() || c.isEnum() || c.isSealed()) {
                return new Sats.Ref(resolve(c, null, where));
            }
        }
        if (type instanceof ParameterizedType p && (p.getRawType() == List.class || p.getRawType() == Optional.class)) {
            AnnotatedType element = annotated instanceof AnnotatedParameterizedType ap
                    ? ap.getAnnotatedActualTypeArguments()[0] : null;
            AlgebraicType inner = type(p.getActualTypeArguments()[0], element, where);
            return p.getRawType() == List.class ? new Sats.Array(inner) : Sats.option(inner);
        }
        throw new IllegalArgumentException(where + ": " + type.getTypeName() + " has no SpacetimeDB type");
    }

    private static AlgebraicType scalar(Class<?> c, boolean unsigned) {
        if (c == boolean.class || c == Boolean.class) {
            return new Sats.Bool();
        } else if (c == byte.class || c == Byte.class) {
            return unsigned ? new Sats.U8() : new Sats.I8();
        } else if (c == short.class || c == Short.class) {
            return unsigned ? new Sats.U16() : new Sats.I16();
        } else if (c == int.class || c == Integer.class) {
            return unsigned ? new Sats.U32() : new Sats.I32();
        } else if (c == long.class || c == Long.class) {
            return unsigned ? new Sats.U64() : new Sats.I64();
        } else if (c == BigInteger.class) {
            return unsigned ? new Sats.U128() : new Sats.I128();
        } else if (c == float.class || c == Float.class) {
            return new Sats.F32();
        } else if (c == double.class || c == Double.class) {
            return new Sats.F64();
        } else if (c == String.class) {
            return new Sats.String_();
        } else if (c == byte[].class) {
            return new Sats.Array(new Sats.U8());
        } else if (c == Identity.class) {
            return Sats.special("__identity__", new Sats.U256());
        } else if (c == ConnectionId.class) {
            return Sats.special("__connection_id__", new Sats.U128());
        } else if (c == Instant.class) {
            return Sats.special("__timestamp_micros_since_unix_epoch__", new Sats.I64());
        } else if (c == Duration.class) {
            return Sats.special("__time_duration_micros__", new Sats.I64());
        }
        return null;
    }

    /** A record, enum or sealed interface as a named type: its ref, registered on first use. */
    private int resolve(Class<?> c, AnnotatedType annotated, String where) {
        Integer known = refs.get(c);
        if (known != null) {
            return known;
        }
        int ref = reserve();
        refs.put(c, ref);
        AlgebraicType t;
        if (c.isRecord()) {
            List<ProductTypeElement> elements = new ArrayList<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                elements.add(new ProductTypeElement(Optional.of(rc.getName()),
                        type(rc.getGenericType(), rc.getAnnotatedType(), c.getSimpleName() + "." + rc.getName())));
            }
            t = new Sats.Product(new ProductType(List.copyOf(elements)));
        } else if (c.isEnum()) {
            List<SumTypeVariant> variants = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                variants.add(new SumTypeVariant(Optional.of(variantName(((Enum<?>) constant).name())), Sats.UNIT));
            }
            t = new Sats.Sum(new SumType(List.copyOf(variants)));
        } else if (c.isSealed() && c.isInterface()) {
            List<SumTypeVariant> variants = new ArrayList<>();
            for (Class<?> v : c.getPermittedSubclasses()) {
                AlgebraicType payload = v.isRecord() && v.getRecordComponents().length == 0 ? Sats.UNIT
                        : type(v, null, c.getSimpleName() + " variant " + v.getSimpleName());
                variants.add(new SumTypeVariant(Optional.of(v.getSimpleName()), payload));
            }
            t = new Sats.Sum(new SumType(List.copyOf(variants)));
        } else {
            throw new IllegalArgumentException(where + ": " + c.getName() + " has no SpacetimeDB type");
        }
        types.set(ref, t);
        typeDefs.add(typeDef(tableTypeNames.getOrDefault(c, c.getSimpleName()), ref));
        return ref;
    }

    /** {@code CREDIT} -> {@code Credit}, {@code IN_PROGRESS} -> {@code InProgress}; a mixed-case name is kept. */
    static String variantName(String constant) {
        if (!constant.equals(constant.toUpperCase(java.util.Locale.ROOT))) {
            return constant;
        }
        return pascal(constant.toLowerCase(java.util.Locale.ROOT));
    }

    /** Words split at underscores and lower-to-upper case changes. */
    private static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '_') {
                if (w.length() > 0) {
                    out.add(w.toString());
                }
                w.setLength(0);
            } else {
                if (Character.isUpperCase(ch) && w.length() > 0 && !Character.isUpperCase(w.charAt(w.length() - 1))) {
                    out.add(w.toString());
                    w.setLength(0);
                }
                w.append(ch);
            }
        }
        if (w.length() > 0) {
            out.add(w.toString());
        }
        return out;
    }

    /** {@code set_name} -> {@code SetName}, {@code onConnect} -> {@code OnConnect}. */
    static String pascal(String name) {
        StringBuilder b = new StringBuilder();
        for (String w : words(name)) {
            b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }

    /** {@code account_change} -> {@code accountChange}. */
    static String camel(String name) {
        String p = pascal(name);
        return p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }
}
