package dev.gatehouse.approval.request;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/approvals")
class ApprovalController {

    private final ApprovalRequests requests;

    ApprovalController(ApprovalRequests requests) {
        this.requests = requests;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('gatehouse-reviewer', 'gatehouse-admin')")
    List<ApprovalView> list(@RequestParam(defaultValue = "PENDING") ApprovalStatus status) {
        return requests.findByStatus(status);
    }
}
