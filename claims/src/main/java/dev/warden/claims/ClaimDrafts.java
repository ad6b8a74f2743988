package dev.warden.claims;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes claims by {@link ClaimPath} in a token's payload being drafted (plain Java values, as the
 * validator parses them), for {@link RoleMapping#tokenClaims}. The registered claims that name the token
 * ({@code iss}, {@code sub}, {@code aud}) and its times are never written: a token shape cannot change whose
 * token it is.
 */
final class ClaimDrafts {

    /** The claims a shape never writes. */
    static final Set<String> FIXED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");

    private ClaimDrafts() {}

    /** @return a deep, mutable copy (objects and arrays copied, other values shared: they are immutable) */
    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Map<String, ?> claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        claims.forEach((k, v) -> out.put(k, copyValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map) {
            return copy((Map<String, ?>) v);
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            ((List<?>) v).forEach(x -> out.add(copyValue(x)));
            return out;
        }
        return v;
    }

    /** @return the value at {@code path}, or null if absent or a step is not an object */
    static Object get(Map<String, Object> claims, ClaimPath path) {
        Object cur = claims;
        for (String seg : path.segments()) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<?, ?>) cur).get(seg);
        }
        return cur;
    }

    /** @return the string at {@code path}, or null */
    static String string(Map<String, Object> claims, ClaimPath path) {
        Object v = get(claims, path);
        return v instanceof String ? (String) v : null;
    }

    /**
     * Sets {@code path} to {@code value}, creating the objects on the way.
     *
     * @return false, changing nothing, if the path is a fixed claim or runs through a value that is not an object
     */
    @SuppressWarnings("unchecked")
    static boolean put(Map<String, Object> claims, ClaimPath path, Object value) {
        List<String> segs = path.segments();
        if (FIXED.contains(segs.get(0))) {
            return false;
        }
        Map<String, Object> cur = claims;
        for (int i = 0; i < segs.size() - 1; i++) {
            Object next = cur.get(segs.get(i));
            if (next == null) {
                for (int j = i; j < segs.size() - 1; j++) {
                    Map<String, Object> created = new LinkedHashMap<>();
                    cur.put(segs.get(j), created);
                    cur = created;
                }
                break;
            }
            if (!(next instanceof Map)) {
                return false;
            }
            cur = (Map<String, Object>) next;
        }
        cur.put(segs.get(segs.size() - 1), value);
        return true;
    }

    /** @return false if the path is a fixed claim; true once nothing is at {@code path} */
    static boolean remove(Map<String, Object> claims, ClaimPath path) {
        List<String> segs = path.segments();
        if (FIXED.contains(segs.get(0))) {
            return false;
        }
        Object cur = claims;
        for (int i = 0; i < segs.size() - 1; i++) {
            if (!(cur instanceof Map)) {
                return true;
            }
            cur = ((Map<?, ?>) cur).get(segs.get(i));
        }
        if (cur instanceof Map) {
            ((Map<?, ?>) cur).remove(segs.get(segs.size() - 1));
        }
        return true;
    }
}
