package dev.warden.host;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Test vectors written one field a line: hex digits (spaces allowed), {@code "text"} for its UTF-8 bytes, then an
 * optional {@code //} comment.
 */
public final class Hex {

    private static final HexFormat HEX = HexFormat.of();

    private Hex() {}

    public static byte[] bytes(String annotated) {
        StringBuilder digits = new StringBuilder();
        for (String line : annotated.split("\n")) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    int end = line.indexOf('"', i + 1);
                    digits.append(HEX.formatHex(line.substring(i + 1, end).getBytes(StandardCharsets.UTF_8)));
                    i = end;
                } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                    break;
                } else if (!Character.isWhitespace(c)) {
                    digits.append(c);
                }
            }
        }
        return HEX.parseHex(digits);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
