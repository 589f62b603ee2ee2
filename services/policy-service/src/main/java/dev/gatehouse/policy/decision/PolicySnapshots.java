package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.PolicySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds the compiled active policy. Compiled at startup (before the web server takes requests), at
 * once when this instance activates a version, and whenever the cheap version poll sees a version
 * written through another replica. Until a policy exists the empty evaluator denies everything.
 */
@Component
class PolicySnapshots implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PolicySnapshots.class);

    private final PolicySource source;
    private final SnapshotProperties properties;
    private final ScheduledExecutorService refresher;
    private volatile PolicyEvaluator current = PolicyEvaluator.empty();

    PolicySnapshots(PolicySource source, SnapshotProperties properties) {
        this.source = source;
        this.properties = properties;
        this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("policy-snapshot-refresh").daemon(true).factory());
    }

    PolicyEvaluator current() {
        return current;
    }

    /** Synchronized so a slow, older load can never replace a newer snapshot. */
    synchronized void reload() {
        source.active().ifPresent(active -> {
            if (active.version() > current.version()) {
                current = PolicyEvaluator.compile(active);
                log.info("policy version {} active: {} connections, {} rules", active.version(),
                        active.document().connections().size(), active.document().rules().size());
            }
        });
    }

    @EventListener
    void onPolicyActivated(PolicySource.PolicyActivated activated) {
        reload();
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            reload();
        } catch (RuntimeException e) {
            // A stored version this build can no longer read: deny everything until an admin stores one it can.
            log.error("the active policy version could not be compiled; denying every operation: {}", e.getMessage());
        }
        long interval = properties.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            if (source.activeVersion() > current.version()) {
                reload();
            }
        } catch (RuntimeException e) {
            // Keep serving the last good snapshot; the database may be briefly unreachable.
            log.warn("policy version check failed, keeping version {}: {}", current.version(), e.toString());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
