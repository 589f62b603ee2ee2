package dev.gatehouse.cluster.drill;

import dev.gatehouse.cluster.Layout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * After a drill: compares what the targets themselves say ran with the trail ({@link Comparison}), and
 * checks every audit id a client was answered with against its proof ({@link Receipts}). Prints the
 * figures as one {@code RESULT} line (drills/report.sh makes docs/reliability.md of them) and exits 1 when an
 * executed action has no REQUEST event, an action ran twice, an event claims an answer the target never
 * gave, a client was told "done" for what never ran, a receipt does not resolve to a proof, or a replica the
 * fault spared refused its clients.
 * <p>{@code DrillCheck <tag> <client-log> <fault-start-ms> [spared-replica]}: the tag {@link DrillLoad} ran
 * with; a spared replica (1 or 2) is one the fault must not touch.
 */
public final class DrillCheck {

    private DrillCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DrillCheck <tag> <client-log> <fault-start-ms> [spared-replica]");
            System.exit(2);
        }
        String tag = args[0];
        List<ClientLog.Line> client = new ClientLog(Path.of(args[1])).read();
        long faultStart = Long.parseLong(args[2]);
        Layout layout = Layout.fromEnvironment();

        Trail trail = Trail.settled(tag, 3_000, 180_000);
        Comparison.Findings found = new Comparison(tag).compare(
                Files.readAllLines(layout.echoLog(), StandardCharsets.UTF_8),
                Files.readAllLines(layout.targetStatementLog(), StandardCharsets.UTF_8), trail.events(), client);
        List<String> problems = new ArrayList<>(found.problems());
        List<String> receiptProblems = new ArrayList<>();
        long unproven = new Receipts().unproven(found.answeredIds(), receiptProblems);
        receiptProblems.forEach(problem -> Comparison.note(problems, problem));

        Map<String, Long> refused = new TreeMap<>();
        client.stream().filter(line -> !line.succeeded())
                .forEach(line -> refused.merge(line.kind() + "@proxy-" + (line.replica() + 1) + ":" + line.status(), 1L, Long::sum));
        long spareRefused = 0;
        if (args.length > 3 && !args[3].isBlank()) {
            int spared = Integer.parseInt(args[3]) - 1;
            spareRefused = client.stream().filter(line -> line.replica() == spared && !line.succeeded()).count();
            if (spareRefused > 0) {
                Comparison.note(problems, spareRefused + " actions through edge-proxy-" + (spared + 1)
                        + ", which the fault spared, failed");
            }
        }
        long succeeded = client.stream().filter(ClientLog.Line::succeeded).count();

        boolean failed = found.failed() || unproven > 0 || spareRefused > 0;
        System.out.printf("RESULT drill=%s executed=%d events=%d lost=%d duplicated=%d claimed_not_run=%d "
                        + "held_not_run=%d stopped_not_run=%d unexplained_not_run=%d answered=%d receipts_unproven=%d "
                        + "answered_not_run=%d refused=%s recovery_ms=%d ledger_wait_ms=%d verdict=%s%n",
                tag, found.executed(), found.events(), found.lost(), found.duplicated(), found.claimedNotRun(),
                found.heldNotRun(), found.stoppedNotRun(), found.unexplainedNotRun(), succeeded, unproven,
                found.answeredNotRun(), refused.isEmpty() ? "none" : refused.toString().replace(" ", ""),
                recoveryMillis(client, faultStart), trail.waitedMillis(), failed ? "FAIL" : "PASS");
        problems.forEach(problem -> System.out.println("  " + problem));
        System.exit(failed ? 1 : 0);
    }

    /**
     * From the fault to the first success after the last failure, over all clients; 0 when no client failed
     * after the fault began.
     */
    static long recoveryMillis(List<ClientLog.Line> client, long faultStart) {
        long lastFailure = client.stream().filter(line -> !line.succeeded() && line.at() >= faultStart)
                .mapToLong(ClientLog.Line::at).max().orElse(-1);
        if (lastFailure < 0) {
            return 0;
        }
        long recovered = client.stream().filter(line -> line.succeeded() && line.at() > lastFailure)
                .mapToLong(ClientLog.Line::at).min().orElse(lastFailure);
        return Math.max(0, recovered - faultStart);
    }
}
