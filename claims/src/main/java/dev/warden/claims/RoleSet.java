package dev.warden.claims;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A caller's roles (or scopes). Membership by {@link RoleId} is a bit test over interned ids: constant time
 * and allocation-free however many roles the caller has. Immutable and thread-safe.
 */
public final class RoleSet {

    private static final RoleSet EMPTY_SENSITIVE = new RoleSet(Set.of(), false);

    private final Set<String> names;
    private final boolean caseInsensitive;
    private volatile Bits bits;

    private static final class Bits {
        final int version;
        final long[] words;

        Bits(int version, long[] words) {
            this.version = version;
            this.words = words;
        }
    }

    private RoleSet(Set<String> names, boolean caseInsensitive) {
        this.names = names;
        this.caseInsensitive = caseInsensitive;
        this.bits = new Bits(-1, new long[0]);
    }

    /** @return the empty set */
    public static RoleSet empty() {
        return EMPTY_SENSITIVE;
    }

    /**
     * @param names role names, compared exactly
     * @return the set
     */
    public static RoleSet of(Collection<String> names) {
        return of(names, false);
    }

    /**
     * @param names role names
     * @param caseInsensitive whether membership ignores the case of ASCII letters (names are then held with A-Z
     *     in lower case; every other character compares exactly)
     * @return the set
     */
    public static RoleSet of(Collection<String> names, boolean caseInsensitive) {
        Objects.requireNonNull(names, "names");
        Set<String> copy = new LinkedHashSet<>(Math.max(4, names.size() * 2));
        for (String n : names) {
            Objects.requireNonNull(n, "role name");
            copy.add(caseInsensitive ? RoleId.foldAscii(n) : n);
        }
        return new RoleSet(Collections.unmodifiableSet(copy), caseInsensitive);
    }

    /**
     * @param role an interned role
     * @return whether the set holds it; allocation-free once the set has seen the current registry
     */
    public boolean contains(RoleId role) {
        Bits b = bits;
        if (b.version != RoleId.registryVersion()) {
            b = rebuild();
        }
        int i = role.index(caseInsensitive);
        int word = i >>> 6;
        return word < b.words.length && (b.words[word] & (1L << i)) != 0;
    }

    /**
     * @param role a role name
     * @return whether the set holds it (by hash lookup; prefer {@link #contains(RoleId)} on hot paths)
     */
    public boolean contains(String role) {
        return role != null && names.contains(caseInsensitive ? RoleId.foldAscii(role) : role);
    }

    private Bits rebuild() {
        int version = RoleId.registryVersion();
        long[] words = new long[(version + 63) >>> 6];
        for (String n : names) {
            int i = RoleId.indexOf(n);
            if (i >= 0 && (i >>> 6) < words.length) {
                words[i >>> 6] |= 1L << i;
            }
        }
        Bits b = new Bits(version, words);
        bits = b;
        return b;
    }

    /** @return the names, unmodifiable, in claim order */
    public Set<String> names() {
        return names;
    }

    /** @return whether membership ignores case */
    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    /** @return the number of roles */
    public int size() {
        return names.size();
    }

    /** @return whether there are none */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoleSet && ((RoleSet) o).names.equals(names)
                && ((RoleSet) o).caseInsensitive == caseInsensitive;
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
