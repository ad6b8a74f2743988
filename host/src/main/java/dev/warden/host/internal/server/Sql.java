package dev.warden.host.internal.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SpacetimeDB's SQL as far as this host reads it (SpacetimeDB 2.8, {@code crates/sql-parser}): the statement parsed
 * into a small syntax tree, not yet checked against the tables ({@link Plan} does that). One grammar serves
 * subscriptions, one-off queries and the {@code /sql} route; what only {@code /sql} accepts (column lists,
 * {@code COUNT(*)}, {@code LIMIT}) is refused for subscriptions by {@link Plan}.
 *
 * <pre>
 * statement  = SELECT projection FROM relation { [INNER] JOIN relation [ON field = field] } [WHERE expr] [LIMIT n] [;]
 * projection = '*' | ident '.' '*' | column [[AS] ident] { ',' column [[AS] ident] } | COUNT '(' '*' ')' AS ident
 * relation   = name [[AS] ident]                     name = ident { '.' ident }
 * expr       = and { OR and }      and = not { AND not }      not = NOT not | cmp
 * cmp        = operand [ ('=' | '&lt;&gt;' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand ]
 * operand    = literal | column | ':sender' | '(' expr ')'     column = ident | ident '.' ident
 * literal    = TRUE | FALSE | ['+'|'-'] number | 'string' | 0x.. | X'..'
 * ident      = [A-Za-z_][A-Za-z0-9_$]* | "quoted ""ident"""
 * </pre>
 *
 * <p>{@code NOT} is Warden's addition: SpacetimeDB 2.8's parser refuses it, but its TypeScript SDK's query builder
 * writes it ({@code .not()}). A refusal is an {@link IllegalArgumentException} with SpacetimeDB's text where it has
 * one. The parser is linear in the text: the text is at most {@link #MAX_LENGTH} characters, nesting (parentheses,
 * {@code NOT}) at most {@link #MAX_DEPTH} deep, and chains of {@code AND}/{@code OR} are kept flat.
 */
final class Sql {

    /** SpacetimeDB's {@code MAX_SQL_LENGTH}. */
    static final int MAX_LENGTH = 50_000;
    /** How deep parentheses and {@code NOT} may nest. */
    static final int MAX_DEPTH = 128;

    private Sql() {}

    // ---- the syntax tree

    /** A scalar or boolean expression. */
    sealed interface Expr permits Lit, Field, Sender, Cmp, Logic, Not {}

    /** The kinds of literal. */
    enum LitKind { BOOL, NUM, STR, HEX }

    /**
     * A literal: its text as SpacetimeDB types it (a string's contents, a number with its sign, a hex literal's
     * digits without {@code 0x} or {@code X'...'}, {@code true}/{@code false}).
     *
     * @param kind the kind
     * @param text the text
     */
    record Lit(LitKind kind, String text) implements Expr {}

    /**
     * A column reference.
     *
     * @param table the qualifier (a table or its alias), or null if unqualified
     * @param column the column
     */
    record Field(String table, String column) implements Expr {}

    /** {@code :sender}, the caller's identity. */
    record Sender() implements Expr {}

    /** Comparison operators, as SpacetimeDB prints them. */
    enum Op {
        EQ("="), NE("<>"), LT("<"), GT(">"), LTE("<="), GTE(">=");

        final String text;

        Op(String text) {
            this.text = text;
        }
    }

    /**
     * A comparison.
     *
     * @param op the operator
     * @param a the left operand
     * @param b the right operand
     */
    record Cmp(Op op, Expr a, Expr b) implements Expr {}

    /**
     * {@code AND} or {@code OR} over two or more operands (kept flat, so a long chain nests no deeper).
     *
     * @param and whether it is {@code AND}
     * @param operands the operands
     */
    record Logic(boolean and, List<Expr> operands) implements Expr {}

    /**
     * {@code NOT}.
     *
     * @param operand the negated expression
     */
    record Not(Expr operand) implements Expr {}

    /**
     * A table in {@code FROM} or {@code JOIN}.
     *
     * @param table its name
     * @param alias its alias (the name if none was given)
     */
    record Relation(String table, String alias) {}

    /**
     * A {@code JOIN}.
     *
     * @param relation the joined table
     * @param on the {@code ON} condition ({@code field = field}), or null for a cross join
     */
    record Join(Relation relation, Cmp on) {}

    /** What a {@code SELECT} returns. */
    sealed interface Projection permits Star, Columns, Count {}

    /**
     * {@code *} or {@code t.*}.
     *
     * @param qualifier the table or alias, or null for {@code *}
     */
    record Star(String qualifier) implements Projection {}

    /**
     * A column list.
     *
     * @param columns the columns
     * @param names each one's name in the answer
     */
    record Columns(List<Field> columns, List<String> names) implements Projection {}

    /**
     * {@code COUNT(*) AS name}.
     *
     * @param name the answer's column name
     */
    record Count(String name) implements Projection {}

    /** A statement. */
    sealed interface Statement permits Select, Dml {}

    /**
     * A {@code SELECT}.
     *
     * @param projection what it returns
     * @param from the first table
     * @param joins the joined tables
     * @param where the filter, or null
     * @param limit the {@code LIMIT}'s text, or null
     */
    record Select(Projection projection, Relation from, List<Join> joins, Expr where, String limit)
            implements Statement {}

    /** A statement that changes rows: run for the database's owner alone, on the {@code /sql} route. */
    sealed interface Dml extends Statement permits Insert, Update, Delete, SetVar {
        /** @return the statement's first word, upper case */
        String keyword();
    }

    /**
     * {@code INSERT INTO t [(a, b)] VALUES (1, 'x'), ...}: as SpacetimeDB, the field list is only counted, and each
     * row's values are the table's columns in order.
     *
     * @param table the table
     * @param fields how many fields the statement lists
     * @param rows the rows' literals
     */
    record Insert(String table, int fields, List<List<Lit>> rows) implements Dml {
        @Override
        public String keyword() {
            return "INSERT";
        }
    }

    /**
     * An assignment of {@code UPDATE}.
     *
     * @param column the column
     * @param value its new value
     */
    record Assignment(String column, Lit value) {}

    /**
     * {@code UPDATE t SET a = 1, ... [WHERE expr]}.
     *
     * @param table the table
     * @param assignments the new values
     * @param where the filter, or null
     */
    record Update(String table, List<Assignment> assignments, Expr where) implements Dml {
        @Override
        public String keyword() {
            return "UPDATE";
        }
    }

    /**
     * {@code DELETE FROM t [WHERE expr]}.
     *
     * @param table the table
     * @param where the filter, or null
     */
    record Delete(String table, Expr where) implements Dml {
        @Override
        public String keyword() {
            return "DELETE";
        }
    }

    /** {@code SET var = value}: a system variable, which this host has none of. */
    record SetVar() implements Dml {
        @Override
        public String keyword() {
            return "SET";
        }
    }

    // ---- tokens

    private enum T { WORD, QUOTED, NUM, STR, HEX, OP, PARAM, END }

    private record Token(T type, String text, int at) {
        boolean is(String keyword) {
            return type == T.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean op(String o) {
            return type == T.OP && text.equals(o);
        }

        String show() {
            return switch (type) {
                case END -> "EOF";
                case QUOTED -> '"' + text + '"';
                case STR -> "'" + text + "'";
                case HEX -> "X'" + text + "'";
                default -> text;
            };
        }
    }

    /** Words that cannot be a bare identifier (an alias after a table, a column). */
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "JOIN", "INNER", "LEFT", "RIGHT",
            "FULL", "OUTER", "CROSS", "ON", "AS", "AND", "OR", "NOT", "LIMIT", "ORDER", "GROUP", "HAVING", "UNION",
            "EXCEPT", "INTERSECT", "OFFSET", "FETCH", "USING", "NATURAL", "TRUE", "FALSE", "NULL", "WITH", "DISTINCT",
            "LIKE", "IS", "IN", "BETWEEN");

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '\u000B')) {
                i++;
            }
            if (i + 1 < n && s.charAt(i) == '-' && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (i + 1 < n && s.charAt(i) == '/' && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw syntax("Unterminated multi-line comment");
                }
                i = end + 2;
                continue;
            }
            if (i >= n) {
                out.add(new Token(T.END, "", i));
                return out;
            }
            char c = s.charAt(i);
            int from = i;
            if ((c == 'x' || c == 'X') && i + 1 < n && s.charAt(i + 1) == '\'') {
                int end = s.indexOf('\'', i + 2);
                if (end < 0) {
                    throw syntax("Unterminated encoded string literal at " + position(s, i));
                }
                String hex = s.substring(i + 2, end);
                if (!isHex(hex)) {
                    throw syntax("Invalid hex string literal " + hex + " at " + position(s, i));
                }
                out.add(new Token(T.HEX, hex, from));
                i = end + 1;
            } else if (identStart(c)) {
                while (i < n && identPart(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(T.WORD, s.substring(from, i), from));
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw syntax("Expected close delimiter '\"' before EOF.");
                    }
                    char x = s.charAt(i++);
                    if (x == '"') {
                        if (i < n && s.charAt(i) == '"') {
                            b.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(x);
                    }
                }
                out.add(new Token(T.QUOTED, b.toString(), from));
            } else if (c == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw syntax("Unterminated string literal at " + position(s, from));
                    }
                    char x = s.charAt(i++);
                    if (x == '\'') {
                        if (i < n && s.charAt(i) == '\'') {
                            b.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(x);
                    }
                }
                out.add(new Token(T.STR, b.toString(), from));
            } else if (c == '0' && i + 1 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                i += 2;
                while (i < n && isHexDigit(s.charAt(i))) {
                    i++;
                }
                if (i == from + 2 || (i < n && identPart(s.charAt(i)))) {
                    throw syntax("Invalid hex literal at " + position(s, from));
                }
                out.add(new Token(T.HEX, s.substring(from + 2, i), from));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                while (i < n && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i < n && s.charAt(i) == '.') {
                    i++;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && Character.isDigit(s.charAt(j))) {
                        i = j;
                        while (i < n && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                }
                if (i < n && identStart(s.charAt(i))) {
                    throw syntax("Expected: end of statement, found: " + s.substring(from, Math.min(n, i + 1))
                            + " at " + position(s, from));
                }
                out.add(new Token(T.NUM, s.substring(from, i), from));
            } else if (c == ':' && i + 1 < n && identStart(s.charAt(i + 1))) {
                i++;
                while (i < n && identPart(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(T.PARAM, s.substring(from, i), from));
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("<>") || two.equals("!=") || two.equals("<=") || two.equals(">=")
                        || two.equals("||") || two.equals("::")) {
                    out.add(new Token(T.OP, two, from));
                    i += 2;
                } else if ("=<>*(),.;+-/%".indexOf(c) >= 0) {
                    out.add(new Token(T.OP, String.valueOf(c), from));
                    i++;
                } else {
                    throw syntax("Unexpected character '" + c + "' at " + position(s, from));
                }
            }
        }
    }

    private static String position(String s, int at) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < at; k++) {
            if (s.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return "Line: " + line + ", Column: " + col;
    }

    private static boolean identStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean identPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isHex(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (!isHexDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    static IllegalArgumentException syntax(String what) {
        return new IllegalArgumentException("sql parser error: " + what);
    }

    // ---- the parser

    /**
     * @param sql a statement
     * @return its syntax tree
     * @throws IllegalArgumentException if it is too long, not SQL, or not a statement SpacetimeDB accepts
     */
    static Statement parse(String sql) {
        if (sql.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("SQL query exceeds maximum allowed length: \""
                    + sql.substring(0, 120) + "...\"");
        }
        return new Parser(sql, lex(sql)).statement();
    }

    private static final class Parser {
        private final String sql;
        private final List<Token> tokens;
        private int p;
        private int depth;

        Parser(String sql, List<Token> tokens) {
            this.sql = sql;
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(p);
        }

        Token next() {
            Token t = tokens.get(p);
            if (t.type != T.END) {
                p++;
            }
            return t;
        }

        boolean accept(String keyword) {
            if (peek().is(keyword)) {
                p++;
                return true;
            }
            return false;
        }

        boolean acceptOp(String op) {
            if (peek().op(op)) {
                p++;
                return true;
            }
            return false;
        }

        IllegalArgumentException expected(String what) {
            Token t = peek();
            return syntax("Expected: " + what + ", found: " + t.show()
                    + (t.type == T.END ? "" : " at " + position(sql, t.at)));
        }

        void expectOp(String op) {
            if (!acceptOp(op)) {
                throw expected(op);
            }
        }

        Statement statement() {
            while (acceptOp(";")) {
                // leading empty statements
            }
            Token first = peek();
            if (first.type == T.END) {
                throw new IllegalArgumentException("Empty SQL query");
            }
            Statement s;
            if (first.is("SELECT")) {
                p++;
                s = select();
            } else if (first.is("INSERT")) {
                p++;
                s = insert();
            } else if (first.is("UPDATE")) {
                p++;
                s = update();
            } else if (first.is("DELETE")) {
                p++;
                s = delete();
            } else if (first.is("SET")) {
                // a system variable: refused as a whole, its text not parsed further
                return new SetVar();
            } else if (first.is("WITH") || first.op("(")) {
                throw new IllegalArgumentException("Unsupported: " + sql.strip());
            } else if (first.is("SHOW")) {
                throw new IllegalArgumentException("Unsupported: SHOW statements on this host");
            } else {
                throw expected("an SQL statement");
            }
            boolean ended = false;
            while (acceptOp(";")) {
                ended = true;
            }
            if (peek().type != T.END) {
                if (ended) {
                    throw new IllegalArgumentException("Multiple SQL statements are not supported");
                }
                throw expected("end of statement");
            }
            return s;
        }

        Insert insert() {
            if (!accept("INTO")) {
                throw expected("INTO");
            }
            String table = name();
            int fields = 0;
            if (acceptOp("(")) {
                do {
                    ident();
                    fields++;
                } while (acceptOp(","));
                expectOp(")");
            }
            if (!accept("VALUES")) {
                throw expected("VALUES");
            }
            List<List<Lit>> rows = new ArrayList<>();
            do {
                expectOp("(");
                List<Lit> row = new ArrayList<>();
                do {
                    row.add(literal());
                } while (acceptOp(","));
                expectOp(")");
                rows.add(List.copyOf(row));
            } while (acceptOp(","));
            return new Insert(table, fields, List.copyOf(rows));
        }

        Update update() {
            String table = name();
            if (!accept("SET")) {
                throw expected("SET");
            }
            List<Assignment> assignments = new ArrayList<>();
            do {
                String column = ident();
                expectOp("=");
                assignments.add(new Assignment(column, literal()));
            } while (acceptOp(","));
            Expr where = accept("WHERE") ? expr() : null;
            return new Update(table, List.copyOf(assignments), where);
        }

        Delete delete() {
            if (!accept("FROM")) {
                throw expected("FROM");
            }
            String table = name();
            Expr where = accept("WHERE") ? expr() : null;
            return new Delete(table, where);
        }

        /** A table's (dotted) name. */
        String name() {
            String name = ident();
            while (acceptOp(".")) {
                name = name + "." + ident();
            }
            return name;
        }

        /** A literal value (of {@code INSERT} or {@code SET}). */
        Lit literal() {
            int at = p;
            Expr e = operand();
            if (!(e instanceof Lit l)) {
                p = at;
                throw expected("a literal");
            }
            return l;
        }

        Select select() {
            if (peek().is("DISTINCT") || peek().is("TOP") || peek().is("ALL")) {
                throw new IllegalArgumentException("Unsupported SELECT: " + sql.strip());
            }
            Projection projection = projection();
            if (!accept("FROM")) {
                if (peek().type == T.END || peek().op(";")) {
                    throw new IllegalArgumentException("A FROM clause is required");
                }
                throw expected("FROM");
            }
            Relation from = relation();
            if (peek().op(",")) {
                throw new IllegalArgumentException("Implicit joins are not supported");
            }
            List<Join> joins = new ArrayList<>();
            while (true) {
                if (peek().is("LEFT") || peek().is("RIGHT") || peek().is("FULL") || peek().is("OUTER")
                        || peek().is("NATURAL")) {
                    throw new IllegalArgumentException("Non-inner joins are not supported");
                }
                boolean cross = false;
                if (accept("CROSS")) {
                    cross = true;
                    if (!accept("JOIN")) {
                        throw expected("JOIN");
                    }
                } else if (accept("INNER")) {
                    if (!accept("JOIN")) {
                        throw expected("JOIN");
                    }
                } else if (!accept("JOIN")) {
                    break;
                }
                Relation r = relation();
                Cmp on = null;
                if (!cross && accept("ON")) {
                    int at = p;
                    Expr e = expr();
                    if (!(e instanceof Cmp c && c.op == Op.EQ && c.a instanceof Field && c.b instanceof Field)) {
                        p = at;
                        throw new IllegalArgumentException("Non-inner joins are not supported");
                    }
                    on = c;
                } else if (!cross && peek().is("USING")) {
                    throw new IllegalArgumentException("Non-inner joins are not supported");
                }
                joins.add(new Join(r, on));
            }
            Expr where = null;
            if (accept("WHERE")) {
                where = expr();
            }
            if (peek().is("GROUP") || peek().is("HAVING")) {
                throw new IllegalArgumentException("Unsupported SELECT: " + sql.strip());
            }
            if (peek().is("ORDER") || peek().is("OFFSET") || peek().is("FETCH")) {
                throw new IllegalArgumentException("Unsupported: " + sql.strip());
            }
            String limit = null;
            if (accept("LIMIT")) {
                Token t = next();
                if (t.type != T.NUM) {
                    throw new IllegalArgumentException("Unsupported LIMIT expression: " + t.show());
                }
                limit = t.text;
            }
            if (peek().is("UNION") || peek().is("EXCEPT") || peek().is("INTERSECT")) {
                throw new IllegalArgumentException("Unsupported set operation: " + sql.strip());
            }
            return new Select(projection, from, List.copyOf(joins), where, limit);
        }

        Projection projection() {
            if (acceptOp("*")) {
                return new Star(null);
            }
            if (peek().is("COUNT") && tokens.get(p + 1).op("(")) {
                p += 2;
                expectOp("*");
                expectOp(")");
                if (!accept("AS")) {
                    throw new IllegalArgumentException("Aggregate expressions must have column aliases");
                }
                return new Count(ident());
            }
            // ident '.' '*' ?
            if (isIdent(peek()) && tokens.get(p + 1).op(".")) {
                int at = p;
                List<String> parts = new ArrayList<>();
                parts.add(ident());
                while (acceptOp(".")) {
                    if (acceptOp("*")) {
                        return new Star(String.join(".", parts));
                    }
                    parts.add(ident());
                }
                p = at;
            }
            List<Field> columns = new ArrayList<>();
            List<String> names = new ArrayList<>();
            do {
                if (peek().op("*")) {
                    throw new IllegalArgumentException("Mixed wildcard projections are not supported");
                }
                Field f = column();
                columns.add(f);
                String name = f.column;
                if (accept("AS")) {
                    name = ident();
                } else if (isIdent(peek()) && !peek().is("FROM")) {
                    name = ident();
                }
                names.add(name);
            } while (acceptOp(","));
            return new Columns(List.copyOf(columns), List.copyOf(names));
        }

        Relation relation() {
            if (peek().op("(")) {
                throw new IllegalArgumentException("Unsupported FROM expression: " + sql.strip());
            }
            String name = ident();
            while (acceptOp(".")) {
                name = name + "." + ident();
            }
            String alias = name;
            if (accept("AS")) {
                alias = ident();
            } else if (isIdent(peek())) {
                alias = ident();
            }
            return new Relation(name, alias);
        }

        boolean isIdent(Token t) {
            return t.type == T.QUOTED || t.type == T.WORD && !RESERVED.contains(t.text.toUpperCase(Locale.ROOT));
        }

        String ident() {
            Token t = peek();
            if (!isIdent(t)) {
                throw expected("identifier");
            }
            p++;
            return t.text;
        }

        /** {@code ident} or {@code name.ident}: the last part is the column, the rest the (dotted) table. */
        Field column() {
            List<String> parts = new ArrayList<>();
            parts.add(ident());
            while (peek().op(".") && isIdent(tokens.get(p + 1))) {
                p++;
                parts.add(ident());
            }
            if (parts.size() == 1) {
                return new Field(null, parts.get(0));
            }
            return new Field(String.join(".", parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1));
        }

        Expr expr() {
            enter();
            List<Expr> ors = new ArrayList<>();
            ors.add(and());
            while (accept("OR")) {
                ors.add(and());
            }
            depth--;
            return ors.size() == 1 ? ors.get(0) : new Logic(false, List.copyOf(ors));
        }

        Expr and() {
            List<Expr> ands = new ArrayList<>();
            ands.add(not());
            while (accept("AND")) {
                ands.add(not());
            }
            return ands.size() == 1 ? ands.get(0) : new Logic(true, List.copyOf(ands));
        }

        Expr not() {
            if (accept("NOT")) {
                enter();
                Expr e = not();
                depth--;
                return new Not(e);
            }
            return cmp();
        }

        void enter() {
            if (++depth > MAX_DEPTH) {
                throw new IllegalArgumentException("Recursion limit exceeded, `sql-parser::parse_expr`");
            }
        }

        Expr cmp() {
            Expr a = operand();
            Token t = peek();
            Op op = null;
            if (t.type == T.OP) {
                op = switch (t.text) {
                    case "=" -> Op.EQ;
                    case "<>", "!=" -> Op.NE;
                    case "<" -> Op.LT;
                    case ">" -> Op.GT;
                    case "<=" -> Op.LTE;
                    case ">=" -> Op.GTE;
                    case "+", "-", "*", "/", "%", "||" -> throw new IllegalArgumentException(
                            "Unsupported binary operator: " + t.text);
                    default -> null;
                };
            } else if (t.is("LIKE") || t.is("IS") || t.is("IN") || t.is("BETWEEN") || t.is("ILIKE")) {
                throw new IllegalArgumentException("Unsupported expression: " + sql.strip());
            }
            if (op == null) {
                return a;
            }
            p++;
            Expr b = operand();
            if (peek().type == T.OP && Set.of("=", "<>", "!=", "<", ">", "<=", ">=").contains(peek().text)) {
                throw expected("end of expression");
            }
            return new Cmp(op, a, b);
        }

        Expr operand() {
            Token t = peek();
            if (t.op("(")) {
                p++;
                Expr e = expr();
                expectOp(")");
                return e;
            }
            if (t.op("-") || t.op("+")) {
                p++;
                Token n = next();
                if (n.type != T.NUM) {
                    throw new IllegalArgumentException("Unsupported expression: " + t.text + n.show());
                }
                return new Lit(LitKind.NUM, t.text + n.text);
            }
            switch (t.type) {
                case NUM -> {
                    p++;
                    return new Lit(LitKind.NUM, t.text);
                }
                case STR -> {
                    p++;
                    return new Lit(LitKind.STR, t.text);
                }
                case HEX -> {
                    p++;
                    return new Lit(LitKind.HEX, t.text);
                }
                case PARAM -> {
                    p++;
                    if (!t.text.equals(":sender")) {
                        throw new IllegalArgumentException("Unsupported literal expression: " + t.text);
                    }
                    return new Sender();
                }
                default -> {
                    // fall through to words
                }
            }
            if (t.is("TRUE") || t.is("FALSE")) {
                p++;
                return new Lit(LitKind.BOOL, t.text.toLowerCase(Locale.ROOT));
            }
            if (t.is("NULL")) {
                throw new IllegalArgumentException("Unsupported literal expression: NULL");
            }
            if (isIdent(t)) {
                if (tokens.get(p + 1).op("(")) {
                    throw new IllegalArgumentException("Unsupported expression: " + sql.strip());
                }
                return column();
            }
            throw expected("an expression");
        }
    }
}
