package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.common.PolicyChanged;
import dev.gatehouse.policy.connection.ConnectionRepository;
import dev.gatehouse.policy.rule.RuleRepository;
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
 * Holds the current {@link PolicyEvaluator}. Rebuilt at startup (before the web server takes
 * requests), synchronously after every admin write in this instance, and periodically. Until the
 * first load succeeds the empty evaluator answers, which denies everything: fail closed.
 */
@Component
class PolicySnapshots implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PolicySnapshots.class);

    private final ConnectionRepository connections;
    private final RuleRepository rules;
    private final SnapshotProperties properties;
    private final ScheduledExecutorService refresher;
    private volatile PolicyEvaluator current = PolicyEvaluator.empty();

    PolicySnapshots(ConnectionRepository connections, RuleRepository rules, SnapshotProperties properties) {
        this.connections = connections;
        this.rules = rules;
        this.properties = properties;
        this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("policy-snapshot-refresh").daemon(true).factory());
    }

    PolicyEvaluator current() {
        return current;
    }

    /** Synchronized so a slow, older read can never replace a newer snapshot. */
    synchronized void reload() {
        PolicyEvaluator next = new PolicyEvaluator(connections.findAll(), rules.findAll());
        current = next;
        log.debug("policy snapshot loaded: {} connections, {} rules", next.connectionCount(), next.ruleCount());
    }

    @EventListener
    void onPolicyChanged(PolicyChanged change) {
        reload();
    }

    @Override
    public void afterSingletonsInstantiated() {
        reload();
        long interval = properties.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            // Keep serving the last good snapshot; the database may be briefly unreachable.
            log.warn("policy snapshot refresh failed, keeping the previous one: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
