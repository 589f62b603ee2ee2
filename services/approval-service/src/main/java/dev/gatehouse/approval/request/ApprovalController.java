package dev.gatehouse.approval.request;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalConsumption;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/approvals")
class ApprovalController {

    static final String READERS = "hasAnyAuthority('gatehouse-reviewer', 'gatehouse-admin', 'gatehouse-proxy')";

    private final ApprovalWorkflow workflow;
    private final ReviewerVotes votes;
    private final ApprovalRedemption redemption;
    private final ApprovalWaiters waiters;
    private final ApprovalViews views;
    private final ApprovalStore store;
    private final WaitProperties waitProperties;

    ApprovalController(ApprovalWorkflow workflow, ReviewerVotes votes, ApprovalRedemption redemption,
                       ApprovalWaiters waiters, ApprovalViews views, ApprovalStore store, WaitProperties waitProperties) {
        this.workflow = workflow;
        this.votes = votes;
        this.redemption = redemption;
        this.waiters = waiters;
        this.views = views;
        this.store = store;
        this.waitProperties = waitProperties;
    }

    @PostMapping
    @PreAuthorize("hasAuthority('gatehouse-proxy')")
    ResponseEntity<Approval> create(@RequestBody ApprovalRequest request) {
        Approval approval = workflow.create(request);
        return ResponseEntity.created(URI.create(approval.url())).body(approval);
    }

    /** Oldest first by default (a reviewer's queue); at most 500 per call. */
    @GetMapping
    @PreAuthorize(READERS)
    List<Approval> list(@RequestParam(defaultValue = "PENDING") List<ApprovalStatus> status,
                        @RequestParam(required = false) String connection,
                        @RequestParam(required = false) String subject,
                        @RequestParam(defaultValue = "oldest") Order order,
                        @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return store.list(new ApprovalQuery(status, connection, subject, order == Order.newest, limit)).stream()
                .map(views::view).toList();
    }

    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    Approval get(@PathVariable UUID id) {
        return views.find(id);
    }

    /** Answers once the request is no longer pending, or with its current state when the timeout passes. */
    @GetMapping("/{id}/wait")
    @PreAuthorize(READERS)
    DeferredResult<Approval> await(@PathVariable UUID id, @RequestParam(defaultValue = "30s") String timeout) {
        return waiters.await(id, WaitTimeout.parse(timeout, waitProperties.maxTimeout()));
    }

    @PostMapping("/{id}/approve")
    @PreAuthorize("hasAuthority('gatehouse-reviewer')")
    Approval approve(@PathVariable UUID id, @Valid @RequestBody(required = false) DecisionComment body,
                     @AuthenticationPrincipal Jwt jwt) {
        return votes.vote(id, Actor.of(jwt), ApprovalStatus.APPROVED, body == null ? null : body.comment());
    }

    @PostMapping("/{id}/reject")
    @PreAuthorize("hasAuthority('gatehouse-reviewer')")
    Approval reject(@PathVariable UUID id, @Valid @RequestBody(required = false) DecisionComment body,
                    @AuthenticationPrincipal Jwt jwt) {
        return votes.vote(id, Actor.of(jwt), ApprovalStatus.REJECTED, body == null ? null : body.comment());
    }

    @PostMapping("/{id}/consume")
    @PreAuthorize("hasAuthority('gatehouse-proxy')")
    Approval consume(@PathVariable UUID id, @RequestBody ApprovalConsumption use) {
        return redemption.consume(id, use);
    }

    @PostMapping("/{id}/cancel")
    @PreAuthorize("hasAnyAuthority('gatehouse-proxy', 'gatehouse-admin')")
    Approval cancel(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
        return workflow.cancel(id, Actor.of(jwt));
    }

    /** Here rather than in an advice: a controller's own handler always wins over the shared advice. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, UnreadableBody.describe(e));
    }

    enum Order {
        oldest, newest
    }
}
