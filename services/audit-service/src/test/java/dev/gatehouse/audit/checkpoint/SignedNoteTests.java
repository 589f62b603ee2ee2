package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.ledger.Rfc6962;
import dev.gatehouse.ledger.SignedNote;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedNoteTests {

    private static final byte[] ROOT = HexFormat.of()
            .parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void formatsACheckpointNote() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String key = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        CheckpointSigner signer = new CheckpointSigner(new CheckpointProperties("example.com/log", key, 10,
                java.time.Duration.ofSeconds(1)));

        String note = signer.sign(SignedNote.body("example.com/log", 8, ROOT));

        String[] lines = note.split("\n", -1);
        assertThat(lines[0]).isEqualTo("example.com/log");
        assertThat(lines[1]).isEqualTo("8");
        assertThat(lines[2]).isEqualTo("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=");
        assertThat(lines[3]).isEmpty();
        assertThat(lines[4]).startsWith("\u2014 example.com/log ");
        byte[] signature = Base64.getDecoder().decode(lines[4].substring("\u2014 example.com/log ".length()));
        assertThat(signature).hasSize(68);
        assertThat(java.util.Arrays.copyOf(signature, 4))
                .isEqualTo(SignedNote.keyId("example.com/log", SignedNote.raw(pair.getPublic())));
        assertThat(lines[5]).isEmpty();
        assertThat(signer.rawPublicKey()).isEqualTo(SignedNote.raw(pair.getPublic()));

        SignedNote.Checkpoint checkpoint = SignedNote.verify(note, signer.verifierKey());
        assertThat(checkpoint.size()).isEqualTo(8);
        assertThat(checkpoint.rootHash()).isEqualTo(ROOT);
        assertThat(signer.verifierKey()).startsWith("example.com/log+")
                .matches("example\\.com/log\\+[0-9a-f]{8}\\+[A-Za-z0-9+/=]{44}");
    }

    @Test
    void keyIdFollowsSignedNote() {
        // keyid = SHA-256("name" || 0x0A || 0x01 || key)[:4]
        byte[] raw = new byte[32];
        byte[] data = new byte[4 + 2 + 32];
        System.arraycopy("name".getBytes(), 0, data, 0, 4);
        data[4] = 0x0A;
        data[5] = 0x01;
        assertThat(SignedNote.keyId("name", raw))
                .isEqualTo(java.util.Arrays.copyOf(dev.gatehouse.ledger.Rfc6962.sha256(data), 4));
    }

    @Test
    void rejectsAlteredNotesAndForeignKeys() throws Exception {
        CheckpointSigner signer = new CheckpointSigner(new CheckpointProperties("o", null, 10,
                java.time.Duration.ofSeconds(1)));
        CheckpointSigner other = new CheckpointSigner(new CheckpointProperties("o", null, 10,
                java.time.Duration.ofSeconds(1)));
        String note = signer.sign(SignedNote.body("o", 8, ROOT));

        assertThatThrownBy(() -> SignedNote.verify(note.replace("\n8\n", "\n9\n"), signer.verifierKey()))
                .hasMessageContaining("bad signature");
        assertThatThrownBy(() -> SignedNote.verify(note, other.verifierKey())).hasMessageContaining("no signature");
    }

    @Test
    void neverPrintsTheSigningKey() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String key = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        assertThat(new CheckpointProperties("o", key, 1, java.time.Duration.ofSeconds(1)).toString())
                .doesNotContain(key).contains("***");
    }
}
