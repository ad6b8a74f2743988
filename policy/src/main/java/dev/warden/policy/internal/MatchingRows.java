package dev.warden.policy.internal;

import dev.warden.claims.CallerContext;
import dev.warden.core.Identity;
import dev.warden.policy.ViewContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compiles {@code @VisibleRows(field = "guildId", matches = "guildOf")}: a row is visible when its field equals
 * what the module's method {@code guildOf(CallerContext)}, {@code guildOf(Identity)} or {@code guildOf(ViewContext)}
 * (which reads the module's tables) returns for the caller, asked once per view call. Checked at startup: the field
 * exists, the method exists (in one of the forms, not several) and returns a type whose values can equal the
 * field's.
 */
final class MatchingRows {

    private MatchingRows() {}

    /**
     * @param where the annotation, for problems
     * @param module the module class
     * @param rowType the view's row type
     * @param field the row's accessor or field
     * @param matches the module's method
     * @param problems where compilation problems are collected
     * @return the filter, or null with a problem recorded
     */
    static RowFilters.RowFilter compile(String where, Class<?> module, Class<?> rowType, String field, String matches,
                                        List<String> problems) {
        RowFilters.Accessor accessor = RowFilters.accessor(rowType, field, t -> true);
        if (accessor == null) {
            problems.add(where + ": " + rowType.getSimpleName() + " has no accessor or field named " + field);
            return null;
        }
        Method byCaller = find(module, matches, CallerContext.class);
        Method byIdentity = find(module, matches, Identity.class);
        Method byContext = find(module, matches, ViewContext.class);
        List<String> forms = new ArrayList<>();
        for (Method f : new Method[] {byCaller, byIdentity, byContext}) {
            if (f != null) {
                forms.add(matches + "(" + f.getParameterTypes()[0].getSimpleName() + ")");
            }
        }
        if (forms.isEmpty()) {
            problems.add(where + ": " + module.getSimpleName() + " has no method " + matches + "(CallerContext), "
                    + matches + "(Identity) or " + matches + "(ViewContext)");
            return null;
        }
        if (forms.size() > 1) {
            problems.add(where + ": " + module.getSimpleName() + " has " + (forms.size() == 2 ? "both " : "")
                    + String.join(forms.size() == 2 ? " and " : ", ", forms.subList(0, forms.size() - 1))
                    + " and " + forms.get(forms.size() - 1) + ": keep one");
            return null;
        }
        Method m = byCaller != null ? byCaller : byIdentity != null ? byIdentity : byContext;
        String method = module.getSimpleName() + "." + matches;
        if (m.getReturnType() == void.class) {
            problems.add(where + ": " + method + " returns void");
            return null;
        }
        if (disjoint(box(m.getReturnType()), box(accessor.type()))) {
            problems.add(where + ": " + method + " returns " + m.getReturnType().getSimpleName() + " but "
                    + rowType.getSimpleName() + "." + field + " is " + accessor.type().getSimpleName()
                    + ", so they can never be equal");
            return null;
        }
        MethodHandle lookup;
        try {
            lookup = EntryPointScanner.privateLookup(m.getDeclaringClass()).unreflect(m);
        } catch (IllegalAccessException e) {
            problems.add(where + ": " + method + " cannot be invoked: " + e.getMessage());
            return null;
        }
        boolean isStatic = Modifier.isStatic(m.getModifiers());
        MethodHandle expected = (isStatic ? MethodHandles.dropArguments(lookup, 0, Object.class) : lookup)
                .asType(MethodType.methodType(Object.class, Object.class, Object.class));
        boolean withCaller = byCaller != null;
        boolean withContext = byContext != null;
        MethodHandle value = accessor.handle();
        return RowFilters.filter("@VisibleRows(field = " + field + ", matches = " + matches + ")",
                (caller, instance) -> {
                    // a ViewContext exists only inside a call through Warden: elsewhere this throws, hiding the rows
                    Object want = !isStatic && instance == null ? null
                            : invoke(expected, instance, withContext ? CallScope.context(ViewContext.class, caller,
                                    method) : withCaller ? caller : caller.sender());
                    return want == null ? row -> false : row -> rowType.isInstance(row)
                            && Objects.equals(want, invoke(value, row));
                });
    }

    /** The most specific method of that name taking exactly one {@code parameter}, of any visibility. */
    private static Method find(Class<?> module, String name, Class<?> parameter) {
        for (Class<?> c = module; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, parameter);
            } catch (NoSuchMethodException e) {
                // keep looking up the hierarchy
            }
        }
        try {
            return module.getMethod(name, parameter);   // an interface's default method
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Whether no value of one type can ever equal one of the other. */
    private static boolean disjoint(Class<?> a, Class<?> b) {
        if (a.isAssignableFrom(b) || b.isAssignableFrom(a)) {
            return false;
        }
        return !a.isInterface() && !b.isInterface() || Modifier.isFinal(a.getModifiers())
                || Modifier.isFinal(b.getModifiers());
    }

    private static Class<?> box(Class<?> t) {
        return t.isPrimitive() ? MethodType.methodType(t).wrap().returnType() : t;
    }

    private static Object invoke(MethodHandle h, Object a) {
        try {
            return h.invoke(a);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static Object invoke(MethodHandle h, Object a, Object b) {
        try {
            return h.invoke(a, b);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A throw of the module's code, as it was if unchecked; RowFilters hides the rows whatever it is. */
    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error) {
            throw (Error) t;
        }
        return t instanceof RuntimeException ? (RuntimeException) t : new IllegalStateException(t);
    }
}
