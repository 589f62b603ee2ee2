package dev.gatehouse.proxy.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decisions already made, valid for the policy version that made them. All entries belong to the
 * newest version seen: a decision from a newer version, or a policy-change event, empties the cache;
 * a decision from an older version (an answer that crossed a change in flight) is not kept.
 * {@code vary} is learned per connection from the decisions themselves, so an operation is only
 * looked up once the headers its rules read are known.
 */
@Component
public class DecisionCache {

    private static final Logger log = LoggerFactory.getLogger(DecisionCache.class);

    private final boolean enabled;
    private final Cache<String, Decision> decisions;
    private final Map<String, List<String>> varyByConnection = new ConcurrentHashMap<>();
    private volatile long version;

    DecisionCache(PolicyProperties properties) {
        PolicyProperties.Cache cache = properties.cache();
        this.enabled = cache.enabled();
        this.decisions = Caffeine.newBuilder().expireAfterWrite(cache.ttl()).maximumSize(cache.maxEntries()).build();
    }

    /** The cached decision, or {@code null}. */
    Decision find(DecisionRequest request) {
        if (!enabled) {
            return null;
        }
        List<String> vary = varyByConnection.get(request.operation().connection());
        return vary == null ? null : decisions.getIfPresent(DecisionKey.of(request.identity(), request.operation(), vary));
    }

    void remember(DecisionRequest request, Decision decision) {
        if (!enabled) {
            return;
        }
        String key = DecisionKey.of(request.identity(), request.operation(), decision.vary());
        // One lock with policyChanged: an entry can never slip in after the drop that should remove it.
        synchronized (this) {
            if (decision.policyVersion() > version) {
                dropAll(decision.policyVersion());
            } else if (decision.policyVersion() < version) {
                return;
            }
            varyByConnection.put(request.operation().connection(), decision.vary());
            decisions.put(key, decision);
        }
    }

    /** A policy version became active somewhere: nothing decided under an older one may be reused. */
    public synchronized void policyChanged(long newVersion) {
        if (newVersion > version) {
            log.info("policy version {} active: decision cache dropped", newVersion);
            dropAll(newVersion);
        }
    }

    public long version() {
        return version;
    }

    public long size() {
        decisions.cleanUp();
        return decisions.estimatedSize();
    }

    private void dropAll(long newVersion) {
        version = newVersion;
        varyByConnection.clear();
        decisions.invalidateAll();
    }
}
