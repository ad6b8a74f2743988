package dev.warden.core.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks the configuration builders share, with the messages they all use. */
public final class Args {

    private Args() {}

    /**
     * @param s a required, non-empty string
     * @param what its name, for the message
     * @return {@code s}
     * @throws NullPointerException if {@code s} is null
     * @throws IllegalArgumentException if {@code s} is empty
     */
    public static String text(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return s;
    }

    /**
     * @param d a required duration
     * @param min the least accepted
     * @param what its name, for the message
     * @return {@code d}
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is shorter than {@code min}
     */
    public static Duration atLeast(Duration d, Duration min, String what) {
        Objects.requireNonNull(d, what);
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + d);
        }
        return d;
    }
}
