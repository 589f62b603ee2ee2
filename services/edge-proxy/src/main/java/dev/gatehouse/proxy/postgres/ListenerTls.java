package dev.gatehouse.proxy.postgres;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;

/**
 * The listener's TLS: the configured PEM certificate and key, else (when {@code self-signed} is set, for
 * tests and the local stack) a certificate generated at start-up by netty's {@link SelfSignedCertificate},
 * which uses BouncyCastle; else none, and only loopback plaintext can be allowed. Upstream TLS trusts
 * any certificate: it protects the lease password in transit, the upstream address comes from policy.
 */
final class ListenerTls {

    private static final Logger log = LoggerFactory.getLogger(ListenerTls.class);

    private ListenerTls() {
    }

    static SslContext server(PostgresProperties.Tls tls) {
        try {
            if (tls.pemConfigured()) {
                return SslContextBuilder.forServer(new java.io.File(tls.certificate()), new java.io.File(tls.privateKey()))
                        .build();
            }
            if (tls.selfSigned()) {
                SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
                log.warn("PostgreSQL listener uses a self-signed certificate generated at start-up (local use only)");
                return SslContextBuilder.forServer(certificate.key(), certificate.cert()).build();
            }
            return null;
        } catch (SSLException | CertificateException e) {
            throw new IllegalStateException("PostgreSQL listener TLS cannot be set up: " + e.getMessage(), e);
        }
    }

    static SslContext upstream() {
        try {
            return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }
}
