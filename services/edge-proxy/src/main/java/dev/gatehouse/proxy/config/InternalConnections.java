package dev.gatehouse.proxy.config;

import org.springframework.beans.factory.DisposableBean;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;

/**
 * The internal client's connections to policy-service and the vault, not Reactor Netty's global pool:
 * that pool's 16 connections and 32 waiting acquisitions refused decisions when many callers missed the
 * decision cache at once. An idle connection is closed after 10 s, before a server's keep-alive timeout
 * can close it under a request the proxy just sent on it. Closed with the application context, whose
 * event loops its connections live on (not a {@link ConnectionProvider} bean, which Gateway's own
 * client could pick up).
 */
final class InternalConnections implements DisposableBean {

    private final ConnectionProvider pool = ConnectionProvider.builder("gatehouse-internal")
            .maxConnections(128)
            .pendingAcquireMaxCount(4096)
            .maxIdleTime(Duration.ofSeconds(10))
            .evictInBackground(Duration.ofSeconds(30))
            .build();

    ConnectionProvider pool() {
        return pool;
    }

    @Override
    public void destroy() {
        pool.dispose();
    }
}
