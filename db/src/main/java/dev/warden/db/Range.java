package dev.warden.db;

import java.util.Objects;

/**
 * A range of a btree column's values, for {@link ColumnIndex#filter(Range)}: each bound inclusive, exclusive or absent.
 *
 * @param <V> the column's type
 */
public final class Range<V> {

    private final V low;
    private final boolean lowInclusive;
    private final V high;
    private final boolean highInclusive;

    private Range(V low, boolean lowInclusive, V high, boolean highInclusive) {
        if (low != null && high != null && compare(low, high) > 0) {
            throw new IllegalArgumentException("a range's low bound " + low + " is above its high bound " + high);
        }
        this.low = low;
        this.lowInclusive = lowInclusive;
        this.high = high;
        this.highInclusive = highInclusive;
    }

    /**
     * @param low the lowest value, included
     * @param high the highest value, included
     * @param <V> the column's type
     * @return {@code [low, high]}
     */
    public static <V extends Comparable<? super V>> Range<V> closed(V low, V high) {
        return new Range<>(Objects.requireNonNull(low, "low"), true, Objects.requireNonNull(high, "high"), true);
    }

    /**
     * @param low the lowest value, included
     * @param high the bound above, excluded
     * @param <V> the column's type
     * @return {@code [low, high)}
     */
    public static <V extends Comparable<? super V>> Range<V> closedOpen(V low, V high) {
        return new Range<>(Objects.requireNonNull(low, "low"), true, Objects.requireNonNull(high, "high"), false);
    }

    /**
     * @param low the lowest value, included
     * @param <V> the column's type
     * @return {@code [low, ...)}
     */
    public static <V extends Comparable<? super V>> Range<V> atLeast(V low) {
        return new Range<>(Objects.requireNonNull(low, "low"), true, null, false);
    }

    /**
     * @param low the bound below, excluded
     * @param <V> the column's type
     * @return {@code (low, ...)}
     */
    public static <V extends Comparable<? super V>> Range<V> greaterThan(V low) {
        return new Range<>(Objects.requireNonNull(low, "low"), false, null, false);
    }

    /**
     * @param high the highest value, included
     * @param <V> the column's type
     * @return {@code (..., high]}
     */
    public static <V extends Comparable<? super V>> Range<V> atMost(V high) {
        return new Range<>(null, false, Objects.requireNonNull(high, "high"), true);
    }

    /**
     * @param high the bound above, excluded
     * @param <V> the column's type
     * @return {@code (..., high)}
     */
    public static <V extends Comparable<? super V>> Range<V> lessThan(V high) {
        return new Range<>(null, false, Objects.requireNonNull(high, "high"), false);
    }

    /** @return the low bound, or null if there is none */
    public V low() {
        return low;
    }

    /** @return whether the low bound is included */
    public boolean lowInclusive() {
        return lowInclusive;
    }

    /** @return the high bound, or null if there is none */
    public V high() {
        return high;
    }

    /** @return whether the high bound is included */
    public boolean highInclusive() {
        return highInclusive;
    }

    /**
     * @param v a value
     * @return whether it is in the range
     */
    public boolean contains(V v) {
        if (low != null) {
            int c = compare(v, low);
            if (c < 0 || c == 0 && !lowInclusive) {
                return false;
            }
        }
        if (high != null) {
            int c = compare(v, high);
            return c < 0 || c == 0 && highInclusive;
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    @Override
    public String toString() {
        return (low == null ? "(..." : (lowInclusive ? "[" : "(") + low) + ", "
                + (high == null ? "...)" : high + (highInclusive ? "]" : ")"));
    }
}
