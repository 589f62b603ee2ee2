package dev.gatehouse.cli;

import dev.gatehouse.ledger.ForkCheck;
import dev.gatehouse.ledger.ReceiptVerifier;
import dev.gatehouse.ledger.SignedNote;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The largest signed checkpoint this CLI has seen (file {@code checkpoint.note}) and a key taken on first
 * use ({@code log-key}). A new checkpoint must be consistent with the remembered one: same size and other
 * root, or a consistency proof that fails, is a fork. The remembered note is re-verified with the key
 * before use, so an edited file is noticed rather than trusted.
 */
final class CheckpointMemory {

    private final State state;

    CheckpointMemory(State state) {
        this.state = state;
    }

    String where() {
        return state.home().toString();
    }

    String rememberedKey() {
        Path file = state.file("log-key");
        return Files.isRegularFile(file) ? ReceiptCommand.read(file).strip() : null;
    }

    void rememberKey(String key) {
        state.write("log-key", key);
    }

    /** Checks {@code now} against the remembered checkpoint and remembers the larger; says what it did. */
    String check(SignedNote.Checkpoint now, String note, String key, Api api) {
        Path file = state.file("checkpoint.note");
        if (!Files.isRegularFile(file)) {
            remember(note);
            return "first checkpoint seen from this log (remembered for fork checks)";
        }
        SignedNote.Checkpoint seen = ReceiptVerifier.checkpoint(ReceiptCommand.read(file), key);
        if (ForkCheck.needsProof(seen, now)) {
            if (api == null) {
                return "not checked against checkpoint " + seen.size() + " seen earlier (offline)";
            }
            long from = Math.min(seen.size(), now.size());
            long to = Math.max(seen.size(), now.size());
            JsonNode proof = api.get("/receipts/consistency?from=" + from + "&to=" + to).path("proof");
            List<String> hashes = new ArrayList<>();
            proof.forEach(hash -> hashes.add(hash.asString()));
            ForkCheck.consistent(seen, now, hashes);
        }
        if (now.size() > seen.size()) {
            remember(note);
        }
        return "consistent with checkpoint " + seen.size() + " seen earlier";
    }

    private void remember(String note) {
        state.write("checkpoint.note", note);
    }
}
