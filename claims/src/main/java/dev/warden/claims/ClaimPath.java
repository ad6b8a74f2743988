package dev.warden.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path to a claim: dot-separated names, with double quotes around a name that contains dots or other
 * punctuation. {@code roles}, {@code realm_access.roles}, {@code resource_access."my-app".roles},
 * {@code "https://example.com/roles"}. Inside quotes, {@code \"} and {@code \\} escape. Immutable.
 */
public final class ClaimPath {

    private final List<String> segments;
    private final String text;

    private ClaimPath(List<String> segments, String text) {
        this.segments = segments;
        this.text = text;
    }

    /**
     * @param path the path text
     * @return the parsed path
     * @throws IllegalArgumentException if the path is empty, has an empty segment or an unclosed quote
     */
    public static ClaimPath parse(String path) {
        Objects.requireNonNull(path, "path");
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = path.length();
        while (i <= n) {
            if (i < n && path.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = path.charAt(i++);
                    if (c == '\\' && i < n) {
                        cur.append(path.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        cur.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unclosed quote in claim path " + path);
                }
                if (i < n && path.charAt(i) != '.') {
                    throw new IllegalArgumentException("a quoted name must be followed by '.' or the end in claim path "
                            + path);
                }
            } else {
                while (i < n && path.charAt(i) != '.') {
                    char c = path.charAt(i++);
                    if (c == '"') {
                        throw new IllegalArgumentException("quote inside an unquoted name in claim path " + path);
                    }
                    cur.append(c);
                }
            }
            if (cur.length() == 0) {
                throw new IllegalArgumentException("empty name in claim path '" + path + "'");
            }
            out.add(cur.toString());
            cur.setLength(0);
            i++;
        }
        return new ClaimPath(List.copyOf(out), path);
    }

    /**
     * @param names the literal names, none empty
     * @return the path of exactly these names (no quoting needed)
     */
    public static ClaimPath of(String... names) {
        Objects.requireNonNull(names, "names");
        if (names.length == 0) {
            throw new IllegalArgumentException("a claim path needs at least one name");
        }
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty name in claim path");
            }
            if (text.length() > 0) {
                text.append('.');
            }
            boolean plain = name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ':');
            text.append(plain ? name : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        }
        return new ClaimPath(List.of(names), text.toString());
    }

    /** @return the names, outermost first */
    public List<String> segments() {
        return segments;
    }

    /** @return the path as written */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClaimPath && ((ClaimPath) o).segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
