package dev.warden.policy;

import java.util.List;

/**
 * A module cannot be guarded: one exception lists every problem found (unguarded entry points,
 * contradictions, unknown policies, empty role lists, ...), so all can be fixed at once.
 */
public final class PolicyCompilationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param module the module class
     * @param problems every problem, one line each, each naming its entry point (non-empty)
     */
    PolicyCompilationException(Class<?> module, List<String> problems) {
        super(message(module, problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * The first line names the module and the first problem, which names its method: build tools and test
     * reports often show only that line. With more problems, every one follows, one per line.
     */
    private static String message(Class<?> module, List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a compilation fails for at least one problem");
        }
        String first = "cannot guard " + module.getName() + ": " + problems.get(0);
        if (problems.size() == 1) {
            return first;
        }
        return first + " (1 of " + problems.size() + " problems, all listed below)\n  - "
                + String.join("\n  - ", problems);
    }

    /** @return every problem */
    public List<String> problems() {
        return problems;
    }
}
