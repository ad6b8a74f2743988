package dev.warden.testkit;

import java.util.ArrayList;
import java.util.List;

/** Splits the CSV lines of an {@link AuthorizationMatrix}. */
final class CsvCells {

    private CsvCells() {}

    /**
     * The cells of one CSV line: a cell starting with a double quote runs to the closing one ({@code ""} is a
     * quote); elsewhere a comma splits, except inside parentheses, so {@code edit_post(0, "x")} is one cell.
     */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder cell = new StringBuilder();
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                for (i++; ; i++) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("unbalanced quote in CSV line: " + line);
                    }
                    if (line.charAt(i) == '"' && !(i + 1 < line.length() && line.charAt(i + 1) == '"')) {
                        i++;
                        break;
                    }
                    i += line.charAt(i) == '"' ? 1 : 0;
                    cell.append(line.charAt(i));
                }
            }
            int depth = 0;
            boolean inString = false;
            for (; i < line.length() && (line.charAt(i) != ',' || depth > 0); i++) {
                char ch = line.charAt(i);
                if (depth > 0 && ch == '"' && line.charAt(i - 1) != '\\') {
                    inString = !inString;
                } else if (!inString && (ch == '(' || ch == ')')) {
                    depth += ch == '(' ? 1 : -1;
                }
                cell.append(ch);
            }
            cells.add(cell.toString().trim());
            if (i >= line.length()) {
                return cells;
            }
            i++;
        }
    }
}
