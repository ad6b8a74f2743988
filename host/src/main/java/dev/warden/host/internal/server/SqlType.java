package dev.warden.host.internal.server;

import dev.warden.core.ConnectionId;
import dev.warden.core.Identity;
import dev.warden.host.Unsigned;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A column's type as SpacetimeDB's SQL sees it (its {@code AlgebraicType}), derived from the Java type: what a
 * literal of it may be, how two of its values compare, and how SpacetimeDB prints it in an error
 * ({@code fmt_algebraic_type}: {@code U32}, {@code String}, {@code (__identity__: U256)}, {@code Array<U8>}).
 *
 * <p>Values are compared in a normal form: every integer of 64 bits or fewer as a {@code Long} (an unsigned one
 * zero-extended, a {@code u64} compared unsigned), 128-bit ones as {@code BigInteger}, floats as {@code Double},
 * timestamps as microseconds, identities and connection ids as themselves (their order is the numeric order).
 *
 * @param kind what it is
 * @param name how SpacetimeDB prints it
 * @param javaType the column's Java class (for an index lookup's key), or null for a composite
 */
record SqlType(Kind kind, String name, Class<?> javaType) {

    /** The kinds of column. */
    enum Kind {
        BOOL, I8, U8, I16, U16, I32, U32, I64, U64, I128, U128, F32, F64, STRING, BYTES, IDENTITY, CONNECTION_ID,
        TIMESTAMP, DURATION, OTHER;

        boolean integer() {
            return ordinal() >= I8.ordinal() && ordinal() <= U128.ordinal();
        }
    }

    static final SqlType BOOL = new SqlType(Kind.BOOL, "Bool", boolean.class);
    static final SqlType IDENTITY = new SqlType(Kind.IDENTITY, "(__identity__: U256)", Identity.class);

    /**
     * @param rc a row record's component
     * @return its column type
     */
    static SqlType of(RecordComponent rc) {
        return of(rc.getGenericType(), rc.getAnnotatedType());
    }

    static SqlType of(Type t, AnnotatedType annotated) {
        boolean unsigned = annotated != null && annotated.isAnnotationPresent(Unsigned.class);
        if (t instanceof Class<?> c) {
            Kind k = scalar(c, unsigned);
            if (k != null) {
                return new SqlType(k, scalarName(k), c);
            }
            if (c.isRecord()) {
                List<String> parts = new ArrayList<>();
                for (RecordComponent r : c.getRecordComponents()) {
                    parts.add(r.getName() + ": " + of(r).name);
                }
                return new SqlType(Kind.OTHER, "(" + String.join(", ", parts) + ")", null);
            }
            if (c.isEnum()) {
                List<String> parts = new ArrayList<>();
                for (Object e : c.getEnumConstants()) {
                    parts.add(((Enum<?>) e).name() + ": ()");
                }
                return new SqlType(Kind.OTHER, parts.isEmpty() ? "(|)" : "(" + String.join(" | ", parts) + ")",
                        null);
            }
            if (c.isSealed()) {
                List<String> parts = new ArrayList<>();
                for (Class<?> v : c.getPermittedSubclasses()) {
                    parts.add(v.getSimpleName() + ": " + of(v, null).name);
                }
                return new SqlType(Kind.OTHER, "(" + String.join(" | ", parts) + ")", null);
            }
            if (c.isArray()) {
                return new SqlType(Kind.OTHER, "Array<" + of(c.getComponentType(), null).name + ">", null);
            }
            return new SqlType(Kind.OTHER, c.getSimpleName(), null);
        }
        if (t instanceof ParameterizedType p) {
            Type arg = p.getActualTypeArguments()[0];
            AnnotatedType argAnnotated = annotated instanceof AnnotatedParameterizedType ap
                    ? ap.getAnnotatedActualTypeArguments()[0] : null;
            String inner = of(arg, argAnnotated).name;
            if (p.getRawType() == Optional.class) {
                return new SqlType(Kind.OTHER, "(some: " + inner + " | none: ())", null);
            }
            return new SqlType(Kind.OTHER, "Array<" + inner + ">", null);
        }
        return new SqlType(Kind.OTHER, t.getTypeName(), null);
    }

