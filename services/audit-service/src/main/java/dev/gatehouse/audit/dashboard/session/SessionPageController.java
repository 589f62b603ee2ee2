package dev.gatehouse.audit.dashboard.session;

import dev.gatehouse.audit.checkpoint.LedgerIntegrity;
import dev.gatehouse.audit.search.EventRepository;
import dev.gatehouse.audit.search.EventView;
import dev.gatehouse.audit.session.SessionReplay;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.List;

/** One session: its timeline (the replay API's) and whether its evidence verifies. */
@Controller
class SessionPageController {

    private static final int MAX_ID_LENGTH = 200;

    private final EventRepository events;
    private final LedgerIntegrity integrity;

    SessionPageController(EventRepository events, LedgerIntegrity integrity) {
        this.events = events;
        this.integrity = integrity;
    }

    public record TimelineStep(SessionReplay.Step step, List<ApprovalNotes.Note> approvals) {
    }

    @GetMapping("/dashboard/sessions/{id}")
    String session(@PathVariable String id, Model model, HttpServletResponse response) {
        List<EventView> rows = id.length() > MAX_ID_LENGTH ? List.of()
                : events.session(id, EventRepository.MAX_SESSION_EVENTS + 1);
        if (rows.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("sessionId", id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) + "…" : id);
            return "dashboard/session-not-found";
        }
        boolean truncated = rows.size() > EventRepository.MAX_SESSION_EVENTS;
        SessionReplay replay = SessionReplay.of(id,
                truncated ? rows.subList(0, EventRepository.MAX_SESSION_EVENTS) : rows, truncated);
        model.addAttribute("replay", replay);
        model.addAttribute("first", replay.steps().getFirst().event());
        model.addAttribute("steps", replay.steps().stream()
                .map(step -> new TimelineStep(step, ApprovalNotes.of(step.event()))).toList());
        model.addAttribute("integrity", integrity.session(id, EventRepository.MAX_SESSION_EVENTS));
        return "dashboard/session";
    }
}
