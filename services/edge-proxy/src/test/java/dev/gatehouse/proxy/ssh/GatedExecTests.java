package dev.gatehouse.proxy.ssh;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a plain legacy scp server command has its output passed through unmasked. */
class GatedExecTests {

    @ParameterizedTest
    @ValueSource(strings = {"scp -t /srv/upload/x", "scp -f /srv/upload/x", "scp -v -r -t /srv/upload",
            "scp -p -f /etc/hostname"})
    void aLegacyScpTransferIsPassedThrough(String command) {
        assertThat(GatedExec.scpTransfer(command)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat /etc/shadow", "scp /a /b", "scp -t /x; cat /etc/shadow", "scp -t /x | cat",
            "scp -f $(cat /etc/shadow)", "scp -f /x && env", "scp -f `id`", "scp -f /x\ncat /etc/shadow",
            "SCP=1 scp -f /x", "scpx -f /x", " scp -f /x", "scp -f /x > /tmp/y", "scp -f /etc/*",
            "bash -c 'scp -f /x'"})
    void anythingElseIsMasked(String command) {
        assertThat(GatedExec.scpTransfer(command)).isFalse();
    }
}
