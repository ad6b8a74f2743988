package dev.warden.host.internal.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The case conversions SpacetimeDB's schema validation and code generators apply to names: the Rust crate
 * {@code convert_case} 0.6's {@code to_case} with its default word boundaries, written anew in Java. A name is split
 * into words at {@code _}, {@code -} and spaces (which are dropped), between a lower-case letter and an upper-case
 * one ({@code nameKey} -> {@code name|Key}), between a letter and a digit either way ({@code a1} -> {@code a|1},
 * {@code 1a} -> {@code 1|a}, {@code A1}, {@code 1A}), and before the last capital of an acronym followed by a
 * lower-case letter ({@code HTMLParser} -> {@code HTML|Parser}); then the words are re-cased and joined.
 */
final class Cases {

    private Cases() {}

    /** {@code nameKey} -> {@code name_key}. */
    static String snake(String name) {
        List<String> words = words(name);
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            out.add(w.toLowerCase(Locale.ROOT));
        }
        return String.join("_", out);
    }

    /** {@code name_key} -> {@code nameKey}. */
    static String camel(String name) {
        StringBuilder b = new StringBuilder();
        List<String> words = words(name);
        for (int i = 0; i < words.size(); i++) {
            b.append(i == 0 ? words.get(i).toLowerCase(Locale.ROOT) : capital(words.get(i)));
        }
        return b.toString();
    }

    /** {@code name_key} -> {@code NameKey}. */
    static String pascal(String name) {
        StringBuilder b = new StringBuilder();
        for (String w : words(name)) {
            b.append(capital(w));
        }
        return b.toString();
    }

    private static String capital(String word) {
        if (word.isEmpty()) {
            return word;
        }
        int first = word.codePointAt(0);
        int rest = Character.charCount(first);
        return new String(Character.toChars(first)).toUpperCase(Locale.ROOT)
                + word.substring(rest).toLowerCase(Locale.ROOT);
    }

    /** The words of a name, split at the default boundaries (empty words dropped). */
    static List<String> words(String name) {
        int[] cps = name.codePoints().toArray();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean consume = c == '_' || c == '-' || c == ' ';
            boolean splitBefore = i > 0 && (pairBoundary(cps[i - 1], c)
                    || i + 1 < cps.length && isUpper(cps[i - 1]) && isUpper(c) && isLower(cps[i + 1]));
            if (consume) {
                words.add(word.toString());
                word.setLength(0);
            } else if (splitBefore) {
                words.add(word.toString());
                word.setLength(0);
                word.appendCodePoint(c);
            } else {
                word.appendCodePoint(c);
            }
        }
        words.add(word.toString());
        words.removeIf(String::isEmpty);
        return words;
    }

    /** LowerUpper, UpperDigit, DigitUpper, DigitLower, LowerDigit. */
    private static boolean pairBoundary(int a, int b) {
        return isLower(a) && isUpper(b) || isUpper(a) && isDigit(b) || isDigit(a) && isUpper(b)
                || isDigit(a) && isLower(b) || isLower(a) && isDigit(b);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A letter with two cases, in its upper one (Rust: {@code to_uppercase() != to_lowercase() && c == upper}). */
    private static boolean isUpper(int c) {
        String s = new String(Character.toChars(c));
        String up = s.toUpperCase(Locale.ROOT);
        return !up.equals(s.toLowerCase(Locale.ROOT)) && s.equals(up);
    }

    private static boolean isLower(int c) {
        String s = new String(Character.toChars(c));
        String low = s.toLowerCase(Locale.ROOT);
        return !s.toUpperCase(Locale.ROOT).equals(low) && s.equals(low);
    }
}
