package dev.warden.core.internal;

/** Rendering of attacker-controlled strings in messages and logs: quoted, truncated, control characters escaped. */
public final class Text {

    private static final int MAX = 64;

    private Text() {}

    /**
     * @param s untrusted text, possibly null
     * @return a safe, bounded rendering in single quotes
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8).append('\'');
        int n = Math.min(s.length(), MAX);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\' || (c >= 0x80 && Character.isISOControl(c))
                    || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }
}
