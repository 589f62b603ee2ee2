package dev.gatehouse.proxy.postgres.lineage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The latest catalog per upstream database, so that sessions of an unchanged database share one
 * instance (and its per-rule {@link MaskedSources}) instead of holding a copy each. A session always
 * loads its own catalog at login; it only keeps the shared instance when the content is the same.
 */
public final class CatalogCache {

    private static final Logger log = LoggerFactory.getLogger(CatalogCache.class);
    private static final int MAX_DATABASES = 256;

    /** A database found over the cap is not asked again for this long: its sessions go without a catalog. */
    private static final long OVERSIZED_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Map<String, ColumnCatalog> latest = new ConcurrentHashMap<>();
    private final Map<String, Long> oversizedUntil = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** {@code fresh}, or an equal catalog already shared for {@code database}. */
    public ColumnCatalog share(String database, ColumnCatalog fresh) {
        if (!fresh.available()) {
            return fresh;
        }
        ColumnCatalog known = latest.get(database);
        if (known != null && known.sameContent(fresh)) {
            return known;
        }
        if (latest.size() >= MAX_DATABASES) {
            latest.clear();
        }
        latest.put(database, fresh);
        return fresh;
    }

    /** Whether {@code database} was over the cap a short while ago (the login then skips the query). */
    public boolean oversized(String database) {
        Long until = oversizedUntil.get(database);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until > 0) {
            oversizedUntil.remove(database);
            return false;
        }
        return true;
    }

    public void foundOversized(String database) {
        if (oversizedUntil.size() >= MAX_DATABASES) {
            oversizedUntil.clear();
        }
        oversizedUntil.put(database, System.nanoTime() + OVERSIZED_NANOS);
    }

    /** Logs once per database that it has no catalog (too large, or the query failed); names the connection. */
    public void unavailable(String database, String connection, String why) {
        if (warned.size() < MAX_DATABASES && warned.add(database)) {
            log.warn("column lineage off for connection {}: {}; its sessions mask every unattributed result column "
                    + "of a statement that may read a masked column", connection, why);
        }
    }
}
