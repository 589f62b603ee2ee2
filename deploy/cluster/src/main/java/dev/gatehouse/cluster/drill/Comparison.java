package dev.gatehouse.cluster.drill;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One drill's actions as the targets saw them (the echo target's log, the database's statement log)
 * against the trail and what the clients were told. Only lines and events carrying the drill's tag count.
 */
final class Comparison {

    /** The figures; {@link #failed()} when the promise "no action without its record" was broken. */
    record Findings(long executed, long events, long lost, long duplicated, long claimedNotRun, long heldNotRun,
                    long stoppedNotRun, long unexplainedNotRun, long answeredNotRun, List<String> answeredIds,
                    List<String> problems) {

        boolean failed() {
            return lost > 0 || duplicated > 0 || claimedNotRun > 0 || answeredNotRun > 0;
        }
    }

    private static final int PROBLEMS_SHOWN = 20;

    private final Pattern echoLine;
    private final Pattern statementLine;
    private final Pattern markerOf;
    private final String tag;

    Comparison(String tag) {
        this.tag = tag;
        echoLine = Pattern.compile("^(\\d+) (\\S+) (\\S+) /(drill|held)/" + Pattern.quote(tag) + "/([0-9a-f-]{36})$");
        // A statement's marker: INSERT ... VALUES ('<marker>', '<tag>') or DELETE ... WHERE marker = '<marker>' AND replica = '<tag>'
        String marker = "'([0-9a-f-]{36})'(?:, | AND replica = )'" + Pattern.quote(tag) + "'";
        statementLine = Pattern.compile("statement: (?:INSERT INTO|DELETE FROM) actions\\b.*?" + marker);
        markerOf = Pattern.compile(marker);
    }

