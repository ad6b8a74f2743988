package dev.warden.host.internal.server;

import dev.warden.core.Identity;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** An identifier, bare or double-quoted (as the TypeScript SDK's typed query builder writes it). */
    private static final String NAME = "(?:\"([A-Za-z_][A-Za-z0-9_]*)\"|([A-Za-z_][A-Za-z0-9_]*))";
    private static final Pattern SQL = Pattern.compile(
            "(?i)\\s*SELECT\\s+\\*\\s+FROM\\s+" + NAME
                    + "(?:\\s+WHERE\\s+" + NAME + "\\s*=\\s*('(?:[^']|'')*'|-?[0-9]+|true|false|0x[0-9A-Fa-f]+))?"
                    + "\\s*;?\\s*");

    /**
     * @param sql a query from a client
     * @return the query
     * @throws IllegalArgumentException if it is not of the supported form
     */
    public static Query parse(String sql) {
        Matcher m = SQL.matcher(sql);
        if (!m.matches()) {
            throw new IllegalArgumentException("unsupported query: only SELECT * FROM <table> [WHERE <column> = "
                    + "<literal>] is supported");
        }
        String lit = m.group(5);
        if (lit != null && lit.startsWith("'")) {
            lit = lit.substring(1, lit.length() - 1).replace("''", "'");
        }
        return new Query(m.group(1) != null ? m.group(1) : m.group(2), m.group(3) != null ? m.group(3) : m.group(4),
                lit);
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
