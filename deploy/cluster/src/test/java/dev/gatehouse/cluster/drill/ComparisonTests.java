package dev.gatehouse.cluster.drill;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The drill checker must find each way the promise can break, or a drill that passes proves nothing. */
class ComparisonTests {

    private static final String TAG = "drill-1";
    private static final String PATH_A = "11111111-1111-1111-1111-111111111111";
    private static final String PATH_B = "22222222-2222-2222-2222-222222222222";
    private static final String MARKER = "33333333-3333-3333-3333-333333333333";
    private static final String AUDIT_A = "01a00000-0000-7000-8000-00000000000a";
    private static final String AUDIT_B = "01a00000-0000-7000-8000-00000000000b";

    private final List<String> echo = new ArrayList<>();
    private final List<String> statements = new ArrayList<>();
    private final List<Trail.Event> trail = new ArrayList<>();
    private final List<ClientLog.Line> client = new ArrayList<>();

    @Test
    void actionsRecordedAndRunOnceAreClean() {
        ranHttp(AUDIT_A, PATH_A);
        recordedHttp(AUDIT_A, "s1", PATH_A, "ALLOW", null);
        answeredHttp("s1", PATH_A, 200);
        ranSql(MARKER);
        recordedSql("e1", "s2", 2, MARKER);
        client.add(new ClientLog.Line(1, "http", 0, "200", AUDIT_A));
        client.add(new ClientLog.Line(2, "sql", 1, "ok", MARKER));

        Comparison.Findings found = compare();

        assertThat(found.failed()).as(String.join("\n", found.problems())).isFalse();
        assertThat(found.executed()).isEqualTo(2);
        assertThat(found.events()).isEqualTo(2);
        assertThat(found.answeredIds()).containsExactly(AUDIT_A);
    }

    @Test
    void aRequestTheTargetGotWithoutItsEventIsLost() {
        ranHttp(AUDIT_A, PATH_A);
        ranSql(MARKER);

        Comparison.Findings found = compare();

        assertThat(found.lost()).isEqualTo(2);
        assertThat(found.failed()).isTrue();
    }

    @Test
    void anActionThatReachedItsTargetTwiceIsADuplicateEvenUnderTwoAuditIds() {
        ranHttp(AUDIT_A, PATH_A);
        ranHttp(AUDIT_B, PATH_A);
        recordedHttp(AUDIT_A, "s1", PATH_A, "ALLOW", null);
        recordedHttp(AUDIT_B, "s2", PATH_A, "ALLOW", null);
        ranSql(MARKER);
        ranSql(MARKER);
        recordedSql("e1", "s3", 2, MARKER);

        Comparison.Findings found = compare();

        assertThat(found.lost()).isZero();
        assertThat(found.duplicated()).as("the path twice, the statement twice").isEqualTo(2);
        assertThat(found.failed()).isTrue();
    }

    @Test
    void aResponseForARequestTheTargetNeverGotIsAClaim() {
        recordedHttp(AUDIT_A, "s1", PATH_A, "ALLOW", null);
        answeredHttp("s1", PATH_A, 200);
        trail.add(event("r2", "s2", 3, "RESPONSE", "drill-db", "ALLOW", null, null, null, statement(MARKER)));

        Comparison.Findings found = compare();

        assertThat(found.claimedNotRun()).isEqualTo(2);
        assertThat(found.failed()).isTrue();
    }

    @Test
    void aClientToldDoneForWhatNeverRanFailsTheDrill() {
        client.add(new ClientLog.Line(1, "http", 0, "200", AUDIT_A));
        client.add(new ClientLog.Line(2, "sql", 0, "ok", MARKER));

        assertThat(compare().answeredNotRun()).isEqualTo(2);
    }

    @Test
    void intentsThatDidNotRunAreHeldStoppedOrUnexplainedButNotFailures() {
        recordedHttp(AUDIT_A, "s1", "/held/" + TAG + "/" + PATH_A, "REVIEW", null);
        recordedHttp(AUDIT_B, "s2", PATH_B, "ALLOW", null);
        trail.add(event("d2", "s2", 1, "DECISION", "drill-http", "ALLOW", null, 503, "/drill/" + TAG + "/" + PATH_B, null));
        recordedSql("e3", "s3", 2, MARKER);

        Comparison.Findings found = compare();

        assertThat(found.heldNotRun()).isEqualTo(1);
        assertThat(found.stoppedNotRun()).as("a DECISION of the same step").isEqualTo(1);
        assertThat(found.unexplainedNotRun()).isEqualTo(1);
        assertThat(found.failed()).isFalse();
    }

