package dev.gatehouse.ledger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A three-leaf log built by hand; the receipt of its last event, honest and altered in each way. */
class ReceiptVerifierTests {

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final String ORIGIN = "test.gatehouse.dev/audit";

    private final KeyPair key = keyPair();
    private final String verifierKey = SignedNote.verifierKey("audit", SignedNote.raw(key.getPublic()));
    private final byte[] salt = "salt-0123456789a".getBytes(StandardCharsets.UTF_8);
    private final String payload = "GET /items/7";
    private final byte[] leaf0 = Rfc6962.leafHash(new byte[] {0});
    private final byte[] leaf1 = Rfc6962.leafHash(new byte[] {1});

    @Test
    void anHonestReceiptVerifies() {
        ReceiptVerifier.Receipt receipt = ReceiptVerifier.verify(proof(event()), "e-2", verifierKey);
        assertThat(receipt.leafIndex()).isEqualTo(2);
        assertThat(receipt.checkpoint().size()).isEqualTo(3);
        assertThat(receipt.checkpoint().origin()).isEqualTo(ORIGIN);
    }

    @Test
    void anAlteredEventIsRejected() {
        ObjectNode proof = proof(event());
        ((ObjectNode) proof.get("event")).put("verdict", "ALLOW");
        assertThatThrownBy(() -> ReceiptVerifier.verify(proof, "e-2", verifierKey))
                .isInstanceOf(ReceiptRejected.class).hasMessageContaining("not included at leaf 2")
                .hasMessageContaining("altered");
    }

    @Test
    void anAlteredPayloadIsRejected() {
        ObjectNode proof = proof(event()).put("payload", "GET /items/8");
        assertThatThrownBy(() -> ReceiptVerifier.verify(proof, "e-2", verifierKey))
                .hasMessageContaining("payload was altered");
    }

    @Test
    void aCheckpointCheckedWithAnotherKeyIsRejected() {
        String other = SignedNote.verifierKey("audit", SignedNote.raw(keyPair().getPublic()));
        assertThatThrownBy(() -> ReceiptVerifier.verify(proof(event()), "e-2", other))
                .hasMessageContaining("does not verify with the pinned key audit+")
                .hasMessageContaining("wrong key");
    }

    @Test
    void anUnsignedRootSwapIsRejected() {
        ObjectNode proof = proof(event());
        proof.put("checkpoint", proof.get("checkpoint").asString().replace("\n3\n", "\n4\n"));
        assertThatThrownBy(() -> ReceiptVerifier.verify(proof, "e-2", verifierKey))
                .hasMessageContaining("bad signature");
    }

    @Test
    void aReceiptForAnotherEventIsRejected() {
        assertThatThrownBy(() -> ReceiptVerifier.verify(proof(event()), "e-9", verifierKey))
                .hasMessageContaining("not the requested e-9");
    }

    @Test
    void twoRootsForOneSizeAreAFork() {
        SignedNote.Checkpoint honest = SignedNote.parse(SignedNote.body(ORIGIN, 3, new byte[32]));
        SignedNote.Checkpoint forked = SignedNote.parse(SignedNote.body(ORIGIN, 3, leaf0));
        assertThat(ForkCheck.needsProof(honest, honest)).isFalse();
        assertThatThrownBy(() -> ForkCheck.needsProof(honest, forked)).hasMessageContaining("forked log");
    }

    @Test
    void aGrownLogMustProveConsistency() {
        SignedNote.Checkpoint two = SignedNote.parse(SignedNote.body(ORIGIN, 2, Rfc6962.nodeHash(leaf0, leaf1)));
        byte[] leaf2 = Rfc6962.leafHash(LeafHash.leafData(event(), LeafHash.payloadHash(salt, payload), null));
        SignedNote.Checkpoint three = SignedNote.parse(SignedNote.body(ORIGIN, 3,
                Rfc6962.nodeHash(Rfc6962.nodeHash(leaf0, leaf1), leaf2)));
        assertThat(ForkCheck.needsProof(two, three)).isTrue();
        ForkCheck.consistent(two, three, List.of(B64.encodeToString(leaf2)));
        assertThatThrownBy(() -> ForkCheck.consistent(two, three, List.of(B64.encodeToString(leaf0))))
                .hasMessageContaining("not consistent with checkpoint 2");
    }

    private ObjectNode event() {
        return LeafHash.JSON.createObjectNode().put("id", "e-2").put("sessionId", "s-1").put("seq", 1)
                .put("kind", "REQUEST").put("verdict", "DENY").put("connection", "demo-http");
    }

    private ObjectNode proof(ObjectNode event) {
        byte[] payloadHash = LeafHash.payloadHash(salt, payload);
        byte[] leaf2 = LeafHash.leafHash(event, payloadHash, null);
        byte[] root = Rfc6962.nodeHash(Rfc6962.nodeHash(leaf0, leaf1), leaf2);
        ObjectNode proof = LeafHash.JSON.createObjectNode().put("eventId", "e-2").put("leafIndex", 2).put("treeSize", 3)
                .put("rootHash", B64.encodeToString(root)).put("checkpoint", sign(SignedNote.body(ORIGIN, 3, root)))
                .put("payloadHash", B64.encodeToString(payloadHash)).put("payloadSalt", B64.encodeToString(salt))
                .put("payload", payload);
        ArrayNode path = proof.putArray("auditPath");
        path.add(B64.encodeToString(Rfc6962.nodeHash(leaf0, leaf1)));
        proof.set("event", event);
        return proof;
    }

    private String sign(String body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(body.getBytes(StandardCharsets.UTF_8));
            byte[] raw = SignedNote.raw(key.getPublic());
            return SignedNote.note(body, "audit", SignedNote.keyId("audit", raw), signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
