package dev.gatehouse.proxy.mysql.wire;

import com.mysql.cj.protocol.Security;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy's password proofs against MySQL Connector/J's own (an independent implementation that
 * MySQL 8 servers accept): no MySQL 8 server runs here, so this is what shows that the upstream login's
 * caching_sha2_password fast path sends what such a server expects.
 */
class ScramblesTests {

    @ParameterizedTest
    @ValueSource(strings = {"s3cret", "pässwört-ünïcode", "a", "a-passphrase-of-many-words-longer-than-one-sha256-block-of-sixty-four-bytes-in-all"})
    void cachingSha2MatchesConnectorJ(String password) throws Exception {
        Random random = new Random(password.hashCode());
        for (int i = 0; i < 50; i++) {
            byte[] nonce = new byte[20];
            random.nextBytes(nonce);

            assertThat(Scrambles.cachingSha2(password, nonce))
                    .isEqualTo(Security.scrambleCachingSha2(password.getBytes(StandardCharsets.UTF_8), nonce));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cret", "pässwört-ünïcode", "a", "a-passphrase-of-many-words-longer-than-one-sha256-block-of-sixty-four-bytes-in-all"})
    void nativePasswordMatchesConnectorJ(String password) {
        Random random = new Random(password.hashCode());
        for (int i = 0; i < 50; i++) {
            byte[] nonce = new byte[20];
            random.nextBytes(nonce);

            assertThat(Scrambles.nativePassword(password, nonce))
                    .isEqualTo(Security.scramble411(password.getBytes(StandardCharsets.UTF_8), nonce));
        }
    }
}
