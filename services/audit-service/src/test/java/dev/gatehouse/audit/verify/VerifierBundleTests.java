package dev.gatehouse.audit.verify;

import dev.gatehouse.audit.ledger.LeafDocument;
import dev.gatehouse.audit.ledger.MerkleTree;
import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.ledger.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundle mode on a log built in memory: the same checks as against a service, without one. */
class VerifierBundleTests {

    private static final Base64.Encoder B64 = Base64.getEncoder();

    @TempDir
    Path dir;

    @Test
    void verifiesAnIntactBundleAndNamesTheFirstBadLine() throws Exception {
        List<String> lines = bundle(5);
        assertThat(verify(lines)).startsWith("OK: 5 events in 2 sessions");

        List<String> missing = new ArrayList<>(lines);
        missing.remove(2);
        assertThat(verify(missing)).startsWith("FAILED: leaf 1 is missing");

        List<String> swapped = new ArrayList<>(lines);
        swapped.set(2, lines.get(3).replace("\"leafIndex\":2", "\"leafIndex\":1"));
        swapped.set(3, lines.get(2).replace("\"leafIndex\":1", "\"leafIndex\":2"));
        assertThat(verify(swapped)).startsWith("FAILED: event ").contains("(leaf 1)");

        List<String> truncated = new ArrayList<>(lines.subList(0, 4));
        assertThat(verify(truncated)).startsWith("FAILED: log ends at leaf 3 but checkpoint covers 5");

        List<String> forged = new ArrayList<>(lines);
        forged.set(0, lines.get(0).replace("\\n5\\n", "\\n6\\n"));
        assertThat(verify(forged)).startsWith("FAILED: checkpoint does not verify");
    }

    private String verify(List<String> lines) throws Exception {
        Path file = Files.write(dir.resolve(UUID.randomUUID() + ".jsonl"), lines);
        return TamperEvidenceIT.run("--bundle", file.toString());
    }

    /** Header + n entries over two sessions, as the verifier's --write-bundle would produce. */
    private static List<String> bundle(int n) throws Exception {
        List<ObjectNode> entries = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        byte[][] heads = new byte[2][];
        for (int i = 0; i < n; i++) {
            int session = i % 2;
            ObjectNode event = LeafDocument.JSON.createObjectNode().put("id", UUID.randomUUID().toString())
                    .put("sessionId", "s-" + session).put("seq", i).put("kind", "REQUEST").put("verdict", "ALLOW");
            byte[] salt = new byte[16];
            salt[0] = (byte) i;
            String payload = "{\"n\":" + i + "}";
            byte[] payloadHash = LeafHash.payloadHash(salt, payload);
            byte[] leaf = LeafHash.leafHash(event, payloadHash, heads[session]);
            ObjectNode entry = LeafDocument.JSON.createObjectNode().put("type", "entry").put("leafIndex", i)
                    .put("eventId", event.path("id").asString()).put("payload", payload)
                    .put("payloadSalt", B64.encodeToString(salt)).put("payloadHash", B64.encodeToString(payloadHash))
                    .put("prevHash", heads[session] == null ? null : B64.encodeToString(heads[session]));
            entry.set("event", event);
            heads[session] = leaf;
            leaves.add(leaf);
            entries.add(entry);
        }
        MerkleTree tree = new MerkleTree((from, count) -> leaves.subList((int) from, (int) (from + count)));
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] raw = SignedNote.raw(pair.getPublic());
        String body = SignedNote.body("test/log", n, tree.root(n));
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(pair.getPrivate());
        signature.update(body.getBytes(StandardCharsets.UTF_8));
        String note = SignedNote.note(body, "test/log", SignedNote.keyId("test/log", raw), signature.sign());

        List<String> lines = new ArrayList<>();
        lines.add(LeafDocument.JSON.writeValueAsString(LeafDocument.JSON.createObjectNode().put("type", "checkpoint")
                .put("verifierKey", SignedNote.verifierKey("test/log", raw)).put("checkpoint", note)));
        for (ObjectNode entry : entries) {
            var path = entry.putArray("auditPath");
            tree.inclusionProof(entry.path("leafIndex").asLong(), n).forEach(h -> path.add(B64.encodeToString(h)));
            lines.add(LeafDocument.JSON.writeValueAsString(entry));
        }
        return lines;
    }
}
