package dev.warden.host.internal.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The module's statements, each parsed and checked once per distinct text and mode: a bounded cache of
 * {@link Plan}s (a refused text is not kept, so a client sending many bad queries fills nothing). It is weighed by
 * its texts' length, since a plan's size follows its text's (a text may be {@link Sql#MAX_LENGTH} characters, as
 * SpacetimeDB allows): at most {@link #MAX_WEIGHT} characters, each plan counting {@link #ENTRY_WEIGHT} more, so
 * 4,096 plans of texts up to 256 characters fit, or about 40 of the longest texts. Thread-safe.
 */
final class Plans {

    /** What the plans kept may weigh together: characters of text, each plan counting {@link #ENTRY_WEIGHT} more. */
    static final int MAX_WEIGHT = 2 * 1024 * 1024;
    /** What a plan weighs beyond its text's characters. */
    static final int ENTRY_WEIGHT = 256;

    private record Key(String sql, Plan.Mode mode, boolean seesPrivate) {}

    private final Catalog catalog;
    private final Cache<Key, Plan> cache = Caffeine.newBuilder().maximumWeight(MAX_WEIGHT)
            .<Key, Plan>weigher((k, p) -> ENTRY_WEIGHT + k.sql().length()).build();

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

    /** @return the plans kept now */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** @return what they weigh now */
    long weight() {
        cache.cleanUp();
        long w = 0;
        for (Key k : cache.asMap().keySet()) {
            w += ENTRY_WEIGHT + k.sql().length();
        }
        return w;
    }
}
