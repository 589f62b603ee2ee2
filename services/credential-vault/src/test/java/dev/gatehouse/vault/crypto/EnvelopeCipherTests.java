package dev.gatehouse.vault.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCipherTests {

    private static final byte[] SECRET = "fake-target-password-not-real".getBytes(StandardCharsets.UTF_8);
    private static final SecretBinding ORDERS = new SecretBinding("orders-db", "BEARER", null, null);
    private static final String OLD = randomKey();
    private static final String NEW = randomKey();

    private final EnvelopeCipher cipher = TestSealing.cipher("kek-1", OLD);

    @Test
    void roundTripsASecret() {
        SealedSecret sealed = cipher.seal(ORDERS, SECRET);

        assertThat(cipher.open(ORDERS, sealed)).isEqualTo(SECRET);
        assertThat(sealed.keyId()).isEqualTo("kek-1");
        assertThat(sealed.format()).isEqualTo(SealedSecret.CURRENT_FORMAT);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(sealed.keyNonce()).hasSize(12);
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        SealedSecret sealed = cipher.seal(ORDERS, SECRET);

        for (byte[] stored : new byte[][] {sealed.ciphertext(), sealed.wrappedKey(), sealed.nonce(), sealed.keyNonce()}) {
            assertThat(HexFormat.of().formatHex(stored)).doesNotContain(HexFormat.of().formatHex(SECRET));
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("fake-target");
        }
        assertThat(sealed.toString()).doesNotContain("fake-target");
    }

    @Test
    void sealingTwiceUsesFreshKeysAndNonces() {
        SealedSecret first = cipher.seal(ORDERS, SECRET);
        SealedSecret second = cipher.seal(ORDERS, SECRET);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(first.wrappedKey()).isNotEqualTo(second.wrappedKey());
        assertThat(first.nonce()).isNotEqualTo(second.nonce());
    }

    @Test
    void rejectsTamperedCiphertextWrappedKeyAndNonce() {
        for (int field = 0; field < 3; field++) {
            SealedSecret sealed = cipher.seal(ORDERS, SECRET);
            byte[] target = field == 0 ? sealed.ciphertext() : field == 1 ? sealed.wrappedKey() : sealed.nonce();
            target[target.length / 2] ^= 1;

            assertThatThrownBy(() -> cipher.open(ORDERS, sealed)).isInstanceOf(SecretUnreadable.class);
        }
    }

    @Test
    void rejectsARowMovedToAnotherConnection() {
        SealedSecret sealed = cipher.seal(ORDERS, SECRET);

        assertThatThrownBy(() -> cipher.open(new SecretBinding("billing-db", "BEARER", null, null), sealed))
                .isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsAlteredClearTextMetadata() {
        SecretBinding dynamic = new SecretBinding("orders-db", "POSTGRES_DYNAMIC", "vault_admin",
                "{\"host\":\"db.internal\",\"port\":5432}");
        SealedSecret sealed = cipher.seal(dynamic, SECRET);

        // An attacker with write access to the table points the admin login at a host of theirs.
        assertThatThrownBy(() -> cipher.open(new SecretBinding("orders-db", "POSTGRES_DYNAMIC", "vault_admin",
                "{\"host\":\"evil.example\",\"port\":5432}"), sealed)).isInstanceOf(SecretUnreadable.class);
        assertThatThrownBy(() -> cipher.open(new SecretBinding("orders-db", "POSTGRES_DYNAMIC", "postgres",
                dynamic.settings()), sealed)).isInstanceOf(SecretUnreadable.class);
        assertThatThrownBy(() -> cipher.open(new SecretBinding("orders-db", "POSTGRES_PASSWORD", "vault_admin",
                dynamic.settings()), sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsAWrappedKeySwappedFromAnotherRow() {
        SealedSecret orders = cipher.seal(ORDERS, SECRET);
        SealedSecret billing = cipher.seal(new SecretBinding("billing-db", "BEARER", null, null),
                "other-fake".getBytes(StandardCharsets.UTF_8));
        SealedSecret spliced = new SealedSecret(orders.ciphertext(), orders.nonce(), billing.wrappedKey(),
                billing.keyNonce(), orders.keyId(), orders.format());

        assertThatThrownBy(() -> cipher.open(ORDERS, spliced)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsASecretSealedUnderAnotherKekWithTheSameId() {
        SealedSecret sealed = cipher.seal(ORDERS, SECRET);

        assertThatThrownBy(() -> TestSealing.cipher("kek-1", randomKey()).open(ORDERS, sealed))
                .isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsAnUnknownOrRelabelledKeyId() {
        SealedSecret sealed = cipher.seal(ORDERS, SECRET);
        SealedSecret relabelled = new SealedSecret(sealed.ciphertext(), sealed.nonce(), sealed.wrappedKey(),
                sealed.keyNonce(), "kek-2", sealed.format());

        assertThatThrownBy(() -> cipher.open(ORDERS, relabelled)).isInstanceOf(SecretUnreadable.class);
        assertThatThrownBy(() -> ring().open(ORDERS, relabelled)).as("kek-2 exists but did not wrap it")
                .isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rewrapMovesTheDataKeyToTheActiveKekAndKeepsTheCiphertext() {
        SealedSecret old = cipher.seal(ORDERS, SECRET);

        SealedSecret rewrapped = ring().rewrap(ORDERS, old);

        assertThat(rewrapped.keyId()).isEqualTo("kek-2");
        assertThat(rewrapped.ciphertext()).isEqualTo(old.ciphertext());
        assertThat(rewrapped.wrappedKey()).isNotEqualTo(old.wrappedKey());
        assertThat(TestSealing.cipher("kek-2", NEW).open(ORDERS, rewrapped)).as("old KEK no longer needed")
                .isEqualTo(SECRET);
    }

    @Test
    void rewrapUpgradesALegacyRowToTheCurrentFormat() {
        SealedSecret legacy = TestSealing.sealLegacy("kek-1", OLD, "orders-db", "fake-legacy-secret");
        assertThat(new String(ring().open(ORDERS, legacy), StandardCharsets.UTF_8)).isEqualTo("fake-legacy-secret");

        SealedSecret upgraded = ring().rewrap(ORDERS, legacy);

        assertThat(upgraded.format()).isEqualTo(SealedSecret.CURRENT_FORMAT);
        assertThat(upgraded.keyId()).isEqualTo("kek-2");
        assertThat(new String(TestSealing.cipher("kek-2", NEW).open(ORDERS, upgraded), StandardCharsets.UTF_8))
                .isEqualTo("fake-legacy-secret");
    }

    @Test
    void rewrapRefusesARowThatDoesNotDecrypt() {
        SealedSecret sealed = cipher.seal(ORDERS, SECRET);
        sealed.ciphertext()[0] ^= 1;

        assertThatThrownBy(() -> ring().rewrap(ORDERS, sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void failureSaysNothingAboutTheSecret() {
        SealedSecret sealed = cipher.seal(ORDERS, SECRET);

        assertThatThrownBy(() -> cipher.open(new SecretBinding("billing-db", "BEARER", null, null), sealed))
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fake-target")
                        .contains(SecretUnreadable.DETAIL));
    }

    private static EnvelopeCipher ring() {
        return new EnvelopeCipher(new CryptoProperties(OLD, "kek-1", null, null, Map.of("kek-2", NEW), "kek-2"));
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
