package dev.gatehouse.cli;

import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.ledger.Rfc6962;
import dev.gatehouse.ledger.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gatehouse receipt --file} offline, on a two-leaf log signed here: a checkpoint remembered from
 * before, then one of the same size with another root, also validly signed: the log forked.
 */
class ReceiptCommandTests {

    private static final String ORIGIN = "test.gatehouse.dev/audit";

    @TempDir
    Path home;

    private final KeyPair key = generate();
    private final String verifierKey = SignedNote.verifierKey("audit", SignedNote.raw(key.getPublic()));

    @Test
    void aSecondCheckpointOfTheSameSizeWithAnotherRootIsAFork() throws Exception {
        Path honest = receipt("honest", Rfc6962.leafHash(new byte[] {1}));
        Path forked = receipt("forked", Rfc6962.leafHash(new byte[] {2}));

        String[] first = run("receipt", "e-0", "--file", honest.toString());
        assertThat(first[0]).isEqualTo("0");
        assertThat(first[1]).contains("receipt verified: event e-0").contains("first checkpoint seen");

        String[] second = run("receipt", "e-0", "--file", forked.toString());
        assertThat(second[0]).isEqualTo("3");
        assertThat(second[2]).contains("receipt REJECTED: forked log: checkpoint 2 has root");
    }

    @Test
    void withoutAPinnedKeyNothingIsVerified() throws Exception {
        Path honest = receipt("honest", Rfc6962.leafHash(new byte[] {1}));
        StringWriter err = new StringWriter();
        int code = Gatehouse.run(new String[] {"receipt", "e-0", "--file", honest.toString()},
                Map.of("GATEHOUSE_HOME", home.toString()), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(CliFailure.USAGE);
        assertThat(err.toString()).contains("no log key pinned").contains("GATEHOUSE_LOG_KEY");
    }

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Gatehouse.run(args, Map.of("GATEHOUSE_HOME", home.toString(), "GATEHOUSE_LOG_KEY", verifierKey),
                new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    /** Event e-0 at leaf 0 of a two-leaf log whose other leaf is {@code sibling}; the checkpoint signed. */
    private Path receipt(String name, byte[] sibling) throws Exception {
        ObjectNode event = LeafHash.JSON.createObjectNode().put("id", "e-0").put("kind", "REQUEST")
                .put("connection", "demo-http").put("verdict", "ALLOW");
        byte[] leaf = LeafHash.leafHash(event, null, null);
        byte[] root = Rfc6962.nodeHash(leaf, sibling);
        String body = SignedNote.body(ORIGIN, 2, root);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(body.getBytes(StandardCharsets.UTF_8));
        String note = SignedNote.note(body, "audit", SignedNote.keyId("audit", SignedNote.raw(key.getPublic())), signer.sign());
        ObjectNode proof = LeafHash.JSON.createObjectNode().put("eventId", "e-0").put("leafIndex", 0).put("treeSize", 2)
                .put("checkpoint", note);
        proof.putArray("auditPath").add(Base64.getEncoder().encodeToString(sibling));
        proof.set("event", event);
        return Files.writeString(home.resolve(name + ".json"), LeafHash.JSON.writeValueAsString(proof));
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
