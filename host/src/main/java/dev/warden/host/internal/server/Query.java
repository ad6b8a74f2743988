package dev.warden.host.internal.server;

import dev.warden.core.Identity;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL this host understands, the subset SpacetimeDB's SDKs send for a table: {@code SELECT * FROM name}
 * (names bare or double-quoted),
 * optionally {@code WHERE column = literal}, where the literal is a string {@code 'it''s'}, an integer,
 * {@code true}/{@code false}, or a hex {@code 0x...} (an {@code Identity} column compares with it).
 *
 * @param table the table (here: view) name
 * @param column the filtered record component, or null
 * @param literal the literal's text (a string's contents unquoted), or null
 */
public record Query(String table, String column, String literal) {

    /** Longer query text is refused before it is read. */
    public static final int MAX_LENGTH = 4096;

    private static final String UNSUPPORTED = "unsupported query: only SELECT * FROM <table> [WHERE <column> = "
            + "<literal>] is supported";

    /**
     * Parses in one pass, without backtracking or recursion, so the time is linear in the text (at most
     * {@link #MAX_LENGTH} characters) and the stack depth constant.
     *
     * @param sql a query from a client
     * @return the query
     * @throws IllegalArgumentException if it is longer than {@link #MAX_LENGTH} or not of the supported form
     */
    public static Query parse(String sql) {
        if (sql.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("unsupported query: longer than " + MAX_LENGTH + " characters");
        }
        Cursor c = new Cursor(sql);
        c.spaces();
        c.keyword("SELECT");
        c.requireSpaces();
        c.expect('*');
        c.requireSpaces();
        c.keyword("FROM");
        c.requireSpaces();
        String table = c.name();
        String column = null;
        String literal = null;
        if (c.spaces() && c.atKeyword("WHERE")) {
            c.keyword("WHERE");
            c.requireSpaces();
            column = c.name();
            c.spaces();
            c.expect('=');
            c.spaces();
            literal = c.literal();
            c.spaces();
        }
        if (c.peek() == ';') {
            c.expect(';');
            c.spaces();
        }
        if (!c.atEnd()) {
            throw new IllegalArgumentException(UNSUPPORTED);
        }
        return new Query(table, column, literal);
    }

    /** A position in a query's text; every method consumes what it accepts or throws the refusal. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i == s.length();
        }

        /** @return the next character, or 0 at the end */
        char peek() {
            return atEnd() ? 0 : s.charAt(i);
        }

        /** Skips {@code \s*} (space, tab, newline, vertical tab, form feed, carriage return). */
        boolean spaces() {
            int from = i;
            while (!atEnd() && " \t\n\u000B\f\r".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return i > from;
        }

        void requireSpaces() {
            if (!spaces()) {
                throw new IllegalArgumentException(UNSUPPORTED);
            }
        }

        void expect(char ch) {
            if (peek() != ch || atEnd()) {
                throw new IllegalArgumentException(UNSUPPORTED);
            }
            i++;
        }

        boolean atKeyword(String word) {
            return s.regionMatches(true, i, word, 0, word.length());
        }

        void keyword(String word) {
            if (!atKeyword(word)) {
                throw new IllegalArgumentException(UNSUPPORTED);
            }
            i += word.length();
        }

        /** @return an identifier, {@code [A-Za-z_][A-Za-z0-9_]*}, bare or double-quoted */
        String name() {
            boolean quoted = peek() == '"';
            if (quoted) {
                i++;
            }
            int from = i;
            if (!letter(peek())) {
                throw new IllegalArgumentException(UNSUPPORTED);
            }
            while (letter(peek()) || digit(peek())) {
                i++;
            }
            String name = s.substring(from, i);
            if (quoted) {
                expect('"');
            }
            return name;
        }

        /** @return a string's contents unquoted, or an integer's, boolean's or hex's text as written */
        String literal() {
            int from = i;
            char ch = peek();
            if (ch == '\'') {
                StringBuilder out = new StringBuilder();
                i++;
                while (true) {
                    if (atEnd()) {
                        throw new IllegalArgumentException(UNSUPPORTED);
                    }
                    char x = s.charAt(i++);
                    if (x != '\'') {
                        out.append(x);
                    } else if (peek() == '\'' && !atEnd()) {
                        out.append('\'');
                        i++;
                    } else {
                        return out.toString();
                    }
                }
            }
            if (ch == '0' && (i + 1 < s.length()) && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                    && i + 2 < s.length() && hex(s.charAt(i + 2))) {
                i += 2;
                while (hex(peek())) {
                    i++;
                }
            } else if (atKeyword("true") || atKeyword("false")) {
                i += atKeyword("true") ? 4 : 5;
            } else {
                if (ch == '-') {
                    i++;
                }
                if (!digit(peek())) {
                    throw new IllegalArgumentException(UNSUPPORTED);
                }
                while (digit(peek())) {
                    i++;
                }
            }
            return s.substring(from, i);
        }

        private static boolean letter(char ch) {
            return ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch == '_';
        }

        private static boolean digit(char ch) {
            return ch >= '0' && ch <= '9';
        }

        private static boolean hex(char ch) {
            return digit(ch) || ch >= 'A' && ch <= 'F' || ch >= 'a' && ch <= 'f';
        }
    }

    /**
     * @param rowType the table's row record
     * @return a filter over its rows
     * @throws IllegalArgumentException if the column is not one of the record's components
     */
    RowFilter filter(Class<?> rowType) {
        if (column == null) {
            return row -> true;
        }
        RecordComponent rc = null;
        for (RecordComponent c : rowType.getRecordComponents()) {
            if (c.getName().equals(column)) {
                rc = c;
            }
        }
        if (rc == null) {
            throw new IllegalArgumentException("no column " + column + " in " + table);
        }
        RecordComponent component = rc;
        Optional<Object> wanted = value(component.getType(), literal);
        return row -> {
            try {
                Object v = component.getAccessor().invoke(row);
                return wanted.isPresent() && wanted.get().equals(v instanceof Integer || v instanceof Short
                        || v instanceof Byte ? Long.valueOf(((Number) v).longValue()) : v);
            } catch (ReflectiveOperationException e) {
                return false;
            }
        };
    }

    private static Optional<Object> value(Class<?> type, String literal) {
        try {
            if (type == String.class) {
                return Optional.of(literal);
            }
            if (type == boolean.class || type == Boolean.class) {
                String l = literal.toLowerCase(Locale.ROOT);
                return l.equals("true") || l.equals("false") ? Optional.of(Boolean.valueOf(l)) : Optional.empty();
            }
            if (type == long.class || type == Long.class || type == int.class || type == Integer.class
                    || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
                return Optional.of(Long.valueOf(literal));
            }
            if (type == BigInteger.class) {
                return Optional.of(new BigInteger(literal));
            }
            if (type == Identity.class) {
                return Optional.of(Identity.fromHex(literal.startsWith("0x") ? literal.substring(2) : literal));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("column type " + type.getSimpleName() + " cannot be filtered");
    }

    /** Which rows a query keeps. */
    interface RowFilter {
        boolean keep(Object row);

        default List<Object> apply(List<Object> rows) {
            List<Object> out = new ArrayList<>();
            for (Object r : rows) {
                if (keep(r)) {
                    out.add(r);
                }
            }
            return out;
        }
    }
}
