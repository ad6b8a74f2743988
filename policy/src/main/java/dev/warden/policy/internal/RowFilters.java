package dev.warden.policy.internal;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.ModuleRowPolicy;
import dev.warden.policy.annotation.VisibleRows;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Compiles {@link VisibleRows} into row filters, and applies them to a view's result. */
public final class RowFilters {

    /** A compiled row filter. */
    public interface RowFilter {
        /**
         * @param caller who reads
         * @param module the module instance the view ran on, or null
         * @return which of this call's rows the caller may see (module state is read once, here)
         */
        Predicate<Object> rowsFor(CallerContext caller, Object module);

        /** @return the rule as written */
        String describe();
    }

    /**
     * A row policy as registered with the engine.
     *
     * @param moduleType the modules whose views it may filter, or null if it ignores the module
     * @param type the rows it judges
     * @param policy the rule
     */
    public record Registered(Class<?> moduleType, Class<?> type, ModuleRowPolicy<Object, Object> policy) {}

    private static final String ONE_FORM = "@VisibleRows needs exactly one of owner = \"field\", policy = \"name\" "
            + "or field = \"field\" with matches = \"method\"";

    private final Class<?> module;
    private final Function<String, Registered> registry;
    private final Set<String> registered;
    private final List<String> problems;

    /**
     * @param module the module class being compiled
     * @param registry the engine's row policies by name (null when unknown)
     * @param registered their names, for a "did you mean" on an unknown one
     * @param problems where compilation problems are collected
     */
    public RowFilters(Class<?> module, Function<String, Registered> registry, Set<String> registered,
                      List<String> problems) {
        this.module = module;
        this.registry = registry;
        this.registered = registered;
        this.problems = problems;
    }

    /**
     * @param decls the entry point's declarations, most specific first
     * @param kind its kind
     * @param impl the implementation
     * @return the filter, or null for none (or when a problem was recorded)
     */
    public RowFilter compile(List<Method> decls, EntryPointKind kind, Method impl) {
        VisibleRows vr = null;
        for (Method d : decls) {
            vr = vr != null ? vr : d.getAnnotation(VisibleRows.class);
        }
        if (vr == null) {
            return null;
        }
        String where = EntryPointScanner.where(impl);
        if (kind != EntryPointKind.VIEW) {
            problems.add(where + ": row filters apply to views only");
            return null;
        }
        boolean matching = !vr.field().isEmpty() || !vr.matches().isEmpty();
        int forms = (vr.owner().isEmpty() ? 0 : 1) + (vr.policy().isEmpty() ? 0 : 1) + (matching ? 1 : 0);
        if (forms != 1 || matching && (vr.field().isEmpty() || vr.matches().isEmpty())) {
            problems.add(where + ": " + ONE_FORM);
            return null;
        }
        Class<?> rowType = elementType(impl.getGenericReturnType());
        if (rowType == null) {
            problems.add(where + ": a filtered view must return a Collection, Iterable, Stream or array of rows, not "
                    + impl.getGenericReturnType().getTypeName());
            return null;
        }
        if (matching) {
            return MatchingRows.compile(where + ": @VisibleRows(field = \"" + vr.field() + "\", matches = \""
                    + vr.matches() + "\")", module, rowType, vr.field(), vr.matches(), problems);
        }
        return vr.policy().isEmpty() ? byOwner(where, rowType, vr.owner()) : byPolicy(where, rowType, vr.policy());
    }

    /**
     * A table's compiled rule.
     *
     * @param filter the row filter, or null when every row is shown
     * @param owner a row's owner, for an {@code owner} rule; else null
     */
    public record TableFilter(RowFilter filter, java.util.function.Function<Object, Identity> owner) {}