    Findings compare(List<String> echoLog, List<String> statementLog, List<Trail.Event> trail, List<ClientLog.Line> client) {
        Map<String, Integer> httpRuns = new HashMap<>();   // audit id -> times the echo target got it
        Map<String, Integer> actionRuns = new HashMap<>(); // action id (its path) -> times it reached the target
        for (String line : echoLog) {
            Matcher echo = echoLine.matcher(line);
            if (echo.matches()) {
                httpRuns.merge(echo.group(2), 1, Integer::sum);
                actionRuns.merge(echo.group(5), 1, Integer::sum);
            }
        }
        Map<String, Integer> sqlRuns = new HashMap<>();    // marker -> times the database ran it
        for (String line : statementLog) {
            Matcher statement = statementLine.matcher(line);
            if (statement.find()) {
                sqlRuns.merge(statement.group(1), 1, Integer::sum);
            }
        }

        Map<String, Trail.Event> httpRequests = new HashMap<>();
        Map<String, List<Trail.Event>> sqlRequests = new HashMap<>();
        Set<String> stoppedSteps = new HashSet<>();        // session/seq of DECISION events: that step did not run
        for (Trail.Event event : trail) {
            if (event.kind().equals("DECISION")) {
                stoppedSteps.add(event.session() + "/" + event.seq());
            }
            if (!event.kind().equals("REQUEST")) {
                continue;
            }
            if (event.connection().equals("drill-http")) {
                if (event.path() != null && event.path().contains("/" + tag + "/")) {
                    httpRequests.put(event.id(), event);
                }
            } else {
                String marker = marker(event);
                if (marker != null) {
                    sqlRequests.computeIfAbsent(marker, m -> new ArrayList<>()).add(event);
                }
            }
        }

        List<String> problems = new ArrayList<>();
        long executed = sum(httpRuns) + sum(sqlRuns);
        // A held statement has two REQUESTs: the held intent (REVIEW, no approval yet) and the approved run.
        Map<String, Long> sqlRunRecords = new HashMap<>();
        sqlRequests.forEach((marker, requests) -> sqlRunRecords.put(marker,
                requests.stream().filter(request -> !heldIntent(request)).count()));
        long lost = count(httpRuns.keySet(), id -> !httpRequests.containsKey(id), problems, "ran without its REQUEST event: audit id ")
                + count(sqlRuns.keySet(), marker -> sqlRunRecords.getOrDefault(marker, 0L) == 0, problems,
                "ran without its REQUEST event: statement ");
        long duplicated = count(actionRuns.keySet(), id -> actionRuns.get(id) > 1, problems, "reached the target twice: ")
                + count(sqlRuns.keySet(), marker -> sqlRuns.get(marker) > 1, problems, "ran twice: statement ")
                + count(sqlRunRecords.keySet(), marker -> sqlRunRecords.get(marker) > 1, problems, "recorded twice: statement ");

        long claimed = 0;
        for (Trail.Event event : trail) {
            if (!event.kind().equals("RESPONSE")) {
                continue;
            }
            if (event.connection().equals("drill-http") && event.status() != null && event.status() >= 200 && event.status() < 300
                    && event.path() != null && event.path().contains("/" + tag + "/")) {
                Trail.Event request = requestBefore(trail, event);
                if (request == null || !httpRuns.containsKey(request.id())) {
                    claimed++;
                    note(problems, "a RESPONSE claims the target answered a request it never got: event " + event.id());
                }
            }
            String marker = event.connection().equals("drill-db") ? marker(event) : null;
            if (marker != null && !sqlRuns.containsKey(marker)) {
                claimed++;
                note(problems, "a RESPONSE claims a statement ran that the database never saw: event " + event.id());
            }
        }

        // REQUEST events of actions that did not reach the target: held for a reviewer (the approved run is a
        // REQUEST of its own), stopped with a DECISION of the same step saying so, or left without an outcome.
        List<Trail.Event> notRun = new ArrayList<>();
        httpRequests.values().stream().filter(request -> !httpRuns.containsKey(request.id())).forEach(notRun::add);
        sqlRequests.entrySet().stream().filter(entry -> !sqlRuns.containsKey(entry.getKey()))
                .forEach(entry -> notRun.addAll(entry.getValue()));
        sqlRequests.entrySet().stream().filter(entry -> sqlRuns.containsKey(entry.getKey()))
                .forEach(entry -> entry.getValue().stream().filter(Comparison::heldIntent).forEach(notRun::add));
        long held = notRun.stream().filter(Comparison::heldIntent).count();
        long stopped = notRun.stream().filter(request -> !heldIntent(request)
                && stoppedSteps.contains(request.session() + "/" + request.seq())).count();
        long unexplained = notRun.size() - held - stopped;

        List<String> answered = client.stream().filter(line -> line.kind().equals("http") && line.succeeded()
                && !line.id().equals("-")).map(ClientLog.Line::id).toList();
        long answeredNotRun = answered.stream().filter(id -> !httpRuns.containsKey(id)).count()
                + client.stream().filter(line -> line.kind().equals("sql") && line.succeeded() && !sqlRuns.containsKey(line.id())).count();
        if (answeredNotRun > 0) {
            note(problems, answeredNotRun + " actions a client was told succeeded never reached the target");
        }
        long events = httpRequests.size() + sqlRequests.values().stream().mapToLong(List::size).sum();
        return new Findings(executed, events, lost, duplicated, claimed, held, stopped, unexplained, answeredNotRun,
                answered, problems);
    }

    /** The REQUEST of a request held for a reviewer: the intent, not a run (the run has its approval). */
    private static boolean heldIntent(Trail.Event request) {
        return "REVIEW".equals(request.verdict()) && request.approvalId() == null;
    }

    /** The REQUEST a RESPONSE answers: the session's last REQUEST before it (a held request's session has two). */
    static Trail.Event requestBefore(List<Trail.Event> trail, Trail.Event response) {
        Trail.Event request = null;
        for (Trail.Event event : trail) {
            if (event.kind().equals("REQUEST") && event.session().equals(response.session()) && event.seq() < response.seq()
                    && (request == null || event.seq() > request.seq())) {
                request = event;
            }
        }
        return request;
    }

    private String marker(Trail.Event event) {
        if (event.statement() == null) {
            return null;
        }
        Matcher marker = markerOf.matcher(event.statement());
        return marker.find() ? marker.group(1) : null;
    }

    private static long sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }

    private static long count(Set<String> ids, Predicate<String> bad, List<String> problems, String what) {
        long count = 0;
        for (String id : ids) {
            if (bad.test(id)) {
                count++;
                note(problems, what + id);
            }
        }
        return count;
    }

    static void note(List<String> problems, String problem) {
        if (problems.size() < PROBLEMS_SHOWN) {
            problems.add(problem);
        }
    }
}
