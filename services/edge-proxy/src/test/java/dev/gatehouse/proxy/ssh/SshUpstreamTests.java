package dev.gatehouse.proxy.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshUpstreamTests {

    private static final String FP = "SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcde";

    @Test
    void readsHostPortAndThePinnedFingerprint() {
        SshUpstream upstream = SshUpstream.parse("ssh://web.internal:2022?hostKey=" + FP);

        assertThat(upstream.host()).isEqualTo("web.internal");
        assertThat(upstream.port()).isEqualTo(2022);
        assertThat(upstream.fingerprint()).isEqualTo(FP);
    }

    @Test
    void defaultsToPort22AndReadsBracketedIpv6AndDropsBase64Padding() {
        assertThat(SshUpstream.parse("ssh://10.0.0.5?hostKey=" + FP + "=").port()).isEqualTo(22);
        assertThat(SshUpstream.parse("ssh://10.0.0.5?hostKey=" + FP + "=").fingerprint()).isEqualTo(FP);
        SshUpstream v6 = SshUpstream.parse("ssh://[::1]:2200?hostKey=" + FP);
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(2200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://a?hostKey=SHA256:x", "ssh://a:22", "ssh://a?hostKey=MD5:aa", "ssh://:22?hostKey=SHA256:x",
            "ssh://a:0?hostKey=SHA256:x"})
    void anUpstreamWithoutAUsableHostOrPinIsRefused(String upstream) {
        assertThatThrownBy(() -> SshUpstream.parse(upstream)).isInstanceOf(IllegalArgumentException.class);
    }
}