    /**
     * Compiles the {@link VisibleRows} on a table's row record, if any.
     *
     * @param table the table
     * @return its rule, or null when a problem was recorded
     */
    public TableFilter compileTable(dev.warden.db.TableSchema table) {
        Class<?> rowType = table.rowType();
        VisibleRows vr = rowType.getAnnotation(VisibleRows.class);
        if (vr == null) {
            return new TableFilter(null, null);
        }
        String where = "table " + table.name() + " (" + rowType.getSimpleName() + ")";
        if (!table.isPublic()) {
            problems.add(where + " is PRIVATE, so its rows are never sent and its @VisibleRows has no effect: make"
                    + " the table PUBLIC or remove the rule");
            return null;
        }
        boolean matching = !vr.field().isEmpty() || !vr.matches().isEmpty();
        int forms = (vr.owner().isEmpty() ? 0 : 1) + (vr.policy().isEmpty() ? 0 : 1) + (matching ? 1 : 0);
        if (forms != 1 || matching && (vr.field().isEmpty() || vr.matches().isEmpty())) {
            problems.add(where + ": " + ONE_FORM);
            return null;
        }
        if (matching) {
            RowFilter f = MatchingRows.compile(where + ": @VisibleRows(field = \"" + vr.field() + "\", matches = \""
                    + vr.matches() + "\")", module, rowType, vr.field(), vr.matches(), problems);
            return f == null ? null : new TableFilter(f, null);
        }
        if (!vr.policy().isEmpty()) {
            RowFilter f = byPolicy(where, rowType, vr.policy());
            return f == null ? null : new TableFilter(f, null);
        }
        RowFilter f = byOwner(where, rowType, vr.owner());
        if (f == null) {
            return null;
        }
        MethodHandle accessor = accessor(rowType, vr.owner(), t -> t == Identity.class).handle();
        return new TableFilter(f, row -> {
            try {
                return (Identity) accessor.invoke(row);
            } catch (Throwable t) {
                return null;
            }
        });
    }

    private RowFilter byPolicy(String where, Class<?> rowType, String name) {
        Registered p = registry.apply(name);
        if (p == null) {
            String near = RoleNames.nearest(name, registered);
            problems.add(where + ": @VisibleRows(policy = \"" + name + "\") is not registered"
                    + (near == null ? "" : " (did you mean '" + near + "'?)")
                    + (registered.isEmpty() ? "; no row policy is registered"
                            : "; registered row policies: " + new java.util.TreeSet<>(registered))
                    + " (PolicyEngine.Builder.rowPolicy)");
            return null;
        }
        if (!p.type().isAssignableFrom(rowType) && !rowType.isAssignableFrom(p.type())) {
            problems.add(where + ": row policy '" + name + "' judges " + p.type().getSimpleName()
                    + " rows but the view returns " + rowType.getSimpleName());
            return null;
        }
        if (p.moduleType() != null && !p.moduleType().isAssignableFrom(module)) {
            problems.add(where + ": row policy '" + name + "' reads a " + p.moduleType().getSimpleName()
                    + " module, but this module is a " + module.getSimpleName());
            return null;
        }
        boolean needsModule = p.moduleType() != null;
        return filter("@VisibleRows(policy = " + name + ")", (caller, instance) -> needsModule && instance == null
                ? row -> false : row -> p.type().isInstance(row) && p.policy().visible(caller, instance, row));
    }

    private RowFilter byOwner(String where, Class<?> rowType, String field) {
        Accessor found = accessor(rowType, field, t -> t == Identity.class);
        if (found == null) {
            problems.add(where + ": @VisibleRows(owner = \"" + field + "\"): " + rowType.getSimpleName()
                    + " has no Identity-typed accessor or field named " + field);
            return null;
        }
        MethodHandle accessor = found.handle();
        return filter("@VisibleRows(owner = " + field + ")", (caller, instance) -> row -> {
            if (!rowType.isInstance(row)) {
                return false;
            }
            try {
                return caller.sender().equals((Identity) accessor.invoke(row));
            } catch (Throwable t) {
                return false;
            }
        });
    }

    /** How a filter's per-call test is made. */
    interface PerCall {
        Predicate<Object> rowsFor(CallerContext caller, Object module);
    }

