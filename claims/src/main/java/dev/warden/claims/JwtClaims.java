package dev.warden.claims;

import dev.warden.core.Identity;
import dev.warden.core.VerifiedToken;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of a verified token, with SpacetimeDB's {@code JwtClaims} API as a floor ({@link #subject()},
 * {@link #issuer()}, {@link #audience()}, {@link #identity()}, {@link #rawPayload()}) and typed access by
 * {@link ClaimPath}. A missing claim (or a JSON {@code null}) is an empty Optional; a claim of another type
 * is a {@link ClaimTypeException} naming the path and both types. Immutable and thread-safe.
 */
public final class JwtClaims {

    private final VerifiedToken token;
    private final Map<String, Object> claims;

    private JwtClaims(VerifiedToken token, Map<String, Object> claims) {
        this.token = token;
        this.claims = claims;
    }

    /**
     * @param token a token verified by core's {@code TokenValidator}
     * @return its claims
     */
    public static JwtClaims of(VerifiedToken token) {
        return new JwtClaims(Objects.requireNonNull(token, "token"), token.claims());
    }

    /**
     * Claims being drafted for a token not yet signed, for {@link ClaimCondition} and {@link RoleMapping} to read
     * by path ({@link #value}) while they shape a test token; never handed out, as it has no token behind it.
     */
    static JwtClaims draft(Map<String, Object> claims) {
        return new JwtClaims(null, claims);
    }

    /** @return the verified token these claims come from */
    public VerifiedToken token() {
        return token;
    }

    /** @return {@code sub} */
    public String subject() {
        return token.subject();
    }

    /** @return {@code iss} */
    public String issuer() {
        return token.issuer();
    }

    /** @return {@code aud} as a list */
    public List<String> audience() {
        return token.audience();
    }

    /** @return the SpacetimeDB identity of {@code (iss, sub)} */
    public Identity identity() {
        return token.identity();
    }

    /** @return the payload JSON as signed */
    public String rawPayload() {
        return token.rawPayload();
    }

    /** @return {@code exp}, if any */
    public Optional<Instant> expiresAt() {
        return token.expiresAt();
    }

    /** @return every claim as unmodifiable plain Java values */
    public Map<String, Object> asMap() {
        return token.claims();
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return whether a non-null claim exists there
     */
    public boolean has(String path) {
        return value(ClaimPath.parse(path)) != null;
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return the string claim
     * @throws ClaimTypeException if the claim is not a string
     */
    public Optional<String> string(String path) {
        return string(ClaimPath.parse(path));
    }

    /**
     * @param path the claim's path
     * @return the string claim
     * @throws ClaimTypeException if the claim is not a string
     */
    public Optional<String> string(ClaimPath path) {
        return Optional.ofNullable(typed(path, String.class, "a string"));
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return the claim as a list of strings (a single string is a one-element list)
     * @throws ClaimTypeException if the claim is neither a string nor an array of strings
     */
    public Optional<List<String>> strings(String path) {
        return strings(ClaimPath.parse(path));
    }

    /**
     * @param path the claim's path
     * @return the claim as a list of strings (a single string is a one-element list)
     * @throws ClaimTypeException if the claim is neither a string nor an array of strings
     */
    public Optional<List<String>> strings(ClaimPath path) {
        Object v = value(path);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String) {
            return Optional.of(List.of((String) v));
        }
        if (!(v instanceof List)) {
            throw new ClaimTypeException(path, "an array of strings", typeName(v));
        }
        List<?> list = (List<?>) v;
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String)) {
                throw new ClaimTypeException(path, "an array of strings", "an array holding " + typeName(item));
            }
            out.add((String) item);
        }
        return Optional.of(Collections.unmodifiableList(out));
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return the integer claim
     * @throws ClaimTypeException if the claim is not an integer that fits a {@code long}
     */
    public Optional<Long> longValue(String path) {
        ClaimPath p = ClaimPath.parse(path);
        Object v = value(p);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Long) {
            return Optional.of((Long) v);
        }
        throw new ClaimTypeException(p, "an integer", typeName(v));
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return the numeric claim ({@code Long}, {@code BigInteger} or {@code Double})
     * @throws ClaimTypeException if the claim is not a number
     */
    public Optional<Number> number(String path) {
        return Optional.ofNullable(typed(ClaimPath.parse(path), Number.class, "a number"));
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return the boolean claim
     * @throws ClaimTypeException if the claim is not a boolean (the string "true" is not one)
     */
    public Optional<Boolean> bool(String path) {
        return Optional.ofNullable(typed(ClaimPath.parse(path), Boolean.class, "a boolean"));
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return the claim as an instant, read as whole seconds since the epoch (a NumericDate)
     * @throws ClaimTypeException if the claim is not an integer
     */
    public Optional<Instant> instant(String path) {
        return longValue(path).map(Instant::ofEpochSecond);
    }

    /**
     * @param path a {@link ClaimPath} text
     * @return the object claim, unmodifiable
     * @throws ClaimTypeException if the claim is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> object(String path) {
        return Optional.ofNullable((Map<String, Object>) typed(ClaimPath.parse(path), Map.class, "an object"));
    }

    private <T> T typed(ClaimPath path, Class<T> type, String expected) {
        Object v = value(path);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw new ClaimTypeException(path, expected, typeName(v));
        }
        return type.cast(v);
    }

    /**
     * @param path the claim's path
     * @return the raw value, or null if absent; an intermediate value that is not an object is a type error
     */
    Object value(ClaimPath path) {
        Object cur = claims;
        List<String> segs = path.segments();
        for (int i = 0; i < segs.size(); i++) {
            if (cur == null) {
                return null;
            }
            if (!(cur instanceof Map)) {
                throw new ClaimTypeException(ClaimPath.of(segs.subList(0, i).toArray(new String[0])), "an object",
                        typeName(cur));
            }
            cur = ((Map<?, ?>) cur).get(segs.get(i));
        }
        return cur;
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Long || v instanceof BigInteger) {
            return "an integer";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof Map) {
            return "an object";
        }
        return v.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "JwtClaims{iss=" + issuer() + ", sub=" + subject() + "}";
    }
}
