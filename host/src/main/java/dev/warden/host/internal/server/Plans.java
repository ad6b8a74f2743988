package dev.warden.host.internal.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The module's statements, each parsed and checked once per distinct text and mode: a bounded cache of
 * {@link Plan}s (a refused text is not kept, so a client sending many bad queries fills nothing). Thread-safe.
 */
final class Plans {

    /** Plans kept at most. */
    static final int MAX_PLANS = 4096;

    private record Key(String sql, Plan.Mode mode, boolean seesPrivate) {}

    private final Catalog catalog;
    private final Cache<Key, Plan> cache = Caffeine.newBuilder().maximumSize(MAX_PLANS).build();

    /** @param catalog what the module serves */
    Plans(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param sql a statement's text
     * @param mode where it comes from
     * @param seesPrivate whether private tables are in scope (the owner's {@code /sql})
     * @return its plan
     * @throws IllegalArgumentException with SpacetimeDB's text if it is refused
     */
    Plan plan(String sql, Plan.Mode mode, boolean seesPrivate) {
        Key k = new Key(sql, mode, seesPrivate);
        Plan p = cache.getIfPresent(k);
        if (p == null) {
            p = Plan.of(sql, mode, catalog, seesPrivate);   // outside the cache's lock: a refusal throws here
            cache.put(k, p);
        }
        return p;
    }
}
