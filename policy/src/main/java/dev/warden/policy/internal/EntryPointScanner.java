package dev.warden.policy.internal;

import dev.warden.policy.EntryPointKind;
import dev.warden.policy.KindResolver;
import dev.warden.policy.annotation.Init;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.OnDisconnect;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Finds a module's methods and reads their entry-point kind annotations. */
public final class EntryPointScanner {

    private EntryPointScanner() {}

    /**
     * Every method of the class and its supertypes, grouped by the real override relation: a group holds a method
     * and the supertype methods it overrides, most specific first. A private, static or (across packages)
     * package-private method overrides nothing; a generic supertype method is matched to its implementation
     * through the bridge the compiler generated for it, read from the class file.
     *
     * @param module the module class
     * @param files the class files, for bridges
     * @return the groups
     */
    public static List<List<Method>> methodGroups(Class<?> module, ClassFiles files) {
        List<List<Method>> groups = new ArrayList<>();
        Map<String, List<List<Method>>> bySignature = new HashMap<>();
        List<Method> bridges = new ArrayList<>();
        for (Class<?> c = module; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : declaredInOrder(c)) {
                if (m.isBridge()) {
                    bridges.add(m);
                } else if (!m.isSynthetic()) {
                    place(m, groups, bySignature, bridges, files);
                }
            }
        }
        for (Class<?> i : allInterfaces(module)) {
            for (Method m : declaredInOrder(i)) {
                int mod = m.getModifiers();
                if (!m.isSynthetic() && !m.isBridge() && !Modifier.isStatic(mod) && !Modifier.isPrivate(mod)) {
                    place(m, groups, bySignature, bridges, files);
                }
            }
        }
        return groups;
    }

    /**
     * A type's declared methods by name, then parameter types: {@code getDeclaredMethods} has no defined order
     * (HotSpot's changes with the names other classes loaded first), and the problems of a module that fails to
     * compile, the first of which heads the error, must come in the same order on every run.
     */
    private static Method[] declaredInOrder(Class<?> type) {
        Method[] methods = type.getDeclaredMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName)
                .thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        return methods;
    }

    private static void place(Method m, List<List<Method>> groups, Map<String, List<List<Method>>> bySignature,
                              List<Method> bridges, ClassFiles files) {
        List<Method> group = overridingGroup(signature(m), m, bySignature);
        for (int i = 0; group == null && i < bridges.size(); i++) {
            Method b = bridges.get(i);
            if (signature(b).equals(signature(m)) && m.getDeclaringClass().isAssignableFrom(b.getDeclaringClass())) {
                Method target = bridgeTarget(b, files);
                if (target != null) {
                    group = overridingGroup(signature(target), m, bySignature);
                }
            }
        }
        if (group == null) {
            group = new ArrayList<>();
            groups.add(group);
        }
        group.add(m);
        bySignature.computeIfAbsent(signature(m), k -> new ArrayList<>()).add(group);
    }

    /** The group whose most specific method overrides {@code m}, among those holding a method of this signature. */
    private static List<Method> overridingGroup(String signature, Method m, Map<String, List<List<Method>>> bySig) {
        for (List<Method> g : bySig.getOrDefault(signature, List.of())) {
            if (overrides(g.get(0), m)) {
                return g;
            }
        }
        return null;
    }

    /** Whether {@code sub} overrides {@code sup} (JLS 8.4.8.1), given that their signatures match. */
    private static boolean overrides(Method sub, Method sup) {
        int subMod = sub.getModifiers();
        int supMod = sup.getModifiers();
        if (sub == sup || Modifier.isPrivate(subMod) || Modifier.isStatic(subMod) || Modifier.isPrivate(supMod)
                || Modifier.isStatic(supMod)) {
            return false;
        }
        if (sup.getDeclaringClass().isInterface()) {
            // every interface here is one the module implements, so a public method the module has (declared or
            // inherited, even from a superclass that does not itself implement the interface) implements it
            return Modifier.isPublic(subMod);
        }
        if (!sup.getDeclaringClass().isAssignableFrom(sub.getDeclaringClass())) {
            return false;
        }
        return Modifier.isPublic(supMod) || Modifier.isProtected(supMod)
                || (sup.getDeclaringClass().getPackageName().equals(sub.getDeclaringClass().getPackageName())
                    && sup.getDeclaringClass().getClassLoader() == sub.getDeclaringClass().getClassLoader());
    }

    /** The method a bridge calls, as its bytecode says; null if the class file cannot tell. */
    private static Method bridgeTarget(Method bridge, ClassFiles files) {
        String descriptor = files.of(bridge.getDeclaringClass()).bridgeTargets().get(ClassFiles.key(bridge));
        if (descriptor == null) {
            return null;
        }
        for (Class<?> c = bridge.getDeclaringClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isBridge() && m.getName().equals(bridge.getName())
                        && (m.getName() + descriptor).equals(ClassFiles.key(m))) {
                    return m;
                }
            }
        }
        return null;
    }

    /**
     * @param c a class
     * @return every interface it and its superclasses implement, transitively, nearest first
     */
    public static List<Class<?>> allInterfaces(Class<?> c) {
        Set<Class<?>> out = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            todo.addAll(Arrays.asList(k.getInterfaces()));
        }
        while (!todo.isEmpty()) {
            Class<?> i = todo.poll();
            if (out.add(i)) {
                todo.addAll(Arrays.asList(i.getInterfaces()));
            }
        }
        return new ArrayList<>(out);
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    /**
     * @param decls one method's declarations, most specific first
     * @param resolvers the host's own kind resolvers, asked when no Warden kind annotation is present
     * @param problems where a method with two kinds is reported
     * @return its kind and name, if it is an entry point
     */
    public static Optional<KindResolver.Resolved> kindOf(List<Method> decls, List<KindResolver> resolvers,
                                                         List<String> problems) {
        List<String> where = new ArrayList<>();
        Set<KindResolver.Resolved> kinds = new LinkedHashSet<>();
        for (Method d : decls) {
            List<KindResolver.Resolved> found = new ArrayList<>();
            addKind(found, d, Reducer.class, EntryPointKind.REDUCER, Reducer::value);
            addKind(found, d, View.class, EntryPointKind.VIEW, View::value);
            addKind(found, d, Procedure.class, EntryPointKind.PROCEDURE, Procedure::value);
            addKind(found, d, Scheduled.class, EntryPointKind.SCHEDULED, Scheduled::value);
            addKind(found, d, OnConnect.class, EntryPointKind.ON_CONNECT, a -> "");
            addKind(found, d, OnDisconnect.class, EntryPointKind.ON_DISCONNECT, a -> "");
            addKind(found, d, Init.class, EntryPointKind.INIT, a -> "");
            if (found.isEmpty()) {
                for (KindResolver r : resolvers) {
                    r.resolve(d).ifPresent(found::add);
                }
            }
            if (found.size() > 1) {
                problems.add(where(d) + " has more than one entry-point kind");
                return Optional.empty();
            }
            if (found.size() == 1) {
                kinds.add(found.get(0));
                where.add(where(d) + " " + found.get(0).kind() + " " + found.get(0).name());
            }
        }
        if (kinds.size() > 1) {
            // a scheduled job redeclared as a reducer elsewhere would become client-callable: never pick one
            problems.add(where(decls.get(0)) + " is declared as different entry points: " + String.join(", ", where)
                    + "; give every declaration the same kind and name");
            return Optional.empty();
        }
        return kinds.stream().findFirst();
    }

    /**
     * The most specific declarations that carry something: any whose type is a supertype of another carrying
     * one's is dropped, as the subtype's declaration overrides it.
     *
     * @param decls one method's declarations
     * @param carried what a declaration carries, or null for nothing
     * @param <T> what is carried
     * @return the carrying declarations that no other carrying declaration overrides
     */
    public static <T> List<Method> mostSpecific(List<Method> decls, Function<Method, T> carried) {
        List<Method> carriers = new ArrayList<>();
        for (Method d : decls) {
            if (carried.apply(d) != null) {
                carriers.add(d);
            }
        }
        List<Method> out = new ArrayList<>();
        for (Method c : carriers) {
            boolean overridden = false;
            for (Method o : carriers) {
                Class<?> oc = o.getDeclaringClass();
                overridden |= o != c && oc != c.getDeclaringClass() && c.getDeclaringClass().isAssignableFrom(oc);
            }
            if (!overridden) {
                out.add(c);
            }
        }
        return out;
    }

    private static <A extends Annotation> void addKind(List<KindResolver.Resolved> out, Method m, Class<A> type,
                                                      EntryPointKind kind, Function<A, String> name) {
        A a = m.getAnnotation(type);
        if (a != null) {
            String n = name.apply(a);
            out.add(new KindResolver.Resolved(kind, n.isEmpty() ? m.getName() : n));
        }
    }

    /**
     * @param m a method
     * @return {@code Class.method}, as problems name it
     */
    public static String where(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName();
    }

    /**
     * A private lookup in a module class, which may live in another Java module (or the class path): Warden's
     * module first reads the target's, as {@code privateLookupIn} requires.
     *
     * @param target the class
     * @return a lookup with private access to it
     * @throws IllegalAccessException if the target's package is not open to Warden
     */
    public static MethodHandles.Lookup privateLookup(Class<?> target) throws IllegalAccessException {
        EntryPointScanner.class.getModule().addReads(target.getModule());
        return MethodHandles.privateLookupIn(target, MethodHandles.lookup());
    }
}
