package dev.warden.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which roles imply which, declared once: {@code "admin > moderator > user"} means an admin also satisfies
 * rules asking for moderator or user. Several chains may be given ({@code "admin > billing"}). Applied when
 * rules are compiled, so checks cost nothing extra. Immutable.
 */
public final class RoleHierarchy {

    private static final RoleHierarchy NONE = new RoleHierarchy(Map.of());

    /** role -> roles that imply it (transitively), excluding itself. */
    private final Map<String, Set<String>> impliedBy;

    private RoleHierarchy(Map<String, Set<String>> impliedBy) {
        this.impliedBy = impliedBy;
    }

    /** @return no hierarchy: each role stands for itself */
    public static RoleHierarchy none() {
        return NONE;
    }

    /**
     * @param chains chains such as {@code "admin > moderator > user"}
     * @return the hierarchy
     * @throws IllegalArgumentException on an empty role or a cycle
     */
    public static RoleHierarchy of(String... chains) {
        Objects.requireNonNull(chains, "chains");
        Map<String, Set<String>> above = new LinkedHashMap<>();
        for (String chain : chains) {
            String[] parts = chain.split(">");
            if (parts.length < 2) {
                throw new IllegalArgumentException("a role hierarchy chain needs at least two roles: " + chain);
            }
            for (int i = 0; i < parts.length; i++) {
                String r = parts[i].trim();
                if (r.isEmpty()) {
                    throw new IllegalArgumentException("empty role in hierarchy chain: " + chain);
                }
                parts[i] = r;
            }
            for (int i = 1; i < parts.length; i++) {
                above.computeIfAbsent(parts[i], k -> new LinkedHashSet<>()).add(parts[i - 1]);
            }
        }
        Map<String, Set<String>> closure = new LinkedHashMap<>();
        for (String role : above.keySet()) {
            Set<String> all = new LinkedHashSet<>();
            List<String> todo = new ArrayList<>(above.get(role));
            while (!todo.isEmpty()) {
                String r = todo.remove(todo.size() - 1);
                if (r.equals(role)) {
                    throw new IllegalArgumentException("role hierarchy has a cycle through " + role);
                }
                if (all.add(r)) {
                    todo.addAll(above.getOrDefault(r, Set.of()));
                }
            }
            closure.put(role, Collections.unmodifiableSet(all));
        }
        return new RoleHierarchy(Collections.unmodifiableMap(closure));
    }

    /** @return every role the hierarchy names, which serve as a role catalogue (empty for {@link #none()}) */
    public Set<String> roles() {
        Set<String> out = new java.util.TreeSet<>(impliedBy.keySet());
        impliedBy.values().forEach(out::addAll);
        return Collections.unmodifiableSet(out);
    }

    /**
     * @param role a role a rule asks for
     * @return that role and every role above it
     */
    public Set<String> satisfying(String role) {
        Set<String> out = new LinkedHashSet<>();
        out.add(role);
        out.addAll(impliedBy.getOrDefault(role, Set.of()));
        return out;
    }
}