    private static Kind scalar(Class<?> c, boolean unsigned) {
        if (c == boolean.class || c == Boolean.class) {
            return Kind.BOOL;
        }
        if (c == byte.class || c == Byte.class) {
            return unsigned ? Kind.U8 : Kind.I8;
        }
        if (c == short.class || c == Short.class) {
            return unsigned ? Kind.U16 : Kind.I16;
        }
        if (c == int.class || c == Integer.class) {
            return unsigned ? Kind.U32 : Kind.I32;
        }
        if (c == long.class || c == Long.class) {
            return unsigned ? Kind.U64 : Kind.I64;
        }
        if (c == BigInteger.class) {
            return unsigned ? Kind.U128 : Kind.I128;
        }
        if (c == float.class || c == Float.class) {
            return Kind.F32;
        }
        if (c == double.class || c == Double.class) {
            return Kind.F64;
        }
        if (c == String.class) {
            return Kind.STRING;
        }
        if (c == byte[].class) {
            return Kind.BYTES;
        }
        if (c == Identity.class) {
            return Kind.IDENTITY;
        }
        if (c == ConnectionId.class) {
            return Kind.CONNECTION_ID;
        }
        if (c == Instant.class) {
            return Kind.TIMESTAMP;
        }
        if (c == Duration.class) {
            return Kind.DURATION;
        }
        return null;
    }

    private static String scalarName(Kind k) {
        return switch (k) {
            case BOOL -> "Bool";
            case STRING -> "String";
            case BYTES -> "Array<U8>";
            case IDENTITY -> "(__identity__: U256)";
            case CONNECTION_ID -> "(__connection_id__: U128)";
            case TIMESTAMP -> "(__timestamp_micros_since_unix_epoch__: I64)";
            case DURATION -> "(__time_duration_micros__: I64)";
            default -> k.name();
        };
    }

    /** @return whether SpacetimeDB's comparison operators apply to it ({@code op_supports_type}) */
    boolean comparable() {
        return kind != Kind.OTHER && kind != Kind.DURATION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SqlType t && t.kind == kind && t.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * A row's value in normal form.
     *
     * @param v the value as the record holds it
     * @return its normal form
     */
    Object normal(Object v) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case I8, I16, I32, I64 -> ((Number) v).longValue();
            case U8 -> Byte.toUnsignedLong((Byte) v);
            case U16 -> Short.toUnsignedLong((Short) v);
            case U32 -> Integer.toUnsignedLong((Integer) v);
            case U64 -> v;
            case F32, F64 -> ((Number) v).doubleValue();
            case TIMESTAMP -> micros((Instant) v);
            default -> v;
        };
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    /**
     * @param a a normal value
     * @param b another of the same type
     * @return their order
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    int compare(Object a, Object b) {
        return switch (kind) {
            case U64 -> Long.compareUnsigned((Long) a, (Long) b);
            case F32, F64 -> Double.compare((Double) a, (Double) b);
            case BYTES -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            default -> ((Comparable) a).compareTo(b);
        };
    }

    /**
     * @param a a normal value
     * @param b another of the same type
     * @return whether they are equal
     */
    boolean same(Object a, Object b) {
        if (kind == Kind.BYTES) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        return a.equals(b);
    }

    /**
     * Parses a literal's text as this type, as SpacetimeDB's {@code parse} does: integers through a decimal (so
     * {@code 1e3} is an integer, {@code 0.1} is not, bounds checked), floats from any decimal within the type's range
     * (one that would round to an infinity, or to zero without being zero, is refused), strings as written,
     * timestamps as RFC 3339, identities, connection ids and byte arrays from hex.
     *
     * @param text the literal's text
     * @return the value in normal form
     * @throws IllegalArgumentException with SpacetimeDB's text if it cannot be
     */
    Object literal(String text) {
        try {
            Object v = parse(text);
            if (v != null) {
                return v;
            }
        } catch (RuntimeException e) {
            // refused below
        }
        throw new IllegalArgumentException("The literal expression `" + text + "` cannot be parsed as type `" + name
                + "`");
    }

