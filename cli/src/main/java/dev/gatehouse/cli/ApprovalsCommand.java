package dev.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code gatehouse approvals wait ID}: long-polls the proxy until a reviewer decides; exit 0 only when approved. */
@Command(name = "approvals", description = "Approvals of this job's requests.", subcommands = ApprovalsCommand.Wait.class)
final class ApprovalsCommand {

    @Command(name = "wait", description = "Wait for a reviewer's decision (exit 0 approved, 4 otherwise).")
    static final class Wait implements Callable<Integer> {

        private final Context context;

        @Parameters(paramLabel = "APPROVAL_ID", description = "the Gatehouse-Approval of a 202 answer")
        String id;

        @Option(names = "--timeout", description = "give up after this long (default 30m)")
        Duration timeout = Duration.ofMinutes(30);

        @Option(names = "--url", description = "the proxy's base URL (default: the one gatehouse login used)")
        String url;

        Wait(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ReceiptCommand.requireUuid(id, "the approval id (the Gatehouse-Approval header of a 202)");
            Api api = Api.of(context, url);
            long deadline = System.nanoTime() + timeout.toNanos();
            JsonNode approval;
            do {
                long left = Math.max(1, Math.min(30, Duration.ofNanos(deadline - System.nanoTime()).toSeconds()));
                approval = Api.ok(api.send("GET", "/approvals/" + id + "?wait=" + left + "s", null,
                        Duration.ofSeconds(left + 30)), "/approvals/" + id);
            } while ("PENDING".equals(approval.path("status").asString()) && System.nanoTime() < deadline);
            String status = approval.path("status").asString("?");
            context.out().println("approval " + id + ": " + status + describe(approval));
            if (!"APPROVED".equals(status)) {
                throw new CliFailure(CliFailure.NOT_APPROVED, "approval " + id + " is " + status
                        + ("PENDING".equals(status) ? " after " + timeout : ""));
            }
            return 0;
        }

        private static String describe(JsonNode approval) {
            StringBuilder text = new StringBuilder();
            if (approval.hasNonNull("ruleId")) {
                text.append(" (rule ").append(approval.path("ruleId").asString()).append(')');
            }
            for (JsonNode decision : approval.path("decisions")) {
                text.append("; ").append(decision.path("reviewer").asString("a reviewer")).append(": ")
                        .append(decision.path("verdict").asString(decision.path("decision").asString("")));
                if (decision.hasNonNull("comment")) {
                    text.append(" \"").append(decision.path("comment").asString()).append('"');
                }
            }
            return text.toString();
        }
    }
}
