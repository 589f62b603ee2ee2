package dev.gatehouse.vault.lease;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.testkit.RequiredTool;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserCertificatesTests {

    private static final CallerIdentity CI = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of());

    @Test
    void aLeaseGetsAFreshKeyAndACertificateForThePrincipalNamingTheCiIdentity() throws Exception {
        KeyPair ca = ecKey();
        Instant until = Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        String keyId = UserCertificates.keyId(CI, "session-1", UUID.randomUUID());

        LeaseCredential credential = UserCertificates.sign(pem(ca), "deploy", keyId, until);

        assertThat(credential.type()).isEqualTo(LeaseCredential.Type.SSH_KEY);
        assertThat(credential.username()).isEqualTo("deploy");
        assertThat(credential.secret()).contains("BEGIN OPENSSH PRIVATE KEY").doesNotContain(pem(ca));
        OpenSshCertificate certificate = (OpenSshCertificate) PublicKeyEntry.parsePublicKeyEntry(credential.header())
                .resolvePublicKey(null, null, null);
        assertThat(certificate.getId()).isEqualTo(keyId).contains("repo:acme/app:ref:refs/heads/main");
        assertThat(certificate.getPrincipals()).containsExactly("deploy");
        assertThat(certificate.getType()).isEqualTo(OpenSshCertificate.Type.USER);
        assertThat(certificate.getCaPubKey()).isEqualTo(ca.getPublic());
        assertThat(certificate.getValidBefore()).isEqualTo(until.getEpochSecond());
    }

    @Test
    void openSshReadsTheCertificate() throws Exception {
        LeaseCredential credential = UserCertificates.sign(pem(ecKey()), "deploy",
                UserCertificates.keyId(CI, "s-2", UUID.randomUUID()), Instant.now().plusSeconds(300));
        Path file = Files.createTempFile("lease-cert", ".pub");
        Files.writeString(file, credential.header() + "\n");

        Process process = new ProcessBuilder(RequiredTool.sshKeygen().toString(), "-L", "-f", file.toString())
                .redirectErrorStream(true).start();
        String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(listing).isZero();
        assertThat(listing).contains("user certificate").contains("Key ID: \"gatehouse ci=https://token.actions")
                .contains("deploy").contains("permit-pty").contains("permit-port-forwarding")
                .contains("permit-agent-forwarding").doesNotContain("permit-X11-forwarding").doesNotContain("permit-user-rc");
    }

    @Test
    void aBrokenCaKeyFailsWithoutShowingIt() {
        assertThatThrownBy(() -> UserCertificates.sign("-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n"
                + "-----END OPENSSH PRIVATE KEY-----\n", "deploy", "id", Instant.now().plusSeconds(60)))
                .hasMessageStartingWith("SSH certificate could not be signed").hasMessageNotContaining("bm90IGEga2V5");
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "ca", null, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
