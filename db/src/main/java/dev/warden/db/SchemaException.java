package dev.warden.db;

import java.util.List;

/**
 * A module's tables cannot be built: every problem is listed, the first one in the message's first line
 * ({@code cannot build the tables: account.balance: ...}), as for guards, so a module never starts half declared.
 */
public final class SchemaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems each problem, naming its table and column */
    public SchemaException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SchemaException needs a problem");
        }
        StringBuilder b = new StringBuilder("cannot build the tables: ").append(problems.get(0));
        if (problems.size() > 1) {
            b.append(" (1 of ").append(problems.size()).append(" problems, all listed below)");
            for (String p : problems) {
                b.append("\n  - ").append(p);
            }
        }
        return b.toString();
    }

    /** @return every problem, in the order found */
    public List<String> problems() {
        return problems;
    }
}
