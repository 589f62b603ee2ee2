package dev.gatehouse.audit.dashboard.approvals;

import dev.gatehouse.audit.dashboard.SqlHighlighter;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.Protocol;
import org.springframework.web.util.HtmlUtils;

import java.util.ArrayList;
import java.util.List;

/** An approval as the page shows it: the masked command rendered (SQL highlighted), CI claims listed. */
public record ApprovalCard(Approval approval, String commandHtml, boolean sql, List<ApprovalCard.Claim> claims) {

    public record Claim(String name, String value) {
    }

    /** The claims a reviewer needs to tell which pipeline is asking, in this order. */
    private static final List<String> SHOWN_CLAIMS = List.of("repository", "ref", "workflow", "run_id", "run_attempt",
            "actor", "environment", "event_name", "job_workflow_ref", "project_path", "pipeline_id", "user_login");

    static ApprovalCard of(Approval approval) {
        boolean sql = approval.protocol() == Protocol.POSTGRES;
        String command = approval.command() == null ? "" : approval.command();
        String html = sql ? SqlHighlighter.toHtml(command) : HtmlUtils.htmlEscape(command);
        List<Claim> claims = new ArrayList<>();
        if (approval.identity() != null) {
            for (String name : SHOWN_CLAIMS) {
                String value = approval.identity().claim(name);
                if (value != null && !value.isBlank()) {
                    claims.add(new Claim(name, value));
                }
            }
        }
        return new ApprovalCard(approval, html, sql, List.copyOf(claims));
    }

    public String elementId() {
        return "approval-" + approval.id();
    }
}
