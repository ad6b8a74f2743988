package dev.warden.policy.internal;

import java.util.Collection;

/** "Did you mean": the declared role, or registered policy or row policy, nearest to a misspelt name. */
final class RoleNames {

    private RoleNames() {}

    /**
     * @param name a role or policy name that is not declared
     * @param declared the declared names
     * @return the nearest declared name within a small edit distance (case differences cost nothing extra), or
     *     null if none is close
     */
    static String nearest(String name, Collection<String> declared) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String d : declared) {
            int distance = d.equalsIgnoreCase(name) ? 0 : distance(name, d);
            if (distance < bestDistance) {
                best = d;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
