package dev.gatehouse.local;

import dev.gatehouse.testkit.SshdTarget;
import dev.gatehouse.testkit.TestToolMissing;

/**
 * The demo SSH host (connection {@code demo-ssh}): Debian's OpenSSH server started on a free loopback
 * port with its own config and keys ({@link SshdTarget}); the vault holds its user CA and signs a
 * short-lived certificate per session. Without {@code sshd} on this machine the stack starts anyway,
 * says in one line what to install, and has no {@code demo-ssh} connection.
 */
final class DemoSsh {

    static final String CONNECTION = "demo-ssh";
    private static volatile SshdTarget target;

    private DemoSsh() {
    }

    /** The running demo host, started on first use; {@code null} when sshd is not installed or fails to start. */
    static synchronized SshdTarget target() {
        if (target == null) {
            try {
                target = SshdTarget.start();
            } catch (TestToolMissing e) {
                System.out.println("demo-ssh skipped: no sshd here (apt-get install openssh-server openssh-client sshpass)");
                return null;
            } catch (RuntimeException e) {
                System.out.println("demo-ssh skipped: sshd did not start (" + e.getMessage().lines().findFirst()
                        .orElse("") + ")");
                return null;
            }
        }
        return target;
    }

    /** The demo policy with the SSH connection and its rules, or without them when there is no demo host. */
    static String policy(String document, SshdTarget host) {
        if (host == null) {
            return document.replaceAll("(?s)\\s*# demo-ssh-begin.*?# demo-ssh-end", "");
        }
        return document.replace("${DEMO_SSH_URL}", host.upstream());
    }

    /** The vault secret: the demo host's user CA (certificates for its user) as an SSH_CA secret. */
    static String secret(SshdTarget host) {
        return "{\"type\":\"SSH_CA\",\"username\":\"" + host.user() + "\",\"secret\":" + json(host.caPrivateKey()) + "}";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
