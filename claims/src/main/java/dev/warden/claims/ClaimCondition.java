package dev.warden.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A test on a token's claims, with a description for reports: the building block that tells machine
 * ({@link CallerKind#SERVICE}) tokens from user tokens, for providers without a preset in {@link RoleMapping}.
 * Immutable and thread-safe.
 *
 * <p>A claim of an unexpected shape (a number where a string was expected, a path through a non-object) does
 * not match: a condition never throws. Conditions are compared as strings, exactly.
 *
 * <pre>{@code
 * // Auth0 machine-to-machine tokens
 * ClaimCondition m2m = ClaimCondition.anyOf(
 *     ClaimCondition.equalTo("gty", "client-credentials"),
 *     ClaimCondition.equalsClaim("sub", "", "azp", "@clients"));
 * }</pre>
 */
public final class ClaimCondition {

    private final String description;
    private final Test test;
    private final Witness witness;

    @FunctionalInterface
    private interface Test {
        boolean on(JwtClaims claims);
    }

    /** Changes a drafted payload so that the condition may hold; false if it cannot (see {@link #makeHold}). */
    @FunctionalInterface
    private interface Witness {
        boolean make(Map<String, Object> draft);
    }

    private ClaimCondition(String description, Test test, Witness witness) {
        this.description = description;
        this.test = test;
        this.witness = witness;
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return a condition that holds when the claim is present with any value but {@code null}
     */
    public static ClaimCondition present(String path) {
        ClaimPath p = ClaimPath.parse(path);
        return new ClaimCondition(p + " present", c -> value(c, p) != null, d -> ClaimDrafts.put(d, p, true));
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return a condition that holds when the claim is absent (or {@code null})
     */
    public static ClaimCondition absent(String path) {
        ClaimPath p = ClaimPath.parse(path);
        return new ClaimCondition(p + " absent", c -> value(c, p) == null, d -> ClaimDrafts.remove(d, p));
    }

    /**
     * @param path a {@link ClaimPath} text
     * @param value the exact string
     * @return a condition that holds when the claim is this string
     */
    public static ClaimCondition equalTo(String path, String value) {
        ClaimPath p = ClaimPath.parse(path);
        Objects.requireNonNull(value, "value");
        return new ClaimCondition(p + " = \"" + value + "\"", c -> value.equals(string(c, p)),
                d -> ClaimDrafts.put(d, p, value));
    }

    /**
     * @param path a {@link ClaimPath} text
     * @param prefix a non-empty prefix
     * @return a condition that holds when the claim is a string starting with {@code prefix}
     */
    public static ClaimCondition hasPrefix(String path, String prefix) {
        ClaimPath p = ClaimPath.parse(path);
        if (Objects.requireNonNull(prefix, "prefix").isEmpty()) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        return new ClaimCondition(p + " starts with \"" + prefix + "\"", c -> {
            String s = string(c, p);
            return s != null && s.startsWith(prefix);
        }, d -> {
            String s = ClaimDrafts.string(d, p);
            return ClaimDrafts.put(d, p, s == null ? prefix : prefix + s);
        });
    }

    /**
     * @param path a {@link ClaimPath} text
     * @param other another claim's {@link ClaimPath} text
     * @return a condition that holds when both claims are present and the same string
     */
    public static ClaimCondition equalsClaim(String path, String other) {
        return equalsClaim(path, "", other, "");
    }

    /**
     * Compares a claim with another claim framed by a prefix and a suffix, for example Auth0's {@code sub} =
     * {@code azp + "@clients"}.
     *
     * @param path a {@link ClaimPath} text
     * @param prefix text before the other claim's value (may be empty)
     * @param other another claim's {@link ClaimPath} text
     * @param suffix text after the other claim's value (may be empty)
     * @return a condition that holds when both claims are non-empty strings and {@code path} equals
     *     {@code prefix + other + suffix}
     */
    public static ClaimCondition equalsClaim(String path, String prefix, String other, String suffix) {
        ClaimPath p = ClaimPath.parse(path);
        ClaimPath o = ClaimPath.parse(other);
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        String framed = prefix.isEmpty() && suffix.isEmpty() ? o.toString()
                : "\"" + prefix + "\" + " + o + (suffix.isEmpty() ? "" : " + \"" + suffix + "\"");
        return new ClaimCondition(p + " = " + framed, c -> {
            String a = string(c, p);
            String b = string(c, o);
            return a != null && b != null && !b.isEmpty() && a.length() == prefix.length() + b.length()
                    + suffix.length() && a.startsWith(prefix) && a.endsWith(suffix)
                    && a.regionMatches(prefix.length(), b, 0, b.length());
        }, d -> {
            // write whichever side may be written: path from the other claim, or the other claim from path
            String b = ClaimDrafts.string(d, o);
            if (b != null && !b.isEmpty() && ClaimDrafts.put(d, p, prefix + b + suffix)) {
                return true;
            }
            String a = ClaimDrafts.string(d, p);
            return a != null && a.length() > prefix.length() + suffix.length() && a.startsWith(prefix)
                    && a.endsWith(suffix)
                    && ClaimDrafts.put(d, o, a.substring(prefix.length(), a.length() - suffix.length()));
        });
    }

    /**
     * For claims that may be a string or an array of strings, such as {@code aud}.
     *
     * @param path a {@link ClaimPath} text: a string or an array of strings
     * @param other another claim's {@link ClaimPath} text: a non-empty string
     * @return a condition that holds when {@code path} is {@code other}'s value or an array holding it
     */
    public static ClaimCondition includesClaim(String path, String other) {
        ClaimPath p = ClaimPath.parse(path);
        ClaimPath o = ClaimPath.parse(other);
        return new ClaimCondition(p + " includes " + o, c -> {
            String b = string(c, o);
            if (b == null || b.isEmpty()) {
                return false;
            }
            Object a = value(c, p);
            return b.equals(a) || (a instanceof List && ((List<?>) a).contains(b));
        }, d -> {
            String b = ClaimDrafts.string(d, o);
            Object a = ClaimDrafts.get(d, p);
            if (b == null || b.isEmpty()) {
                return false;
            }
            if (a instanceof List) {
                List<Object> more = new ArrayList<>((List<?>) a);
                more.add(b);
                return ClaimDrafts.put(d, p, more);
            }
            return ClaimDrafts.put(d, p, b);
        });
    }

    /**
     * @param conditions at least one condition
     * @return a condition that holds when every one holds
     */
    public static ClaimCondition allOf(ClaimCondition... conditions) {
        List<ClaimCondition> all = list(conditions);
        return new ClaimCondition(join(all, " and "), c -> {
            for (ClaimCondition x : all) {
                if (!x.test(c)) {
                    return false;
                }
            }
            return true;
        }, d -> {
            for (ClaimCondition x : all) {
                if (!x.makeHold(d)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * @param conditions at least one condition
     * @return a condition that holds when any one holds
     */
    public static ClaimCondition anyOf(ClaimCondition... conditions) {
        List<ClaimCondition> all = list(conditions);
        return new ClaimCondition(join(all, " or "), c -> {
            for (ClaimCondition x : all) {
                if (x.test(c)) {
                    return true;
                }
            }
            return false;
        }, d -> {
            for (ClaimCondition x : all) {
                Map<String, Object> tried = ClaimDrafts.copy(d);
                if (x.makeHold(tried)) {
                    d.clear();
                    d.putAll(tried);
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * @param claims a token's claims
     * @return whether the condition holds
     */
    public boolean test(JwtClaims claims) {
        return test.on(Objects.requireNonNull(claims, "claims"));
    }

    /**
     * Changes a drafted token payload, as little as it can, so that this condition holds: sets a claim to the
     * value compared with, copies one claim into another, removes a claim that must be absent; for
     * {@code anyOf}, the first alternative that can hold. The registered claims ({@code iss}, {@code sub},
     * {@code aud}, the times) are never changed, so a condition on them holds only if the draft already meets it.
     *
     * @param draft the payload, changed in place (left as it was if the condition cannot hold)
     * @return whether the condition now holds
     */
    boolean makeHold(Map<String, Object> draft) {
        if (test(JwtClaims.draft(draft))) {
            return true;
        }
        Map<String, Object> tried = ClaimDrafts.copy(draft);
        if (witness.make(tried) && test(JwtClaims.draft(tried))) {
            draft.clear();
            draft.putAll(tried);
            return true;
        }
        return false;
    }

    /** @return the condition, for example {@code gty = "client-credentials"} */
    @Override
    public String toString() {
        return description;
    }

    private static Object value(JwtClaims c, ClaimPath p) {
        try {
            return c.value(p);
        } catch (ClaimTypeException e) {
            return null; // the path runs through a non-object: the claim is not there
        }
    }

    private static String string(JwtClaims c, ClaimPath p) {
        Object v = value(c, p);
        return v instanceof String ? (String) v : null;
    }

    private static List<ClaimCondition> list(ClaimCondition[] conditions) {
        List<ClaimCondition> all = List.of(conditions); // rejects null elements
        if (all.isEmpty()) {
            throw new IllegalArgumentException("at least one condition is needed");
        }
        return all;
    }

    private static String join(List<ClaimCondition> all, String sep) {
        List<String> parts = new ArrayList<>();
        for (ClaimCondition x : all) {
            parts.add(all.size() > 1 && (x.description.contains(" or ") || x.description.contains(" and "))
                    ? "(" + x.description + ")" : x.description);
        }
        return String.join(sep, parts);
    }
}
