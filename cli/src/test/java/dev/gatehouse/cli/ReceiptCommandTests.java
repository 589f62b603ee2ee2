package dev.gatehouse.cli;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.ledger.Rfc6962;
import dev.gatehouse.ledger.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gatehouse receipt --file} offline, on a two-leaf log signed here: a checkpoint remembered from
 * before, then one of the same size with another root, also validly signed: the log forked. And fetched
 * from a proxy double: an event the ledger has not stored yet (404) is asked for again, for a while.
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

    @Test
    void anEventNotInTheLedgerYetIsAskedForAgainUntilItIs() throws Exception {
        String id = UUID.randomUUID().toString();
        String proof = proof(id, Rfc6962.leafHash(new byte[] {1}));
        AtomicInteger asked = new AtomicInteger();
        HttpServer proxy = proxy(id, () -> asked.incrementAndGet() <= 2 ? 404 : 200, proof);
        try {
            String[] fetched = run("receipt", id, "--url", "http://127.0.0.1:" + proxy.getAddress().getPort());
            assertThat(fetched[0]).as(fetched[2]).isEqualTo("0");
            assertThat(fetched[1]).contains("receipt verified: event " + id);
            assertThat(asked).hasValue(3);
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void anIdTheTrailNeverStoresIsCalledUnknownOnceTheWaitIsOver() throws Exception {
        String id = UUID.randomUUID().toString();
        AtomicInteger asked = new AtomicInteger();
        HttpServer proxy = proxy(id, () -> {
            asked.incrementAndGet();
            return 404;
        }, "");
        try {
            String[] fetched = run("receipt", id, "--url", "http://127.0.0.1:" + proxy.getAddress().getPort(),
                    "--wait", "PT1S");
            assertThat(fetched[0]).isEqualTo(String.valueOf(CliFailure.ERROR));
            assertThat(fetched[2]).contains("answered 404").contains("no audit event " + id + " of yours");
            assertThat(asked.get()).as("asked again within the wait, then given up").isBetween(2, 10);
        } finally {
            proxy.stop(0);
        }
    }

    /** The proxy's {@code GET /receipts/{id}}: {@code status} per request, the receipt when it is 200. */
    private HttpServer proxy(String id, java.util.function.IntSupplier status, String receipt) throws IOException {
        Files.writeString(home.resolve("token"), "a-ci-token");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/receipts/" + id, exchange -> {
            int code = status.getAsInt();
            byte[] body = (code == 200 ? receipt
                    : "{\"status\":404,\"detail\":\"no audit event " + id + " of yours\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
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
        return Files.writeString(home.resolve(name + ".json"), proof("e-0", sibling));
    }

    /** Event {@code id} at leaf 0 of a two-leaf log whose other leaf is {@code sibling}, as JSON. */
    private String proof(String id, byte[] sibling) throws Exception {
        ObjectNode event = LeafHash.JSON.createObjectNode().put("id", id).put("kind", "REQUEST")
                .put("connection", "demo-http").put("verdict", "ALLOW");
        byte[] leaf = LeafHash.leafHash(event, null, null);
        byte[] root = Rfc6962.nodeHash(leaf, sibling);
        String body = SignedNote.body(ORIGIN, 2, root);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(body.getBytes(StandardCharsets.UTF_8));
        String note = SignedNote.note(body, "audit", SignedNote.keyId("audit", SignedNote.raw(key.getPublic())), signer.sign());
        ObjectNode proof = LeafHash.JSON.createObjectNode().put("eventId", id).put("leafIndex", 0).put("treeSize", 2)
                .put("checkpoint", note);
        proof.putArray("auditPath").add(Base64.getEncoder().encodeToString(sibling));
        proof.set("event", event);
        return LeafHash.JSON.writeValueAsString(proof);
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
