package dev.gatehouse.vault.lease;

import dev.gatehouse.model.CallerIdentity;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Short-lived SSH user certificates from an {@code SSH_CA} secret: a fresh key pair per lease, signed by
 * the CA for the one principal (the user on the host), valid from a minute ago (clock skew) until the
 * lease expires, key id naming the CI identity, session and lease, so the host's log says who ran what.
 * The CA key never leaves the vault; the fresh private key goes to the proxy only.
 */
final class UserCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * In lexical order, as OpenSSH reads them. Forwarding is permitted by the certificate because the proxy, its
     * only holder, decides every forward itself (a port per channel, an agent per command); without them sshd
     * refuses -L, -W, -R and -A whatever the policy says. No X11, no user rc.
     */
    private static final List<OpenSshCertificate.CertificateOption> EXTENSIONS = List.of(
            new OpenSshCertificate.CertificateOption("permit-agent-forwarding"),
            new OpenSshCertificate.CertificateOption("permit-port-forwarding"),
            new OpenSshCertificate.CertificateOption("permit-pty"));

    private UserCertificates() {
    }

    static String keyId(CallerIdentity caller, String sessionId, UUID leaseId) {
        String who = caller == null ? "gatehouse" : caller.issuer() + " " + caller.subject();
        return "gatehouse ci=" + who + " session=" + (sessionId == null ? "-" : sessionId) + " lease=" + leaseId;
    }

    static LeaseCredential sign(String caPrivateKey, String principal, String keyId, Instant validBefore) {
        try {
            KeyPair ca = load(caPrivateKey);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256, RANDOM);
            KeyPair user = generator.generateKeyPair();
            OpenSshCertificate certificate = OpenSshCertificateBuilder.userCertificate()
                    .serial(RANDOM.nextLong() & Long.MAX_VALUE)
                    .publicKey(user.getPublic())
                    .id(keyId)
                    .principals(List.of(principal))
                    .validAfter(Instant.now().minusSeconds(60))
                    .validBefore(validBefore)
                    .extensions(EXTENSIONS)
                    .sign(ca);
            ByteArrayOutputStream pem = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(user, "gatehouse lease", null, pem);
            return new LeaseCredential(LeaseCredential.Type.SSH_KEY, principal, PublicKeyEntry.toString(certificate),
                    pem.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            // Never the key material: only what failed.
            throw new IllegalStateException("SSH certificate could not be signed: " + e.getClass().getSimpleName());
        }
    }

    private static KeyPair load(String pem) throws Exception {
        Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, () -> "ssh-ca",
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)), null);
        Iterator<KeyPair> iterator = pairs == null ? null : pairs.iterator();
        if (iterator == null || !iterator.hasNext()) {
            throw new IllegalStateException("no key in the SSH_CA secret");
        }
        return iterator.next();
    }
}
