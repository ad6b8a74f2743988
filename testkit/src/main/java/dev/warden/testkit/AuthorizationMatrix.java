package dev.warden.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.warden.claims.CallerContext;
import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.policy.Decision;
import dev.warden.policy.EntryPoint;
import dev.warden.policy.SpecialTypes;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * A table of expected decisions, callers x entry points, written as Markdown or CSV:
 *
 * <pre>
 * | entry point            | alice | bob   | anonymous    |
 * | ---                    | ---   | ---   | ---          |
 * | create_post            | allow | allow | deny         |
 * | edit_post(0, "edited") | allow | deny  | deny         |
 * | cleanup                | internal | internal | internal |
 * </pre>
 *
 * A cell is {@code allow}, {@code deny}, or, for a scheduled or lifecycle entry point that clients cannot call
 * at all, {@code not callable} (or {@code internal}). A row names an entry point, optionally with the call's
 * arguments as JSON values in parentheses ({@code edit_post(0, "edited")}, converted to the parameter types),
 * so rules that read arguments ({@code @Policy}, ownership) can be checked against the data the test set up;
 * without parentheses the arguments are the parameter types' defaults (null, 0, false). {@code Identity},
 * {@code ConnectionId} and {@code Instant} arguments take the JSON forms the host's HTTP API takes
 * ({@link SpecialTypes}): {@code invite(1, "c200...")}, {@code invite(1, {"__identity__": "0xc200..."})}.
 * Messages count arguments from 0, as HTTP does. An entry point may have several rows with different
 * arguments. In CSV, quote a cell holding commas ({@code "f(1, 2)"}, a quote
 * inside doubled). {@link #verify} checks every cell (without running anything) and, if any differs, fails
 * with the whole table marking each differing cell and the denial reason.
 */
public final class AuthorizationMatrix {

    /** What a cell expects. */
    private enum Expect {
        ALLOW("allow"), DENY("deny"), NOT_CALLABLE("not callable");

        final String text;

        Expect(String text) {
            this.text = text;
        }

        static Expect parse(String cell) {
            switch (cell.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ")) {
                case "allow":
                    return ALLOW;
                case "deny":
                    return DENY;
                case "not callable":
                case "internal":
                    return NOT_CALLABLE;
                default:
                    return null;
            }
        }

        static Expect of(Decision d) {
            return d.allowed() ? ALLOW : d.rule().equals(WardenAssertions.NOT_CALLABLE) ? NOT_CALLABLE : DENY;
        }
    }

    /** A row: its label as written, the entry point, its arguments (null: defaults), and the cells. */
    private record Row(String label, String entryPoint, JsonNode args, List<Expect> cells) {}

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
            .addDeserializer(Identity.class, new Special<>(Identity.class))
            .addDeserializer(ConnectionId.class, new Special<>(ConnectionId.class))
            .addDeserializer(Instant.class, new Special<>(Instant.class)));

    /** Reads a special type, anywhere in an argument, through {@link SpecialTypes}: the forms HTTP takes. */
    private static final class Special<T> extends StdDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> type;

        Special(Class<T> type) {
            super(type);
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            Object plain = ctx.readValue(p, Object.class);
            try {
                return SpecialTypes.fromJson(type, plain);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }

    private final List<String> callers;
    private final Map<String, Row> rows;

    private AuthorizationMatrix(List<String> callers, Map<String, Row> rows) {
        this.callers = callers;
        this.rows = rows;
    }

    /**
     * @param markdown a Markdown table; the first column names entry points, the header names callers
     * @return the matrix
     * @throws IllegalArgumentException naming the line of any malformed row or cell
     */
    public static AuthorizationMatrix fromMarkdown(String markdown) {
        List<List<String>> lines = new ArrayList<>();
        for (String line : markdown.split("\n")) {
            String t = line.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.startsWith("|")) {
                throw new IllegalArgumentException("not a Markdown table row: " + t);
            }
            String inner = t.substring(1, t.endsWith("|") ? t.length() - 1 : t.length());
            List<String> cells = new ArrayList<>();
            for (String c : inner.split("\\|", -1)) {
                cells.add(c.trim().replace("`", ""));
            }
            if (cells.stream().allMatch(c -> c.matches(":?-{3,}:?"))) {
                continue;
            }
            lines.add(cells);
        }
        return parse(lines);
    }

    /**
     * @param csv comma-separated values; the first column names entry points, the header names callers
     * @return the matrix
     */
    public static AuthorizationMatrix fromCsv(String csv) {
        List<List<String>> lines = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (!line.isBlank()) {
                lines.add(CsvCells.split(line));
            }
        }
        return parse(lines);
    }

    private static AuthorizationMatrix parse(List<List<String>> lines) {
        if (lines.size() < 2) {
            throw new IllegalArgumentException("a matrix needs a header row and at least one entry point row");
        }
        List<String> header = lines.get(0);
        if (header.size() < 2) {
            throw new IllegalArgumentException("the header needs at least one caller column");
        }
        List<String> callers = List.copyOf(header.subList(1, header.size()));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> row = lines.get(i);
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + (i + 1) + " has " + row.size() + " cells, the header has "
                        + header.size());
            }
            List<Expect> cells = new ArrayList<>();
            for (int j = 1; j < row.size(); j++) {
                Expect c = Expect.parse(row.get(j));
                if (c == null) {
                    throw new IllegalArgumentException("row " + (i + 1) + " (" + row.get(0) + "), column " + header.get(j)
                            + ": expected allow, deny or not callable, got '" + row.get(j) + "'");
                }
                cells.add(c);
            }
            Row parsed = row(i + 1, row.get(0), Collections.unmodifiableList(cells));
            if (rows.put(parsed.label(), parsed) != null) {
                throw new IllegalArgumentException("entry point " + row.get(0) + " appears twice");
            }
        }
        return new AuthorizationMatrix(callers, rows);
    }

    private static Row row(int line, String label, List<Expect> cells) {
        String l = label.strip();
        int open = l.indexOf('(');
        String name = open < 0 ? l : l.substring(0, open).strip();
        String where = "row " + line + " (" + label + "): ";
        if (name.isEmpty() || !name.matches("[^()\\s]+")) {
            throw new IllegalArgumentException(where + "expected an entry point name, optionally with arguments in "
                    + "parentheses");
        }
        JsonNode args = null;
        if (open >= 0) {
            try {
                if (!l.endsWith(")")) {
                    throw new IllegalArgumentException("no closing parenthesis");
                }
                args = JSON.readTree("[" + l.substring(open + 1, l.length() - 1) + "]");
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "the arguments are not a list of JSON values: "
                        + l.substring(open), e);
            }
        }
        return new Row(l, name, args, cells);
    }

    /**
     * @param host the host whose rules are checked
     * @param callersByName a caller for every column name
     * @throws AssertionFailedError listing the whole table with every differing cell marked
     * @throws IllegalArgumentException if a column has no caller or a row names no entry point
     */
    public void verify(TestHost<?> host, Map<String, CallerContext> callersByName) {
        Objects.requireNonNull(callersByName, "callersByName");
        for (String c : callers) {
            if (!callersByName.containsKey(c)) {
                throw new IllegalArgumentException("no caller given for column '" + c + "'");
            }
        }
        StringBuilder table = new StringBuilder("| entry point | " + String.join(" | ", callers) + " |\n");
        List<String> reasons = new ArrayList<>();
        int differing = 0;
        for (Row row : rows.values()) {
            EntryPoint ep = host.guarded().entryPoint(row.entryPoint()).orElseThrow(
                    () -> new IllegalArgumentException("the module has no entry point " + row.entryPoint()));
            Object[] args = row.args() == null ? defaults(ep) : convert(row, ep);
            table.append("| ").append(row.label()).append(" |");
            for (int j = 0; j < callers.size(); j++) {
                Expect expected = row.cells().get(j);
                Decision d = WardenAssertions.decide(host, callersByName.get(callers.get(j)), row.entryPoint(), args);
                Expect actual = Expect.of(d);
                if (actual == expected) {
                    table.append(' ').append(expected.text).append(" |");
                } else {
                    differing++;
                    table.append(" **").append(actual.text.toUpperCase(Locale.ROOT)).append("** (expected ")
                            .append(expected.text).append(") |");
                    reasons.add(row.label() + " x " + callers.get(j) + ": " + d.reason());
                }
            }
            table.append('\n');
        }
        if (differing > 0) {
            throw new AssertionFailedError("authorization matrix differs in " + differing + " cell(s):\n" + table
                    + "\n" + String.join("\n", reasons));
        }
    }

    private static Object[] convert(Row row, EntryPoint ep) {
        List<Class<?>> types = ep.parameterTypes();
        if (row.args().size() != types.size()) {
            throw new IllegalArgumentException(row.label() + ": " + ep.name() + " takes " + types.size()
                    + " argument(s), the row gives " + row.args().size());
        }
        Object[] args = new Object[types.size()];
        for (int i = 0; i < args.length; i++) {
            JsonNode value = row.args().get(i);
            Class<?> t = types.get(i);
            try {
                if (t.isPrimitive() && value.isNull()) {
                    throw new IllegalArgumentException("null");
                }
                args[i] = JSON.convertValue(value, t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(row.label() + ": argument " + i + " (counting from 0) is not "
                        + article(t.getSimpleName()) + ": " + why(e, value), e);
            }
        }
        return args;
    }

    /** What {@link SpecialTypes} said of a special value (the forms it takes), else the value given. */
    private static String why(IllegalArgumentException e, JsonNode value) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof JsonMappingException && c.getCause() instanceof IllegalArgumentException) {
                return c.getCause().getMessage();
            }
        }
        return "got " + value;
    }

    private static String article(String noun) {
        return ("AEIOUaeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private static Object[] defaults(EntryPoint ep) {
        List<Class<?>> types = ep.parameterTypes();
        Object[] args = new Object[types.size()];
        for (int i = 0; i < args.length; i++) {
            Class<?> t = types.get(i);
            if (t == boolean.class) {
                args[i] = false;
            } else if (t == long.class) {
                args[i] = 0L;
            } else if (t == int.class || t == short.class || t == byte.class) {
                args[i] = 0;
            } else if (t == double.class || t == float.class) {
                args[i] = 0.0;
            } else if (t == char.class) {
                args[i] = 'x';
            }
        }
        return args;
    }
}
