package dev.warden.host.internal.codegen;

/**
 * Text written line by line at an indentation level: a line's indentation is written when its first text is, so
 * an empty line stays empty. The same rule as the code indenter of SpacetimeDB's code generators, so that the
 * generated text has the same shape before any formatter runs.
 */
final class Indenter {

    private static final String INDENT = "  ";

    private final StringBuilder out = new StringBuilder();
    private int level;
    private boolean needsIndenting = true;

    void indent() {
        level++;
    }

    void dedent() {
        level = Math.max(0, level - 1);
    }

    /** Writes text, indenting each line that starts in it (but an empty one). */
    Indenter write(String s) {
        int start = 0;
        boolean first = true;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl + 1;
            String line = s.substring(start, end);
            boolean writeIndent = !first || needsIndenting;
            if (first) {
                needsIndenting = false;
            }
            if (writeIndent && !line.equals("\n")) {
                out.append(INDENT.repeat(level));
            }
            out.append(line);
            first = false;
            start = end;
        }
        needsIndenting = s.endsWith("\n");
        return this;
    }

    /** Writes text and a line break. */
    Indenter line(String s) {
        return write(s + "\n");
    }

    /** A line break. */
    Indenter line() {
        return write("\n");
    }

    /** A line break written as is, leaving whether the next text is indented as it was. */
    Indenter newline() {
        out.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
