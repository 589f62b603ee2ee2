package dev.gatehouse.audit.verify;

import dev.gatehouse.ledger.Rfc6962;
import dev.gatehouse.ledger.SignedNote;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline verifier of the audit log, for CI:
 * <pre>
 * java -cp audit-service.jar:... dev.gatehouse.audit.verify.Verifier --url http://host:8083 [--token T]
 *      [--key VERIFIER_KEY] [--write-bundle out.jsonl]
 * java -cp ... dev.gatehouse.audit.verify.Verifier --bundle file.jsonl [--key VERIFIER_KEY]
 * </pre>
 * Token also from {@code GATEHOUSE_TOKEN}. Exit 0: all verified (summary printed); 1: the first failure
 * is printed; 2: usage or I/O error.
 */
public final class Verifier {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Verifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || (options.containsKey("--url") == options.containsKey("--bundle"))) {
            out.println("usage: Verifier (--url URL [--token TOKEN] [--write-bundle FILE] | --bundle FILE) "
                    + "[--key VERIFIER_KEY]");
            return 2;
        }
        try {
            String summary = options.containsKey("--url")
                    ? fromServer(new LedgerClient(options.get("--url"), token(options)), options)
                    : fromBundle(Path.of(options.get("--bundle")), options.get("--key"));
            out.println("OK: " + summary);
            return 0;
        } catch (VerificationFailed e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            out.println("ERROR: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        }
    }

    private static String token(Map<String, String> options) {
        return options.getOrDefault("--token", System.getenv("GATEHOUSE_TOKEN"));
    }

    private static String fromServer(LedgerClient client, Map<String, String> options) throws IOException {
        String key = client.get("/api/v1/checkpoints/public-key").path("verifierKey").asString();
        String pinned = options.get("--key");
        if (pinned != null && !pinned.equals(key)) {
            throw new VerificationFailed("the service's checkpoint key " + key + " is not the expected " + pinned);
        }
        List<SignedNote.Checkpoint> checkpoints = new ArrayList<>();
        for (JsonNode item : client.checkpoints()) {
            checkpoints.add(verifyNote(item.path("note").asString(), key));
        }
        if (checkpoints.isEmpty()) {
            throw new VerificationFailed("the service has no checkpoint");
        }
        for (int i = 1; i < checkpoints.size(); i++) {
            SignedNote.Checkpoint a = checkpoints.get(i - 1);
            SignedNote.Checkpoint b = checkpoints.get(i);
            JsonNode proof = client.get("/api/v1/checkpoints/consistency?from=" + a.size() + "&to=" + b.size());
            checkConsistency(a, b, proof.path("proof"));
        }
        SignedNote.Checkpoint latest = checkpoints.getLast();
        LogChecker checker = new LogChecker(latest.size(), latest.rootHash());
        Path bundle = options.containsKey("--write-bundle") ? Path.of(options.get("--write-bundle")) : null;
        try (PrintWriter writer = bundle == null ? null : new PrintWriter(Files.newBufferedWriter(bundle))) {
            if (writer != null) {
                ObjectNode header = JSON.createObjectNode().put("type", "checkpoint").put("verifierKey", key);
                header.put("checkpoint", client.get("/api/v1/checkpoints/latest").path("note").asString());
                writer.println(JSON.writeValueAsString(header));
            }
            for (Long from = 0L; from != null; ) {
                JsonNode page = client.get("/api/v1/ledger/entries?size=" + latest.size() + "&limit=1000&from=" + from);
                for (JsonNode entry : page.path("items")) {
                    if (writer != null) {
                        writer.println(JSON.writeValueAsString(((ObjectNode) entry).put("type", "entry")));
                    }
                    checker.check(entry);
                }
                from = page.path("next").isNumber() ? page.path("next").asLong() : null;
            }
        }
        checker.finish();
        return checkpoints.size() + " checkpoints signed and consistent; " + summary(latest, checker);
    }

    private static String fromBundle(Path file, String pinnedKey) throws IOException {
        LogChecker checker = null;
        SignedNote.Checkpoint checkpoint = null;
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                if ("checkpoint".equals(node.path("type").asString(null))) {
                    String key = node.path("verifierKey").asString();
                    if (pinnedKey != null && !pinnedKey.equals(key)) {
                        throw new VerificationFailed("the bundle's key " + key + " is not the expected " + pinnedKey);
                    }
                    checkpoint = verifyNote(node.path("checkpoint").asString(), key);
                    checker = new LogChecker(checkpoint.size(), checkpoint.rootHash());
                } else if (checker == null) {
                    throw new VerificationFailed("the bundle does not start with its checkpoint");
                } else {
                    checker.check(node);
                }
            }
        }
        if (checker == null) {
            throw new VerificationFailed("the bundle has no checkpoint");
        }
        checker.finish();
        return summary(checkpoint, checker);
    }

    static SignedNote.Checkpoint verifyNote(String note, String key) {
        try {
            return SignedNote.verify(note, key);
        } catch (IllegalArgumentException e) {
            throw new VerificationFailed("checkpoint does not verify: " + e.getMessage());
        }
    }

    static void checkConsistency(SignedNote.Checkpoint a, SignedNote.Checkpoint b, JsonNode proof) {
        List<byte[]> path = proof.valueStream().map(LogChecker::bytes).toList();
        if (!Rfc6962.verifyConsistency(a.size(), b.size(), a.rootHash(), b.rootHash(), path)) {
            throw new VerificationFailed("checkpoint " + b.size() + " is not consistent with checkpoint " + a.size());
        }
    }

    private static String summary(SignedNote.Checkpoint checkpoint, LogChecker checker) {
        return checker.events() + " events in " + checker.sessions() + " sessions verified against checkpoint "
                + checkpoint.size() + " (root " + java.util.Base64.getEncoder().encodeToString(checkpoint.rootHash())
                + ")";
    }
}
