package dev.warden.policy.internal;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.EntryPointKind;
import dev.warden.policy.RowPolicy;
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
import java.util.function.Function;
import java.util.stream.Stream;

/** Compiles {@link VisibleRows} into row filters, and applies them to a view's result. */
public final class RowFilters {

    /** A compiled row filter. */
    public interface RowFilter {
        /**
         * @param caller who reads
         * @param row one row
         * @return whether the caller may see it
         */
        boolean visible(CallerContext caller, Object row);

        /** @return the rule as written */
        String describe();
    }

    /**
     * A row policy as registered with the engine.
     *
     * @param type the rows it judges
     * @param policy the rule
     */
    public record Registered(Class<?> type, RowPolicy<Object> policy) {}

    private final Function<String, Registered> registry;
    private final List<String> problems;

    /**
     * @param registry the engine's row policies by name (null when unknown)
     * @param problems where compilation problems are collected
     */
    public RowFilters(Function<String, Registered> registry, List<String> problems) {
        this.registry = registry;
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
        if (vr.owner().isEmpty() == vr.policy().isEmpty()) {
            problems.add(where + ": @VisibleRows needs exactly one of owner = \"field\" or policy = \"name\"");
            return null;
        }
        Class<?> rowType = elementType(impl.getGenericReturnType());
        if (rowType == null) {
            problems.add(where + ": a filtered view must return a Collection, Iterable, Stream or array of rows, not "
                    + impl.getGenericReturnType().getTypeName());
            return null;
        }
        return vr.policy().isEmpty() ? byOwner(where, rowType, vr.owner()) : byPolicy(where, rowType, vr.policy());
    }

    private RowFilter byPolicy(String where, Class<?> rowType, String name) {
        Registered p = registry.apply(name);
        if (p == null) {
            problems.add(where + ": @VisibleRows(policy = \"" + name + "\") is not registered (PolicyEngine.Builder.rowPolicy)");
            return null;
        }
        if (!p.type().isAssignableFrom(rowType) && !rowType.isAssignableFrom(p.type())) {
            problems.add(where + ": row policy '" + name + "' judges " + p.type().getSimpleName()
                    + " rows but the view returns " + rowType.getSimpleName());
            return null;
        }
        return filter("@VisibleRows(policy = " + name + ")", (caller, row) -> p.type().isInstance(row)
                && p.policy().visible(caller, row));
    }

    private RowFilter byOwner(String where, Class<?> rowType, String field) {
        MethodHandle accessor = identityAccessor(rowType, field);
        if (accessor == null) {
            problems.add(where + ": @VisibleRows(owner = \"" + field + "\"): " + rowType.getSimpleName()
                    + " has no Identity-typed accessor or field named " + field);
            return null;
        }
        return filter("@VisibleRows(owner = " + field + ")", (caller, row) -> {
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

    private static RowFilter filter(String describe, RowPolicy<Object> test) {
        return new RowFilter() {
            @Override
            public boolean visible(CallerContext caller, Object row) {
                return test.visible(caller, row);
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
     * @param result what the view returned: an Iterable, a Stream, an array, a single row or null
     * @return the visible rows, unmodifiable; a filter that throws hides the row
     */
    public static List<Object> apply(RowFilter filter, CallerContext caller, Object result) {
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
        List<Object> out = new ArrayList<>();
        while (it.hasNext()) {
            Object row = it.next();
            if (filter == null || (row != null && visible(filter, caller, row))) {
                out.add(row);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean visible(RowFilter f, CallerContext caller, Object row) {
        try {
            return f.visible(caller, row);
        } catch (RuntimeException e) {
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

    private static MethodHandle identityAccessor(Class<?> type, String name) {
        String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String n : new String[] {name, getter}) {
            try {
                Method m = type.getMethod(n);
                if (m.getReturnType() == Identity.class) {
                    return MethodHandles.publicLookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
                }
            } catch (NoSuchMethodException | IllegalAccessException e) {
                // try the next form
            }
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (f.getType() == Identity.class) {
                    return EntryPointScanner.privateLookup(c).unreflectGetter(f)
                            .asType(MethodType.methodType(Object.class, Object.class));
                }
            } catch (NoSuchFieldException | IllegalAccessException e) {
                // keep looking up the hierarchy
            }
        }
        return null;
    }
}
