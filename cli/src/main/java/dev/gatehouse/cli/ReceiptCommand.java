package dev.gatehouse.cli;

import dev.gatehouse.ledger.ReceiptRejected;
import dev.gatehouse.ledger.ReceiptVerifier;
import dev.gatehouse.ledger.SignedNote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Fetches an event's receipt (its inclusion proof against a signed checkpoint) and verifies it offline
 * with the log's public key, which the user pins ({@code --key} / {@code GATEHOUSE_LOG_KEY}); only with
 * {@code --trust-on-first-use} is the key taken from the server, said so, and remembered. Then the
 * checkpoint is checked against the largest one seen before ({@link CheckpointMemory}): a fork or a
 * rewritten history is refused. {@code --file} verifies a saved receipt without any network.
 */
@Command(name = "receipt", description = "Verify an audit event's receipt offline against the log's pinned key.")
final class ReceiptCommand implements Callable<Integer> {

    private final Context context;

    @Parameters(paramLabel = "AUDIT_ID", description = "the Gatehouse-Audit-Id of an answer")
    String auditId;

    @Option(names = "--key", description = "the log's verifier key, name+keyid+base64 (default: $GATEHOUSE_LOG_KEY)")
    String key;

    @Option(names = "--trust-on-first-use", description = "no pinned key: take the server's once and remember it")
    boolean trustOnFirstUse;

    @Option(names = "--file", description = "verify this saved receipt (JSON) instead of fetching it")
    Path file;

    @Option(names = "--save", description = "also write the receipt (JSON) here, for later offline checks")
    Path save;

    @Option(names = "--wait", description = "how long to wait for a new event to be stored and covered by a checkpoint (default 30s; an id still unknown after 10s is reported)")
    Duration wait = Duration.ofSeconds(30);

    @Option(names = "--url", description = "the proxy's base URL (default: the one gatehouse login used)")
    String url;

    /** How long an unknown audit id is asked again before it is called unknown (at most {@code --wait}). */
    static final Duration NOT_STORED_YET = Duration.ofSeconds(10);

    ReceiptCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Api api = file == null ? Api.of(context, url) : null;
        JsonNode proof = file != null ? State.JSON.readTree(read(file)) : fetch(api);
        if (save != null) {
            Files.writeString(save, State.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(proof));
        }
        CheckpointMemory memory = new CheckpointMemory(new State(context));
        try {
            String verifierKey = verifierKey(api, memory);
            ReceiptVerifier.Receipt receipt = ReceiptVerifier.verify(proof, auditId, verifierKey);
            String forkNote = memory.check(receipt.checkpoint(), proof.path("checkpoint").asString(), verifierKey, api);
            JsonNode event = receipt.event();
            SignedNote.Checkpoint checkpoint = receipt.checkpoint();
            context.out().println("receipt verified: event " + receipt.eventId() + " (" + event.path("kind").asString("")
                    + " " + event.path("connection").asString("") + ", verdict " + event.path("verdict").asString("-")
                    + (event.hasNonNull("ruleId") ? ", rule " + event.path("ruleId").asString() : "") + ") is leaf "
                    + receipt.leafIndex() + " of checkpoint " + checkpoint.size() + " of " + checkpoint.origin()
                    + ", signed by " + keyId(verifierKey) + "; " + forkNote);
            return 0;
        } catch (ReceiptRejected e) {
            throw new CliFailure(CliFailure.REJECTED, "receipt REJECTED: " + e.getMessage());
        }
    }

    /**
     * Asks until the event is covered by a checkpoint (409 until then, for up to {@code --wait}). An id the
     * trail does not know yet (404) is asked again for a shorter while: the answer that named it went out
     * once Kafka acknowledged its event, and the ledger stores it a moment later (a tenth of a second when
     * quiet, seconds when it is behind), so a receipt asked for right away would otherwise be refused.
     */
    private JsonNode fetch(Api api) throws InterruptedException {
        requireUuid(auditId, "the audit id (the Gatehouse-Audit-Id header of an answer)");
        long start = System.nanoTime();
        long uncovered = start + wait.toNanos();
        long unknown = start + Math.min(wait.toNanos(), NOT_STORED_YET.toNanos());
        while (true) {
            Api.Reply reply = api.send("GET", "/receipts/" + auditId, null, Duration.ofSeconds(30));
            long now = System.nanoTime();
            if (reply.status() == 404 && now < unknown) {
                Thread.sleep(200);
            } else if (reply.status() == 409 && now < uncovered) {
                Thread.sleep(500); // the next checkpoint is seconds away
            } else {
                return Api.ok(reply, "/receipts/" + auditId);
            }
        }
    }

    private String verifierKey(Api api, CheckpointMemory memory) {
        String pinned = key != null ? key : context.get("GATEHOUSE_LOG_KEY");
        if (pinned != null) {
            return pinned;
        }
        String remembered = memory.rememberedKey();
        if (remembered != null) {
            return remembered;
        }
        if (!trustOnFirstUse || api == null) {
            throw new CliFailure(CliFailure.USAGE, "no log key pinned: pass --key or set GATEHOUSE_LOG_KEY to the log's "
                    + "verifier key (an auditor reads it from audit-service GET /api/v1/checkpoints/public-key), or "
                    + "pass --trust-on-first-use to take the server's key once");
        }
        String served = api.get("/receipts/public-key").path("verifierKey").asString(null);
        if (served == null) {
            throw CliFailure.error("Gatehouse did not serve the log's key");
        }
        memory.rememberKey(served);
        context.err().println("gatehouse: trusting the log key " + served + " as Gatehouse serves it now (trust on "
                + "first use, remembered in " + memory.where() + "); pin it with GATEHOUSE_LOG_KEY to check the server too");
        return served;
    }

    private static String keyId(String verifierKey) {
        String[] parts = verifierKey.split("\\+", 3);
        return parts.length == 3 ? parts[0] + "+" + parts[1] : verifierKey;
    }

    static void requireUuid(String id, String what) {
        try {
            java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, what + " must be a UUID, not " + id);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw CliFailure.error("cannot read " + path + ": " + e.getMessage());
        }
    }
}
