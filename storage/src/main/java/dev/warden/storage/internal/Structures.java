package dev.warden.storage.internal;

import dev.warden.storage.StoredType;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StoredType} as the text the store records with a table ({@code i64}, {@code [u8]},
 * {@code {id:i64,name:string}}, {@code <User:{}|Admin:{}>}, {@code ^0}), and the check that the stored values of one
 * type still mean the same under another.
 */
final class Structures {

    private Structures() {}

    static String write(StoredType t) {
        StringBuilder b = new StringBuilder();
        write(t, b);
        return b.toString();
    }

    private static void write(StoredType t, StringBuilder b) {
        if (t instanceof StoredType.Scalar s) {
            b.append(s.name());
        } else if (t instanceof StoredType.Array a) {
            b.append('[');
            write(a.element(), b);
            b.append(']');
        } else if (t instanceof StoredType.Product p) {
            members(p.fields(), '{', ',', '}', b);
        } else if (t instanceof StoredType.Sum s) {
            members(s.variants(), '<', '|', '>', b);
        } else {
            b.append('^').append(((StoredType.Recursive) t).depth());
        }
    }

    private static void members(List<StoredType.Member> ms, char open, char sep, char close, StringBuilder b) {
        b.append(open);
        for (int i = 0; i < ms.size(); i++) {
            if (i > 0) {
                b.append(sep);
            }
            b.append(ms.get(i).name()).append(':');
            write(ms.get(i).type(), b);
        }
        b.append(close);
    }

    /**
     * @param text what {@link #write} made
     * @return the type
     * @throws IllegalArgumentException if it is not such a text
     */
    static StoredType parse(String text) {
        int[] at = {0};
        StoredType t = parse(text, at);
        if (at[0] != text.length()) {
            throw new IllegalArgumentException("unexpected '" + text.charAt(at[0]) + "' at " + at[0] + " in " + text);
        }
        return t;
    }

    private static StoredType parse(String s, int[] at) {
        if (at[0] >= s.length()) {
            throw new IllegalArgumentException("a type is missing at the end of " + s);
        }
        char c = s.charAt(at[0]);
        switch (c) {
            case '[' -> {
                at[0]++;
                StoredType e = parse(s, at);
                expect(s, at, ']');
                return new StoredType.Array(e);
            }
            case '{' -> {
                return new StoredType.Product(members(s, at, '{', ',', '}'));
            }
            case '<' -> {
                return new StoredType.Sum(members(s, at, '<', '|', '>'));
            }
            case '^' -> {
                at[0]++;
                int start = at[0];
                while (at[0] < s.length() && Character.isDigit(s.charAt(at[0]))) {
                    at[0]++;
                }
                return new StoredType.Recursive(Integer.parseInt(s.substring(start, at[0])));
            }
            default -> {
                int start = at[0];
                while (at[0] < s.length() && "{}[]<>:,|^".indexOf(s.charAt(at[0])) < 0) {
                    at[0]++;
                }
                return new StoredType.Scalar(s.substring(start, at[0]));
            }
        }
    }

    private static List<StoredType.Member> members(String s, int[] at, char open, char sep, char close) {
        expect(s, at, open);
        List<StoredType.Member> out = new ArrayList<>();
        if (at[0] < s.length() && s.charAt(at[0]) == close) {
            at[0]++;
            return out;
        }
        while (true) {
            int colon = s.indexOf(':', at[0]);
            if (colon < 0) {
                throw new IllegalArgumentException("a member has no ':' in " + s);
            }
            String name = s.substring(at[0], colon);
            at[0] = colon + 1;
            out.add(new StoredType.Member(name, parse(s, at)));
            if (at[0] < s.length() && s.charAt(at[0]) == sep) {
                at[0]++;
                continue;
            }
            expect(s, at, close);
            return out;
        }
    }

    private static void expect(String s, int[] at, char c) {
        if (at[0] >= s.length() || s.charAt(at[0]) != c) {
            throw new IllegalArgumentException("'" + c + "' expected at " + at[0] + " in " + s);
        }
        at[0]++;
    }

    /**
     * @param stored the type the stored values have
     * @param now the type declared now
     * @return null if every stored value reads as the same value of {@code now} (equal, or variants appended);
     *     otherwise what changed, from the column down ("field points was i64 and is i32")
     */
    static String difference(StoredType stored, StoredType now) {
        return difference("", stored, now);
    }

    private static String difference(String path, StoredType stored, StoredType now) {
        if (stored instanceof StoredType.Array a && now instanceof StoredType.Array b) {
            return difference(path + "element ", a.element(), b.element());
        }
        if (stored instanceof StoredType.Product a && now instanceof StoredType.Product b) {
            if (!names(a.fields()).equals(names(b.fields()))) {
                return within(path) + "its fields were {" + String.join(", ", names(a.fields())) + "} and are {"
                        + String.join(", ", names(b.fields())) + "} (a stored value's fields are read in order)";
            }
            for (int i = 0; i < a.fields().size(); i++) {
                String d = difference(path + "field " + a.fields().get(i).name() + " ", a.fields().get(i).type(),
                        b.fields().get(i).type());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (stored instanceof StoredType.Sum a && now instanceof StoredType.Sum b) {
            List<String> was = names(a.variants());
            List<String> is = names(b.variants());
            if (is.size() < was.size() || !is.subList(0, was.size()).equals(was)) {
                return within(path) + "its variants were <" + String.join(", ", was) + "> and are <" + String.join(", ", is)
                        + "> (a stored value keeps its variant's position: variants may only be appended)";
            }
            for (int i = 0; i < was.size(); i++) {
                String d = difference(path + "variant " + was.get(i) + " ", a.variants().get(i).type(),
                        b.variants().get(i).type());
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (stored.equals(now)) {
            return null;
        }
        return (path.isEmpty() ? "" : path) + "was " + write(stored) + " and is " + write(now);
    }

    private static String within(String path) {
        return path.isEmpty() ? "" : path.strip() + ": ";
    }

    private static List<String> names(List<StoredType.Member> ms) {
        return ms.stream().map(StoredType.Member::name).toList();
    }
}