    static RowFilter filter(String describe, PerCall test) {
        return new RowFilter() {
            @Override
            public Predicate<Object> rowsFor(CallerContext caller, Object module) {
                return test.rowsFor(caller, module);
            }

            @Override
            public String describe() {
                return describe;
            }
        };
    }

    /**
     * @param filter the view's filter, or null for none
     * @param caller who reads
     * @param module the module instance the view ran on, or null
     * @param result what the view returned: an Iterable, a Stream, an array, a single row or null
     * @return the visible rows, unmodifiable; a filter that throws hides the row (all rows, if it throws
     *     before looking at any)
     */
    public static List<Object> apply(RowFilter filter, CallerContext caller, Object module, Object result) {
        if (result == null) {
            return List.of();
        }
        Iterator<?> it;
        if (result instanceof Iterable) {
            it = ((Iterable<?>) result).iterator();
        } else if (result instanceof Stream) {
            it = ((Stream<?>) result).iterator();
        } else if (result.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(result); i++) {
                list.add(Array.get(result, i));
            }
            it = list.iterator();
        } else {
            it = List.of(result).iterator();
        }
        Predicate<Object> visible = null;
        if (filter != null) {
            try {
                visible = filter.rowsFor(caller, module);
            } catch (Throwable t) {   // a failing filter shows nothing, whatever it threw
                return List.of();
            }
            if (visible == null) {   // fail closed: only "no filter" shows every row, never a missing predicate
                return List.of();
            }
        }
        List<Object> out = new ArrayList<>();
        while (it.hasNext()) {
            Object row = it.next();
            if (filter == null || (row != null && visible(visible, row))) {
                out.add(row);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean visible(Predicate<Object> visible, Object row) {
        try {
            return visible.test(row);
        } catch (Throwable t) {
            return false;
        }
    }

    private static Class<?> elementType(Type t) {
        if (t instanceof Class && ((Class<?>) t).isArray()) {
            return ((Class<?>) t).getComponentType();
        }
        if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            Type raw = p.getRawType();
            if (raw instanceof Class && (Iterable.class.isAssignableFrom((Class<?>) raw)
                    || Stream.class.isAssignableFrom((Class<?>) raw)) && p.getActualTypeArguments().length == 1) {
                Type arg = p.getActualTypeArguments()[0];
                if (arg instanceof Class) {
                    return (Class<?>) arg;
                }
                if (arg instanceof ParameterizedType && ((ParameterizedType) arg).getRawType() instanceof Class) {
                    return (Class<?>) ((ParameterizedType) arg).getRawType();
                }
            }
        }
        return null;
    }

    /**
     * A row's accessor or field.
     *
     * @param handle reads it, as {@code (Object)Object}
     * @param type its declared type
     */
    record Accessor(MethodHandle handle, Class<?> type) {}

    /**
     * @param type the row type
     * @param name the accessor ({@code name()} or {@code getName()}) or field name
     * @param typeOk which value types are acceptable
     * @return the accessor, or null if the row has none of an acceptable type
     */
    static Accessor accessor(Class<?> type, String name, Predicate<Class<?>> typeOk) {
        MethodType generic = MethodType.methodType(Object.class, Object.class);
        String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String n : new String[] {name, getter}) {
            try {
                Method m = type.getMethod(n);
                if (m.getReturnType() != void.class && typeOk.test(m.getReturnType())) {
                    return new Accessor(MethodHandles.publicLookup().unreflect(m).asType(generic), m.getReturnType());
                }
            } catch (NoSuchMethodException | IllegalAccessException e) {
                // try the next form
            }
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (typeOk.test(f.getType())) {
                    return new Accessor(EntryPointScanner.privateLookup(c).unreflectGetter(f).asType(generic),
                            f.getType());
                }
            } catch (NoSuchFieldException | IllegalAccessException e) {
                // keep looking up the hierarchy
            }
        }
        return null;
    }
}
