package dev.gatehouse.proxy.vault;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Runs {@link LeaseCache#renewDue()} every {@code gatehouse.proxy.vault.renewal-interval}. A Reactor
 * interval rather than {@code @Scheduled}: it needs no scheduling switched on for the whole proxy, and
 * it never overlaps itself ({@code concatMap}).
 */
@Component
class LeaseRenewalSchedule implements SmartLifecycle {

    private final LeaseCache cache;
    private final VaultProperties properties;
    private volatile Disposable running;

    LeaseRenewalSchedule(LeaseCache cache, VaultProperties properties) {
        this.cache = cache;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = Flux.interval(properties.renewalInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> cache.renewDue().onErrorResume(e -> reactor.core.publisher.Mono.empty()))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
