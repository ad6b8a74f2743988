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
import java.util.Deque;
import java.util.LinkedHashMap;
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
     * @param module the module class
     * @return every method of the class and its supertypes, grouped by signature, most specific declaration first
     */
    public static List<List<Method>> methodsBySignature(Class<?> module) {
        Map<String, List<Method>> bySig = new LinkedHashMap<>();
        for (Class<?> c = module; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge()) {
                    bySig.computeIfAbsent(signature(m), s -> new ArrayList<>()).add(m);
                }
            }
        }
        for (Class<?> i : allInterfaces(module)) {
            for (Method m : i.getDeclaredMethods()) {
                if (m.isSynthetic() || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                List<Method> decls = bySig.get(signature(m));
                if (decls != null) {
                    decls.add(m);
                } else if (m.isDefault()) {
                    bySig.computeIfAbsent(signature(m), s -> new ArrayList<>()).add(m);
                }
            }
        }
        return new ArrayList<>(bySig.values());
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
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
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
