package dev.gatehouse.audit.dashboard.approvals;

import dev.gatehouse.audit.dashboard.DashboardProperties;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The reviewers' queue: pending requests (polled by htmx, swapped only when the queue changed), the
 * decided history, approve/reject with a comment. POSTs reach here only for {@code gatehouse-reviewer}
 * (DashboardSecurity) with a valid CSRF token; approval-service then applies its own rules.
 */
@Controller
class ApprovalsPageController {

    private static final int MAX_COMMENT = 2000;
    private static final int HISTORY = 50;
    private static final List<ApprovalStatus> DECIDED = List.of(ApprovalStatus.APPROVED, ApprovalStatus.REJECTED,
            ApprovalStatus.CONSUMED, ApprovalStatus.EXPIRED, ApprovalStatus.CANCELLED);

    private final ApprovalClient approvals;
    private final UserToken tokens;
    private final DashboardProperties properties;

    ApprovalsPageController(ApprovalClient approvals, UserToken tokens, DashboardProperties properties) {
        this.approvals = approvals;
        this.tokens = tokens;
        this.properties = properties;
    }

    @GetMapping("/dashboard/approvals")
    String page(Authentication authentication, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        pending(authentication, request, response, model);
        try {
            String token = tokens.of(authentication, request, response);
            List<Approval> decided = new ArrayList<>();
            for (ApprovalStatus status : DECIDED) {
                try {
                    decided.addAll(approvals.list(status, token));
                } catch (ApprovalServiceError e) {
                    // A service that does not list this status (400) still shows the others.
                    if (e.status() != 400) {
                        throw e;
                    }
                }
            }
            decided.sort(Comparator.comparing((Approval a) -> a.decidedAt() == null ? Instant.EPOCH : a.decidedAt())
                    .reversed());
            model.addAttribute("history", decided.stream().limit(HISTORY).map(ApprovalCard::of).toList());
        } catch (ApprovalServiceError e) {
            model.addAttribute("historyError", e.getMessage());
        }
        return "dashboard/approvals";
    }

    /** The polled fragment; 204 (htmx keeps what it shows) while the queue is unchanged. */
    @GetMapping("/dashboard/approvals/pending")
    Object pendingFragment(@RequestParam(required = false) String known, Authentication authentication,
                           HttpServletRequest request, HttpServletResponse response, Model model) {
        pending(authentication, request, response, model);
        if (known != null && known.equals(model.getAttribute("fingerprint"))) {
            return ResponseEntity.noContent().build();
        }
        return "dashboard/approvals :: pending";
    }

    @PostMapping("/dashboard/approvals/{id}/{action:approve|reject}")
    String decide(@PathVariable String id, @PathVariable String action, @RequestParam(defaultValue = "") String comment,
                  Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                  RedirectAttributes redirect) {
        try {
            UUID approvalId = UUID.fromString(id);
            if (comment.length() > MAX_COMMENT) {
                throw new ApprovalServiceError(400, "comment: at most " + MAX_COMMENT + " characters");
            }
            approvals.decide(approvalId, action.equals("approve"), comment.strip(), tokens.of(authentication, request, response));
            redirect.addFlashAttribute("notice", (action.equals("approve") ? "Approved " : "Rejected ") + approvalId);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("failure", "Not an approval id: nothing was sent");
        } catch (ApprovalServiceError e) {
            redirect.addFlashAttribute("failure", "approval-service refused (" + e.status()
                    + "): " + e.getMessage());
        }
        return "redirect:/dashboard/approvals";
    }

    private void pending(Authentication authentication, HttpServletRequest request,
                HttpServletResponse response, Model model) {
        List<ApprovalCard> cards = List.of();
        try {
            cards = approvals.list(ApprovalStatus.PENDING, tokens.of(authentication, request, response)).stream()
                    .map(ApprovalCard::of).toList();
        } catch (ApprovalServiceError e) {
            model.addAttribute("pendingError", e.getMessage());
        }
        model.addAttribute("pending", cards);
        model.addAttribute("fingerprint", fingerprint(cards, (String) model.getAttribute("pendingError")));
        model.addAttribute("pollSeconds", Math.max(1, properties.pollInterval().toSeconds()));
    }

    private static String fingerprint(List<ApprovalCard> cards, String error) {
        StringBuilder text = new StringBuilder(error == null ? "" : error);
        cards.forEach(card -> text.append(card.approval().id()).append(card.approval().status())
                .append(card.approval().votes().size()).append(';'));
        return Integer.toHexString(text.toString().hashCode());
    }
}
