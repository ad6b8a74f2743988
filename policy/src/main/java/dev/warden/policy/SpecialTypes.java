package dev.warden.policy;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a client writes SpacetimeDB's special types as JSON arguments: {@link Identity}, {@link ConnectionId}
 * and a {@code Timestamp} (an {@link Instant}). The one definition of these forms: the host's HTTP API and the
 * testkit's {@code AuthorizationMatrix} both convert through it. Stateless and thread-safe.
 *
 * <ul>
 * <li>{@code Identity}: its 64 hex digits, bare or after {@code 0x}, or SpacetimeDB's
 *     {@code {"__identity__": ...}} holding the hex or the 256-bit number in decimal.</li>
 * <li>{@code ConnectionId}: its 32 hex digits, bare or after {@code 0x}, or SpacetimeDB's
 *     {@code {"__connection_id__": ...}} holding the 128-bit number in decimal (as SpacetimeDB writes it) or
 *     the hex.</li>
 * <li>{@code Instant}: SpacetimeDB's {@code {"__timestamp_micros_since_unix_epoch__": ...}} holding an integer,
 *     or an ISO-8601 instant such as {@code "2025-06-01T12:00:00Z"}.</li>
 * </ul>
 *
 * JSON values are taken as plain Java values, as a JSON library reads them untyped: a {@code String}, a
 * {@code Number} ({@code Integer}, {@code Long}, {@code BigInteger}, ...), a {@code Boolean}, a {@code List}
 * or a {@code Map<String, ?>}.
 */
public final class SpecialTypes {

    private static final String IDENTITY_FIELD = "__identity__";
    private static final String CONNECTION_ID_FIELD = "__connection_id__";
    private static final String TIMESTAMP_FIELD = "__timestamp_micros_since_unix_epoch__";
    private static final BigInteger U128 = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger U256 = BigInteger.ONE.shiftLeft(256);
    private static final int SHOWN = 80;

    private SpecialTypes() {}

    /**
     * @param type a parameter type
     * @return whether it is {@code Identity}, {@code ConnectionId} or {@code Instant}
     */
    public static boolean isSpecial(Class<?> type) {
        return type == Identity.class || type == ConnectionId.class || type == Instant.class;
    }

    /**
     * @param type {@code Identity}, {@code ConnectionId} or {@code Instant}
     * @return the JSON forms accepted for it, for messages and documentation
     * @throws IllegalArgumentException if the type is not a special type
     */
    public static String forms(Class<?> type) {
        if (type == Identity.class) {
            return "64 hex digits, \"0x\" and 64 hex digits, or {\"" + IDENTITY_FIELD + "\": <the hex, or the number "
                    + "in decimal>}";
        }
        if (type == ConnectionId.class) {
            return "32 hex digits, \"0x\" and 32 hex digits, or {\"" + CONNECTION_ID_FIELD + "\": <the number in "
                    + "decimal, or the hex>}";
        }
        if (type == Instant.class) {
            return "{\"" + TIMESTAMP_FIELD + "\": <an integer>} or an ISO-8601 instant such as "
                    + "\"2025-06-01T12:00:00Z\"";
        }
        throw new IllegalArgumentException(Objects.requireNonNull(type, "type").getName() + " is not a special type");
    }

    /**
     * @param type {@code Identity}, {@code ConnectionId} or {@code Instant}
     * @param json the JSON value, as a plain Java value (see the class comment); not null
     * @param <T> the type
     * @return the value
     * @throws IllegalArgumentException naming the accepted forms ({@link #forms}) and what was given, if the
     *     value has none of them, or the type is not a special type
     */
    public static <T> T fromJson(Class<T> type, Object json) {
        Objects.requireNonNull(json, "json");
        String forms = forms(type);
        Object value = json;
        try {
            if (type == Identity.class) {
                value = unwrap(json, IDENTITY_FIELD);
                return type.cast(value instanceof String ? Identity.fromHex((String) value)
                        : Identity.fromHex(hexOf(value, U256, Identity.BYTES)));
            }
            if (type == ConnectionId.class) {
                value = unwrap(json, CONNECTION_ID_FIELD);
                return type.cast(value instanceof String ? ConnectionId.fromHex((String) value)
                        : ConnectionId.fromHex(hexOf(value, U128, ConnectionId.BYTES)));
            }
            if (json instanceof String) {
                return type.cast(Instant.parse((String) json));
            }
            value = unwrap(json, TIMESTAMP_FIELD);
            long micros = exactLong(value);
            return type.cast(Instant.EPOCH.plusSeconds(Math.floorDiv(micros, 1_000_000L))
                    .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L));
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("expected " + forms + ", got " + shown(json), e);
        }
    }

    /** The object's one field, or the value itself if it is not an object. */
    private static Object unwrap(Object json, String field) {
        if (!(json instanceof Map)) {
            return json;
        }
        Map<?, ?> m = (Map<?, ?>) json;
        if (m.size() != 1 || !m.containsKey(field) || m.get(field) == null) {
            throw new IllegalArgumentException("an object must hold exactly " + field);
        }
        return m.get(field);
    }

    /** A non-negative integer below {@code limit}, as {@code bytes * 2} hex digits. */
    private static String hexOf(Object value, BigInteger limit, int bytes) {
        BigInteger n = integer(value);
        if (n.signum() < 0 || n.compareTo(limit) >= 0) {
            throw new IllegalArgumentException("out of range");
        }
        String hex = n.toString(16);
        return "0".repeat(bytes * 2 - hex.length()) + hex;
    }

    private static long exactLong(Object value) {
        return integer(value).longValueExact();
    }

    private static BigInteger integer(Object value) {
        if (value instanceof BigInteger) {
            return (BigInteger) value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        throw new IllegalArgumentException("not an integer");
    }

    /** The given value, short, for a message: the client's own input, cut. */
    private static String shown(Object json) {
        if (json instanceof String) {
            String s = (String) json;
            String cut = s.length() > SHOWN ? s.substring(0, SHOWN) + "..." : s;
            return "\"" + cut.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\p{Cntrl}", "?") + "\"";
        }
        if (json instanceof Map) {
            return "an object with keys " + shownKeys((Map<?, ?>) json);
        }
        if (json instanceof List) {
            return "an array";
        }
        String s = String.valueOf(json);
        return s.length() > SHOWN ? s.substring(0, SHOWN) + "..." : s;
    }

    private static String shownKeys(Map<?, ?> m) {
        StringBuilder b = new StringBuilder("[");
        int n = 0;
        for (Object k : m.keySet()) {
            if (n++ == 3) {
                b.append(", ...");
                break;
            }
            b.append(n > 1 ? ", " : "").append(shown(String.valueOf(k)));
        }
        return b.append(']').toString();
    }
}
