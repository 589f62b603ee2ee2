package dev.gatehouse.vault.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCipherTests {

    private static final byte[] SECRET = "fake-target-password-not-real".getBytes(StandardCharsets.UTF_8);

    private final EnvelopeCipher cipher = new EnvelopeCipher(new CryptoProperties(randomKey(), "kek-1"));

    @Test
    void roundTripsASecret() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);

        assertThat(cipher.open("orders-db", sealed)).isEqualTo(SECRET);
        assertThat(sealed.keyId()).isEqualTo("kek-1");
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(sealed.keyNonce()).hasSize(12);
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);

        for (byte[] stored : new byte[][] {sealed.ciphertext(), sealed.wrappedKey(), sealed.nonce(), sealed.keyNonce()}) {
            assertThat(HexFormat.of().formatHex(stored)).doesNotContain(HexFormat.of().formatHex(SECRET));
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("fake-target");
        }
        assertThat(sealed.toString()).doesNotContain("fake-target");
    }

    @Test
    void sealingTwiceUsesFreshKeysAndNonces() {
        SealedSecret first = cipher.seal("orders-db", SECRET);
        SealedSecret second = cipher.seal("orders-db", SECRET);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        assertThat(first.wrappedKey()).isNotEqualTo(second.wrappedKey());
        assertThat(first.nonce()).isNotEqualTo(second.nonce());
    }

    @Test
    void rejectsTamperedCiphertext() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);
        sealed.ciphertext()[0] ^= 1;

        assertThatThrownBy(() -> cipher.open("orders-db", sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsTamperedWrappedKey() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);
        sealed.wrappedKey()[5] ^= 1;

        assertThatThrownBy(() -> cipher.open("orders-db", sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsTamperedNonce() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);
        sealed.nonce()[0] ^= 1;

        assertThatThrownBy(() -> cipher.open("orders-db", sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsARowMovedToAnotherConnection() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);

        assertThatThrownBy(() -> cipher.open("billing-db", sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsAWrappedKeySwappedFromAnotherRow() {
        SealedSecret orders = cipher.seal("orders-db", SECRET);
        SealedSecret billing = cipher.seal("billing-db", "other-fake".getBytes(StandardCharsets.UTF_8));
        SealedSecret spliced = new SealedSecret(orders.ciphertext(), orders.nonce(), billing.wrappedKey(),
                billing.keyNonce(), orders.keyId());

        assertThatThrownBy(() -> cipher.open("orders-db", spliced)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsASecretSealedUnderAnotherKek() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);
        EnvelopeCipher otherKek = new EnvelopeCipher(new CryptoProperties(randomKey(), "kek-1"));

        assertThatThrownBy(() -> otherKek.open("orders-db", sealed)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rejectsAnUnknownKeyId() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);
        SealedSecret relabelled = new SealedSecret(sealed.ciphertext(), sealed.nonce(), sealed.wrappedKey(),
                sealed.keyNonce(), "kek-2");

        assertThatThrownBy(() -> cipher.open("orders-db", relabelled)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void failureSaysNothingAboutTheSecret() {
        SealedSecret sealed = cipher.seal("orders-db", SECRET);

        assertThatThrownBy(() -> cipher.open("billing-db", sealed))
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fake-target")
                        .contains(SecretUnreadable.DETAIL));
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
