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
     * @param problems every problem, one line each
     */
    PolicyCompilationException(Class<?> module, List<String> problems) {
        super("cannot guard " + module.getName() + ": " + problems.size() + " problem(s)\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem */
    public List<String> problems() {
        return problems;
    }
}