    private Object parse(String text) {
        switch (kind) {
            case I8, U8, I16, U16, I32, U32, I64, U64, I128, U128 -> {
                BigInteger i = integer(text);
                if (i == null) {
                    return null;
                }
                BigInteger[] range = range(kind);
                if (i.compareTo(range[0]) < 0 || i.compareTo(range[1]) > 0) {
                    return null;
                }
                return kind == Kind.I128 || kind == Kind.U128 ? i : (Object) i.longValue();
            }
            case F32, F64 -> {
                return floating(text, kind == Kind.F32);
            }
            case STRING -> {
                return text;
            }
            case BYTES -> {
                String h = text.startsWith("0x") ? text.substring(2) : text;
                return HexFormat.of().parseHex(h);
            }
            case IDENTITY -> {
                return Identity.fromHex(text);
            }
            case CONNECTION_ID -> {
                return ConnectionId.fromHex(text);
            }
            case TIMESTAMP -> {
                return micros(timestamp(text));
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The largest power of ten an integer literal's leading digit may have: every integer type holds less than
     * 10<sup>39</sup> (2<sup>128</sup> is about 3.4 &times; 10<sup>38</sup>).
     */
    private static final long MAX_INTEGER_MAGNITUDE = 38;
    /**
     * The powers of ten a float literal's leading digit may have before it is converted: beyond them any value is
     * infinite or zero as an {@code f64} (whose range is about 4.9 &times; 10<sup>-324</sup> to 1.8 &times;
     * 10<sup>308</sup>), so it is refused without converting.
     */
    private static final long MAX_FLOAT_MAGNITUDE = 400;

    /**
     * A number literal as {@code digits} &times; 10<sup>{@code exponent}</sup>, read from its text without any
     * arithmetic, so that its size is known before it is converted: {@code 1e300000000} is one digit and an exponent,
     * not a number of a billion bits.
     *
     * @param negative whether it has a minus sign
     * @param digits its significant digits, without leading or trailing zeros (empty for zero)
     * @param exponent the power of ten of its last digit (saturated far beyond any type's range)
     */
    record Decimal(boolean negative, String digits, long exponent) {

        /** How far an exponent is read: past this, it is the same as this (out of every type's range). */
        private static final long SATURATED = 1_000_000_000_000L;

        /**
         * @param text {@code [+|-] digits [. digits] [(e|E) [+|-] digits]} (or {@code .digits}), as the lexer reads
         *     a number and the parser signs it
         * @return it, or null if it is not a number
         */
        static Decimal of(String text) {
            int i = 0;
            int n = text.length();
            boolean negative = false;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                negative = text.charAt(i) == '-';
                i++;
            }
            StringBuilder digits = new StringBuilder();
            int intStart = i;
            while (i < n && isDigit(text.charAt(i))) {
                digits.append(text.charAt(i++));
            }
            int fraction = 0;
            if (i < n && text.charAt(i) == '.') {
                i++;
                while (i < n && isDigit(text.charAt(i))) {
                    digits.append(text.charAt(i++));
                    fraction++;
                }
            }
            if (digits.length() == 0 || i == intStart && fraction == 0) {
                return null;
            }
            long exponent = 0;
            if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                i++;
                boolean minus = false;
                if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                    minus = text.charAt(i) == '-';
                    i++;
                }
                if (i == n) {
                    return null;
                }
                while (i < n && isDigit(text.charAt(i))) {
                    exponent = Math.min(SATURATED, exponent * 10 + (text.charAt(i++) - '0'));
                }
                exponent = minus ? -exponent : exponent;
            }
            if (i != n) {
                return null;
            }
            int first = 0;
            while (first < digits.length() && digits.charAt(first) == '0') {
                first++;
            }
            int end = digits.length();
            while (end > first && digits.charAt(end - 1) == '0') {
                end--;
            }
            if (first == end) {
                return new Decimal(negative, "", 0);
            }
            // digits.length() <= the text's length, far below SATURATED: no overflow
            return new Decimal(negative, digits.substring(first, end), exponent - fraction + (digits.length() - end));
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /** @return the power of ten of its leading digit (0 for zero) */
        long magnitude() {
            return digits.isEmpty() ? 0 : digits.length() - 1 + exponent;
        }

        /** @return its value as a decimal; only for an exponent already bounded */
        BigDecimal value() {
            if (digits.isEmpty()) {
                return BigDecimal.ZERO;
            }
            BigInteger unscaled = new BigInteger(digits);
            return new BigDecimal(negative ? unscaled.negate() : unscaled, Math.toIntExact(-exponent));
        }
    }

    /**
     * An integer literal's value, if it is an integer (so {@code 1e3} is, {@code 0.1} is not) that some integer
     * type may hold (less than 10<sup>39</sup> in magnitude): its size is checked before anything is computed.
     *
     * @param text the literal's text
     * @return its value, or null if it is not such an integer
     */
    static BigInteger integer(String text) {
        Decimal d = Decimal.of(text);
        if (d == null) {
            return null;
        }
        if (d.digits().isEmpty()) {
            return BigInteger.ZERO;
        }
        if (d.exponent() < 0 || d.magnitude() > MAX_INTEGER_MAGNITUDE) {
            return null;   // a fraction (its digits have no trailing zero), or too large for any integer type
        }
        return d.value().toBigIntegerExact();
    }

    /**
     * A float literal's value: refused (null) if it is out of the type's range, that is if it would round to an
     * infinity or, not being zero, to zero; its size is checked before it is converted.
     */
    private static Double floating(String text, boolean f32) {
        Decimal d = Decimal.of(text);
        if (d == null) {
            return null;
        }
        if (d.digits().isEmpty()) {
            return 0.0;
        }
        if (Math.abs(d.magnitude()) > MAX_FLOAT_MAGNITUDE) {
            return null;
        }
        BigDecimal v = d.value();
        double x = f32 ? (double) v.floatValue() : v.doubleValue();
        return Double.isInfinite(x) || x == 0 ? null : x;
    }

    /** RFC 3339, with {@code T}, {@code t} or a space between date and time, as chrono's parser accepts. */
    private static Instant timestamp(String text) {
        String s = text;
        if (s.length() > 10 && (s.charAt(10) == ' ' || s.charAt(10) == 't')) {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        if (s.endsWith("z")) {
            s = s.substring(0, s.length() - 1) + 'Z';
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static BigInteger[] range(Kind k) {
        return switch (k) {
            case I8 -> new BigInteger[] {BigInteger.valueOf(Byte.MIN_VALUE), BigInteger.valueOf(Byte.MAX_VALUE)};
            case U8 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(255)};
            case I16 -> new BigInteger[] {BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)};
            case U16 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(65_535)};
            case I32 -> new BigInteger[] {BigInteger.valueOf(Integer.MIN_VALUE),
                BigInteger.valueOf(Integer.MAX_VALUE)};
            case U32 -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL)};
            case I64 -> new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};
            case U64 -> new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)};
            case I128 -> new BigInteger[] {BigInteger.ONE.shiftLeft(127).negate(),
                BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE)};
            default -> new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)};
        };
    }

    /**
     * The value as the column's Java type holds it, for an index lookup, if an index's order and equality are this
     * type's ({@code BigInteger}s, signed integers, strings, booleans; an unsigned integer, an identity or a
     * connection id for equality only).
     *
     * @param normal a value in normal form
     * @param range whether it bounds a range (else: equality)
     * @return the key, or empty if an index cannot answer it
     */
    Optional<Object> key(Object normal, boolean range) {
        if (javaType == null) {
            return Optional.empty();
        }
        long l = normal instanceof Long x ? x : 0;
        return switch (kind) {
            case I8 -> Optional.of((byte) l);
            case I16 -> Optional.of((short) l);
            case I32 -> Optional.of((int) l);
            case I64 -> Optional.of(l);
            case U8 -> range ? Optional.empty() : Optional.of((byte) l);
            case U16 -> range ? Optional.empty() : Optional.of((short) l);
            case U32 -> range ? Optional.empty() : Optional.of((int) l);
            case U64 -> range ? Optional.empty() : Optional.of(l);
            case I128, STRING -> Optional.of(normal);
            case U128, IDENTITY, CONNECTION_ID -> range ? Optional.empty() : Optional.of(normal);
            case BOOL -> range ? Optional.empty() : Optional.of(normal);
            default -> Optional.empty();
        };
    }
}
