package dev.warden.claims;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A role name interned to a small integer, so that {@link RoleSet#contains(RoleId)} is a bit test: constant
 * time and allocation-free. Intern the names your rules mention (the policy engine does, once, at startup);
 * never intern names taken from tokens, since the registry only grows. Immutable.
 */
public final class RoleId {

    private static final ConcurrentHashMap<String, Integer> INDEX = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static volatile int version;

    private final String name;
    private final int index;
    private final int lowerIndex;

    private RoleId(String name, int index, int lowerIndex) {
        this.name = name;
        this.index = index;
        this.lowerIndex = lowerIndex;
    }

    /**
     * @param name a role name from configuration or an annotation
     * @return its id
     */
    public static RoleId of(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a role name must not be empty");
        }
        int exact = intern(name);
        int lower = intern(foldAscii(name));
        return new RoleId(name, exact, lower);
    }

    /**
     * Case folding for case-insensitive role sets: only the ASCII letters A to Z become a to z; every other
     * character is compared exactly, so that Unicode's folding (the Kelvin sign to 'k', for one) can never make
     * one role name satisfy another.
     */
    static String foldAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = s.toCharArray();
                for (int j = i; j < out.length; j++) {
                    if (out[j] >= 'A' && out[j] <= 'Z') {
                        out[j] = (char) (out[j] + ('a' - 'A'));
                    }
                }
                return new String(out);
            }
        }
        return s;
    }

    private static int intern(String s) {
        Integer existing = INDEX.get(s);
        if (existing != null) {
            return existing;
        }
        synchronized (INDEX) {
            Integer again = INDEX.get(s);
            if (again != null) {
                return again;
            }
            int idx = NEXT.getAndIncrement();
            INDEX.put(s, idx);
            version = idx + 1;
            return idx;
        }
    }

    /** @return the index of a name already interned, or -1 (never interns) */
    static int indexOf(String s) {
        Integer i = INDEX.get(s);
        return i == null ? -1 : i;
    }

    /** @return a number that changes whenever a name is interned */
    static int registryVersion() {
        return version;
    }

    /** @return the name as given */
    public String name() {
        return name;
    }

    int index(boolean caseInsensitive) {
        return caseInsensitive ? lowerIndex : index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoleId && ((RoleId) o).index == index;
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return name;
    }
}
