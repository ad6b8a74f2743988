package dev.warden.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Rendering of attacker-controlled strings in messages and logs: quoted, truncated, control characters escaped. */
public final class Text {

    private static final int MAX = 64;
    private static final int MAX_LISTED = 5;

    private Text() {}

    /**
     * @param s a string
     * @return {@code s} with A-Z as a-z and every other character as it is (no locale, no Unicode folding)
     */
    public static String lowerAscii(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'Z') {
                out[i] = (char) (out[i] + ('a' - 'A'));
            }
        }
        return new String(out);
    }

    /**
     * @param s untrusted text, possibly null
     * @return a safe, bounded rendering in single quotes
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8).append('\'');
        int n = Math.min(s.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\' || (c >= 0x80 && Character.isISOControl(c))
                    || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }

    /**
     * @param values untrusted or configured strings
     * @return the first five, each {@linkplain #quote quoted}, in brackets, then how many there are in all
     */
    public static String quoteAll(Collection<String> values) {
        StringBuilder b = new StringBuilder("[");
        int i = 0;
        for (String v : values) {
            if (i == MAX_LISTED) {
                b.append(", ... (").append(values.size()).append(" in all)");
                break;
            }
            b.append(i++ == 0 ? "" : ", ").append(quote(v));
        }
        return b.append(']').toString();
    }

    /**
     * @param jsonValue a value as {@link StrictJson} parses it
     * @return what kind of JSON value it is, with its article: "a string", "an integer", "null", ...
     */
    public static String jsonType(Object jsonValue) {
        if (jsonValue == null) {
            return "null";
        } else if (jsonValue instanceof String) {
            return "a string";
        } else if (jsonValue instanceof Boolean) {
            return "a boolean";
        } else if (jsonValue instanceof Double) {
            return "a fractional number";
        } else if (jsonValue instanceof Long) {
            return "an integer";
        } else if (jsonValue instanceof Number) {
            return "an integer beyond 64 bits";
        } else if (jsonValue instanceof List) {
            return "an array";
        } else if (jsonValue instanceof Map) {
            return "an object";
        }
        return "a " + jsonValue.getClass().getSimpleName();
    }
}
