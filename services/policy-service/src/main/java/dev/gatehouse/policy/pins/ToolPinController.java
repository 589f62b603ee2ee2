package dev.gatehouse.policy.pins;

import dev.gatehouse.model.ToolPinCheck;
import dev.gatehouse.policy.common.InvalidField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.regex.Pattern;

/**
 * MCP tool-definition pins shared by every proxy replica (docs/architecture.md §3.13): the proxy reports
 * each listed tool's definition hash and learns whether it is the pinned one; an admin lists the pins with
 * the changed definitions replicas refused, and re-approves a changed tool by pinning its new hash (or
 * forgets a pin, so the next definition seen is pinned anew). A pin in the policy document
 * ({@code settings.toolPins}) is checked by the proxy first and wins over these.
 */
@RestController
class ToolPinController {

    private static final Logger log = LoggerFactory.getLogger(ToolPinController.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_./:-]{1,128}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /** An admin's re-approval: the definition hash to accept from now on. */
    record PinRequest(String hash) {
    }

    private final ToolPinLedger ledger;

    ToolPinController(ToolPinLedger ledger) {
        this.ledger = ledger;
    }

    @PostMapping("/api/v1/tool-pins/checks")
    @PreAuthorize("hasAuthority('gatehouse-proxy')")
    ToolPinCheck.Verdict check(@RequestBody ToolPinCheck check) {
        valid(check.connection(), check.tool(), check.hash());
        return ledger.check(check);
    }

    /**
     * For a replica about to forward a {@code tools/call}: the tool's changed definition that a list refused
     * somewhere and no admin re-approved ({@code refused}, null when there is none).
     */
    @GetMapping("/api/v1/tool-pins/{connection}/{tool}/refused")
    @PreAuthorize("hasAuthority('gatehouse-proxy')")
    ToolPinCheck.Refused refused(@PathVariable String connection, @PathVariable String tool) {
        valid(connection, tool, "0".repeat(64));
        return new ToolPinCheck.Refused(ledger.refused(connection, tool));
    }

    @GetMapping("/api/v1/tool-pins")
    @PreAuthorize("hasAnyAuthority('gatehouse-admin', 'gatehouse-auditor')")
    List<ToolPinLedger.Pin> list(@RequestParam String connection) {
        valid(connection, "x", "0".repeat(64));
        return ledger.list(connection);
    }

    @PutMapping("/api/v1/tool-pins/{connection}/{tool}")
    @PreAuthorize("hasAuthority('gatehouse-admin')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void pin(@PathVariable String connection, @PathVariable String tool, @RequestBody PinRequest request,
             @AuthenticationPrincipal Jwt admin) {
        valid(connection, tool, request.hash());
        String by = admin.getIssuer() + " " + admin.getSubject();
        ledger.pin(connection, tool, request.hash(), by);
        log.info("tool {} of connection {} pinned to {} by {}", tool, connection, request.hash(), by);
    }

    @DeleteMapping("/api/v1/tool-pins/{connection}/{tool}")
    @PreAuthorize("hasAuthority('gatehouse-admin')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void forget(@PathVariable String connection, @PathVariable String tool, @AuthenticationPrincipal Jwt admin) {
        valid(connection, tool, "0".repeat(64));
        if (!ledger.forget(connection, tool)) {
            throw new ToolPinNotFound(connection, tool);
        }
        log.info("pin of tool {} of connection {} forgotten by {} {}", tool, connection, admin.getIssuer(),
                admin.getSubject());
    }

    private static void valid(String connection, String tool, String hash) {
        if (connection == null || !NAME.matcher(connection).matches()) {
            throw new InvalidField("connection", "must match " + NAME.pattern());
        }
        if (tool == null || !TOOL.matcher(tool).matches()) {
            throw new InvalidField("tool", "must match " + TOOL.pattern());
        }
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new InvalidField("hash", "must be a SHA-256 in lower-case hex");
        }
    }
}