    @Test
    void aHeldDeleteRecordedAsIntentAndAsItsApprovedRunIsOneActionNotADuplicate() {
        String delete = "DELETE FROM actions WHERE marker = '" + MARKER + "' AND replica = '" + TAG + "'";
        statements.add("LOG:  statement: " + delete);
        trail.add(event("h1", "s1", 2, "REQUEST", "drill-db", "REVIEW", null, null, null, delete));
        trail.add(event("h4", "s1", 5, "REQUEST", "drill-db", "REVIEW", "approval-1", null, null, delete));
        client.add(new ClientLog.Line(1, "sql", 0, "ok", MARKER));

        Comparison.Findings found = compare();

        assertThat(found.failed()).as(String.join("\n", found.problems())).isFalse();
        assertThat(found.executed()).isEqualTo(1);
        assertThat(found.heldNotRun()).isEqualTo(1);
    }

    @Test
    void aHeldStatementThatRanWithOnlyItsHeldIntentRecordedLostItsRunsRecord() {
        String delete = "DELETE FROM actions WHERE marker = '" + MARKER + "' AND replica = '" + TAG + "'";
        statements.add("LOG:  statement: " + delete);
        trail.add(event("h1", "s1", 2, "REQUEST", "drill-db", "REVIEW", null, null, null, delete));

        assertThat(compare().lost()).isEqualTo(1);
    }

    @Test
    void anotherDrillsActionsAreNotCounted() {
        echo.add("1 " + AUDIT_A + " GET /drill/other-drill/" + PATH_A);
        statements.add("LOG:  statement: INSERT INTO actions(marker, replica) VALUES ('" + MARKER + "', 'other-drill')");

        Comparison.Findings found = compare();

        assertThat(found.executed()).isZero();
        assertThat(found.failed()).isFalse();
    }

    @Test
    void recoveryRunsFromTheFaultToTheFirstSuccessAfterTheLastFailure() {
        List<ClientLog.Line> lines = List.of(new ClientLog.Line(900, "http", 0, "200", "-"),
                new ClientLog.Line(1_500, "http", 0, "503", "-"), new ClientLog.Line(2_000, "sql", 1, "57P03", "-"),
                new ClientLog.Line(2_600, "http", 1, "200", "-"), new ClientLog.Line(2_700, "http", 0, "200", "-"));

        assertThat(DrillCheck.recoveryMillis(lines, 1_000)).isEqualTo(1_600);
        assertThat(DrillCheck.recoveryMillis(lines.subList(0, 1), 1_000)).isZero();
    }

    private Comparison.Findings compare() {
        return new Comparison(TAG).compare(echo, statements, trail, client);
    }

    private void ranHttp(String auditId, String path) {
        echo.add(System.currentTimeMillis() + " " + auditId + " GET /drill/" + TAG + "/" + path);
    }

    private void ranSql(String marker) {
        statements.add("2026-12-07 20:13:12.459 UTC [12024] drill LOG:  statement: " + statement(marker));
    }

    private void recordedHttp(String auditId, String session, String path, String verdict, String approvalId) {
        String fullPath = path.startsWith("/") ? path : "/drill/" + TAG + "/" + path;
        trail.add(event(auditId, session, 1, "REQUEST", "drill-http", verdict, approvalId, null, fullPath, null));
    }

    private void answeredHttp(String session, String path, int status) {
        trail.add(event("resp-" + session, session, 2, "RESPONSE", "drill-http", "ALLOW", null, status,
                "/drill/" + TAG + "/" + path, null));
    }

    private void recordedSql(String id, String session, long seq, String marker) {
        trail.add(event(id, session, seq, "REQUEST", "drill-db", "ALLOW", null, null, null, statement(marker)));
    }

    private static String statement(String marker) {
        return "INSERT INTO actions(marker, replica) VALUES ('" + marker + "', '" + TAG + "')";
    }

    private static Trail.Event event(String id, String session, long seq, String kind, String connection, String verdict,
                                     String approvalId, Integer status, String path, String statement) {
        return new Trail.Event(id, session, seq, kind, connection, verdict, approvalId, status, path, statement);
    }
}
