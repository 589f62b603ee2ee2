package dev.gatehouse.audit.dashboard.integrity;

import dev.gatehouse.audit.checkpoint.LedgerIntegrity;
import dev.gatehouse.audit.checkpoint.LedgerIntegrity.CheckpointStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.ArrayList;
import java.util.List;

/** The latest signed checkpoint and whether it, and the log since the previous ones, verifies. */
@Controller
class IntegrityPageController {

    private static final int RECENT = 10;

    private final LedgerIntegrity integrity;

    IntegrityPageController(LedgerIntegrity integrity) {
        this.integrity = integrity;
    }

    /** A checkpoint row: its own checks and whether the log at it extends the previous (older) one. */
    public record Row(CheckpointStatus checkpoint, Boolean consistentWithPrevious) {
    }

    @GetMapping("/dashboard/integrity")
    String integrity(Model model) {
        List<CheckpointStatus> recent = integrity.recent(RECENT + 1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(RECENT, recent.size()); i++) {
            CheckpointStatus older = i + 1 < recent.size() ? recent.get(i + 1) : null;
            rows.add(new Row(recent.get(i), older == null ? null : integrity.consistent(older, recent.get(i))));
        }
        model.addAttribute("latest", rows.isEmpty() ? null : rows.getFirst());
        model.addAttribute("rows", rows);
        model.addAttribute("logSize", integrity.logSize());
        model.addAttribute("verifierKey", integrity.verifierKey());
        return "dashboard/integrity";
    }
}
