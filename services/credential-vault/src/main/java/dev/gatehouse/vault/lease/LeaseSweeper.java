package dev.gatehouse.vault.lease;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import java.time.Instant;
import java.util.UUID;

/**
 * Revokes what expired while nobody was holding it: leases whose holder vanished, leases created by a
 * vault that crashed or restarted (their rows are all it needs), revocations the target refused earlier.
 * It also re-sends CREDENTIAL_REVOKED events Kafka did not acknowledge. Runs every
 * {@code gatehouse.vault.leases.sweep-interval}, first one interval after startup.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class LeaseSweeper implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);

    private final LeaseStore leases;
    private final LeaseRevoker revoker;
    private final LeaseProperties properties;

    LeaseSweeper(LeaseStore leases, LeaseRevoker revoker, LeaseProperties properties) {
        this.leases = leases;
        this.revoker = revoker;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::sweep, properties.sweepInterval(),
                properties.sweepInterval()));
    }

    void sweep() {
        try {
            Instant now = Instant.now();
            int expired = leases.expireStatic(now);
            int revoked = 0;
            for (UUID leaseId : leases.dueDynamic(now, properties.sweepBatch())) {
                if (sweepOne(leaseId)) {
                    revoked++;
                }
            }
            revoker.publishPending(properties.sweepBatch());
            if (expired + revoked > 0) {
                log.info("lease sweep: {} static lease(s) expired, {} dynamic role(s) dropped", expired, revoked);
            }
        } catch (RuntimeException e) {
            // The vault's own database is away: the next run tries again.
            log.warn("lease sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    private boolean sweepOne(UUID leaseId) {
        try {
            return revoker.sweep(leaseId);
        } catch (RuntimeException e) {
            log.warn("lease {} not swept: {}", leaseId, e.getClass().getSimpleName());
            return false;
        }
    }
}
