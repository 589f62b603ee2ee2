package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.audit.checkpoint.LedgerProblems.CheckpointNotFound;
import dev.gatehouse.audit.checkpoint.LedgerProblems.InvalidLedgerParameter;
import dev.gatehouse.audit.checkpoint.LedgerViews.CheckpointList;
import dev.gatehouse.audit.checkpoint.LedgerViews.ConsistencyView;
import dev.gatehouse.audit.checkpoint.LedgerViews.Entry;
import dev.gatehouse.audit.checkpoint.LedgerViews.EntryPage;
import dev.gatehouse.audit.checkpoint.LedgerViews.EventProof;
import dev.gatehouse.audit.checkpoint.LedgerViews.PublicKeyView;
import dev.gatehouse.ledger.SignedNote;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.HexFormat;
import java.util.List;

/** Checkpoints and proofs, for auditors, admins and the verifier they run. */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("hasAnyAuthority('gatehouse-auditor','gatehouse-admin')")
class CheckpointController {

    private static final int MAX_LIMIT = 1000;
    static final String PROXY_TOO = "hasAnyAuthority('gatehouse-auditor','gatehouse-admin','gatehouse-proxy')";

    private final CheckpointService checkpoints;
    private final CheckpointSigner signer;
    private final LedgerReader ledger;
    private final EventProofs proofs;

    CheckpointController(CheckpointService checkpoints, CheckpointSigner signer, LedgerReader ledger,
                         EventProofs proofs) {
        this.checkpoints = checkpoints;
        this.signer = signer;
        this.ledger = ledger;
        this.proofs = proofs;
    }

    /** The note as text/plain when asked for (and JSON is not), else JSON {size, rootHash, note}. */
    @GetMapping("/checkpoints/latest")
    ResponseEntity<?> latest(@RequestHeader(value = "Accept", required = false) String accept) {
        CheckpointView latest = checkpoints.latest().orElseThrow(() -> new CheckpointNotFound("no checkpoint yet"));
        if (accept != null && accept.contains(MediaType.TEXT_PLAIN_VALUE) && !accept.contains("json")) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(latest.note());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(latest);
    }

    @GetMapping("/checkpoints")
    CheckpointList list(@RequestParam(required = false) String from, @RequestParam(required = false) String limit) {
        return new CheckpointList(checkpoints.list(number("from", from, 0), (int) limit(limit)));
    }

    /** Also for the proxy, which serves it to CI callers (no caller data in it). */
    @PreAuthorize(PROXY_TOO)
    @GetMapping("/checkpoints/public-key")
    PublicKeyView publicKey() {
        byte[] raw = signer.rawPublicKey();
        return new PublicKeyView(signer.name(), "Ed25519", HexFormat.of().formatHex(SignedNote.keyId(signer.name(), raw)),
                LedgerReader.base64(raw), signer.verifierKey());
    }

    /** Also for the proxy, which serves it to CI callers checking for a fork (hashes and notes only). */
    @PreAuthorize(PROXY_TOO)
    @GetMapping("/checkpoints/consistency")
    ConsistencyView consistency(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        long first = number("from", from, -1);
        long second = number("to", to, -1);
        if (first < 0) {
            throw new InvalidLedgerParameter("from", "is required");
        }
        if (second < first) {
            throw new InvalidLedgerParameter("to", "must be at least from");
        }
        if (second > checkpoints.latestSize()) {
            throw new CheckpointNotFound("no checkpoint covers tree size " + second);
        }
        return new ConsistencyView(first, second, ledger.root(first), ledger.root(second),
                ledger.consistency(first, second), note(first), note(second));
    }

    @GetMapping("/events/{id}/proof")
    EventProof proof(@PathVariable String id, @RequestParam(required = false) String size) {
        return proofs.of(EventProofs.uuid(id), checkpoint(size));
    }

    /** The log in leaf order with an inclusion proof per leaf: what the verifier walks. */
    @GetMapping("/ledger/entries")
    EntryPage entries(@RequestParam(required = false) String from, @RequestParam(required = false) String limit,
                      @RequestParam(required = false) String size) {
        CheckpointView checkpoint = checkpoint(size);
        long start = number("from", from, 0);
        int count = (int) Math.min(limit(limit), Math.max(0, checkpoint.size() - start));
        List<Entry> items = count == 0 ? List.of() : ledger.byLeaf(start, count).stream()
                .map(row -> new Entry(row.leafIndex(), row.eventId(), row.event(), row.payload(),
                        LedgerReader.base64(row.payloadSalt()), LedgerReader.base64(row.payloadHash()),
                        LedgerReader.base64(row.prevHash()), ledger.inclusion(row.leafIndex(), checkpoint.size())))
                .toList();
        Long next = start + count < checkpoint.size() ? start + count : null;
        return new EntryPage(checkpoint.size(), checkpoint.note(), items, next);
    }

    CheckpointView checkpoint(String size) {
        if (size == null) {
            return checkpoints.latest().orElseThrow(() -> new CheckpointNotFound("no checkpoint yet"));
        }
        long treeSize = number("size", size, -1);
        return checkpoints.find(treeSize)
                .orElseThrow(() -> new CheckpointNotFound("no checkpoint of tree size " + treeSize));
    }

    private String note(long size) {
        return checkpoints.find(size).map(CheckpointView::note).orElse(null);
    }

    private static long limit(String limit) {
        long value = number("limit", limit, 100);
        if (value < 1 || value > MAX_LIMIT) {
            throw new InvalidLedgerParameter("limit", "must be an integer from 1 to " + MAX_LIMIT);
        }
        return value;
    }

    private static long number(String name, String value, long absent) {
        if (value == null) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new InvalidLedgerParameter(name, "must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidLedgerParameter(name, "must be an integer");
        }
    }

}
