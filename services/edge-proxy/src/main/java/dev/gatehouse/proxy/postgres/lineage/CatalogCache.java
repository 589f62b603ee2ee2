package dev.gatehouse.proxy.postgres.lineage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest catalog per upstream database, so that sessions of an unchanged database share one
 * instance (and its per-rule {@link MaskedSources}) instead of holding a copy each. A session always
 * loads its own catalog at login; it only keeps the shared instance when the content is the same.
 */
public final class CatalogCache {

    private static final Logger log = LoggerFactory.getLogger(CatalogCache.class);
    /**
     * Upstream databases behind the configured connections: a handful in practice, 256 keeps them all;
     * more evicts the least used (a catalog holds every column name of its database: memory must stay bounded).
     */
    private static final int MAX_DATABASES = 256;

    /** A database found over the cap is not asked again for this long: its sessions go without a catalog. */
    private static final Duration OVERSIZED_FOR = Duration.ofMinutes(10);

    private final Cache<String, ColumnCatalog> latest = Caffeine.newBuilder().maximumSize(MAX_DATABASES).build();
    private final Cache<String, Boolean> oversized = Caffeine.newBuilder().maximumSize(MAX_DATABASES)
            .expireAfterWrite(OVERSIZED_FOR).build();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** {@code fresh}, or an equal catalog already shared for {@code database}. */
    public ColumnCatalog share(String database, ColumnCatalog fresh) {
        if (!fresh.available()) {
            return fresh;
        }
        ColumnCatalog known = latest.getIfPresent(database);
        if (known != null && known.sameContent(fresh)) {
            return known;
        }
        latest.put(database, fresh);
        return fresh;
    }

    /** Whether {@code database} was over the cap a short while ago (the login then skips the query). */
    public boolean oversized(String database) {
        return oversized.getIfPresent(database) != null;
    }

    public void foundOversized(String database) {
        oversized.put(database, Boolean.TRUE);
    }

    /** Logs once per database that it has no catalog (too large, or the query failed); names the connection. */
    public void unavailable(String database, String connection, String why) {
        if (warned.size() < MAX_DATABASES && warned.add(database)) {
            log.warn("column lineage off for connection {}: {}; its sessions mask every unattributed result column "
                    + "of a statement that may read a masked column", connection, why);
        }
    }
}
