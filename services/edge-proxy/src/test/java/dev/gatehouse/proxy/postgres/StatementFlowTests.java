package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.BackendMessage;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import java.util.List;

import static dev.gatehouse.proxy.postgres.WireFrames.bind;
import static dev.gatehouse.proxy.postgres.WireFrames.commandComplete;
import static dev.gatehouse.proxy.postgres.WireFrames.dataRow;
import static dev.gatehouse.proxy.postgres.WireFrames.error;
import static dev.gatehouse.proxy.postgres.WireFrames.execute;
import static dev.gatehouse.proxy.postgres.WireFrames.parse;
import static dev.gatehouse.proxy.postgres.WireFrames.query;
import static dev.gatehouse.proxy.postgres.WireFrames.readyForQuery;
import static dev.gatehouse.proxy.postgres.WireFrames.sync;
import static dev.gatehouse.proxy.postgres.WireFrames.types;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link StatementFlow} on its own: what reaches the database, when, and what the client is told. */
class StatementFlowTests {

    private final SessionStages session = new SessionStages();

    @Test
    void aQueryGoesUpstreamOnlyAfterItsDecision() {
        Sinks.One<StatementJudge.Verdict> verdict = session.decisions.later();

        session.fromClient(query("SELECT id FROM orders"), query("SELECT 2"));

        assertThat(session.toDatabase()).as("nothing before the decision").isEmpty();
        assertThat(session.decisions.judged).as("the second waits its turn").containsExactly("SELECT id FROM orders");

        session.decisions.allow(null);
        verdict.tryEmitValue(new StatementJudge.Verdict(FakeDecisions.ALLOW, null, null, null));
        session.client.runPendingTasks();

        List<WireFrames.Sent> sent = session.toDatabase();
        assertThat(sent).extracting(WireFrames.Sent::text).containsExactly("SELECT id FROM orders|", "SELECT 2|");
        assertThat(types(sent)).containsExactly('Q', 'Q');
        assertThat(session.decisions.requested).as("a REQUEST each, before it went").hasSize(2);
    }

    @Test
    void aRefusedQueryNeverReachesTheDatabaseAndTheClientGetsTheRefusalThenReady() {
        session.decisions.refuse(Refusal.denied("no-ddl"));

        session.fromClient(query("DROP TABLE orders"));

        List<WireFrames.Sent> sent = session.toDatabase();
        assertThat(sent).extracting(WireFrames.Sent::text).as("only the stand-in PostgreSQL must fail")
                .containsExactly(Refusal.DENIED_TEXT + "|")
                .noneMatch(text -> text.contains("DROP"));

        session.fromDatabase(error("42601", "syntax error at or near \"GATEHOUSE\""), readyForQuery());

        List<WireFrames.Sent> told = session.toClient();
        assertThat(types(told)).containsExactly('E', 'Z');
        assertThat(told.get(0).fields()).containsEntry('C', SqlState.INSUFFICIENT_PRIVILEGE)
                .containsEntry('M', "permission denied by Gatehouse policy rule no-ddl");
        assertThat(told.get(0).text()).doesNotContain("syntax error");
        assertThat(session.decisions.requested).as("no REQUEST for a refused statement").isEmpty();
        assertThat(session.pending.isEmpty()).isTrue();
    }

    @Test
    void pipelinedParseBindExecuteSyncGoUpstreamInOrderAndEachAnswerIsMatched() {
        session.decisions.allow(null);

        session.fromClient(parse("s1", "SELECT name FROM orders"), bind("p1", "s1"), execute("p1"), sync());

        assertThat(types(session.toDatabase())).containsExactly('P', 'B', 'E', 'S');
        assertThat(session.pending).extracting(entry -> entry.kind)
                .containsExactly(Pending.Kind.PARSE, Pending.Kind.BIND, Pending.Kind.EXECUTE, Pending.Kind.SYNC);
        assertThat(session.pending.awaitingReady()).isTrue();

        session.fromDatabase(WireFrames.backend(BackendMessage.PARSE_COMPLETE),
                WireFrames.backend(BackendMessage.BIND_COMPLETE), dataRow("alice"), dataRow("bob"),
                commandComplete("SELECT 2"), readyForQuery());

        assertThat(types(session.toClient())).containsExactly('1', '2', 'D', 'D', 'C', 'Z');
        assertThat(session.pending.isEmpty()).isTrue();
        assertThat(session.pending.awaitingReady()).isFalse();
        assertThat(session.finished).singleElement().satisfies(run -> {
            assertThat(run.sql).isEqualTo("SELECT name FROM orders");
            assertThat(run.rows).isEqualTo(2);
            assertThat(run.sqlState).isNull();
        });
    }

    @Test
    void anErrorInThePipelineSkipsTheRestToSyncAsPostgresDoes() {
        session.decisions.allow(null);

        session.fromClient(parse("s1", "SELECT 1/0"), bind("p1", "s1"), execute("p1"), execute("p1"), sync());
        session.toDatabase();
        session.fromDatabase(WireFrames.backend(BackendMessage.PARSE_COMPLETE),
                WireFrames.backend(BackendMessage.BIND_COMPLETE), error("22012", "division by zero"), readyForQuery());

        assertThat(types(session.toClient())).containsExactly('1', '2', 'E', 'Z');
        assertThat(session.pending.isEmpty()).isTrue();
        assertThat(session.finished).as("the run's RESPONSE once, with the error").singleElement()
                .satisfies(run -> assertThat(run.sqlState).isEqualTo("22012"));
    }

    @Test
    void anExecuteOfAPortalNotBoundHereIsRefusedNotPassedThrough() {
        session.fromClient(execute("cursor_from_sql_declare"), sync());

        List<WireFrames.Sent> sent = session.toDatabase();
        assertThat(types(sent)).containsExactly('E', 'S');
        assertThat(sent.get(0).text()).as("a name PostgreSQL has no portal for")
                .startsWith(Refusal.MISSING_NAME).doesNotContain("cursor_from_sql_declare");

        session.fromDatabase(error("34000", "portal does not exist"), readyForQuery());

        List<WireFrames.Sent> told = session.toClient();
        assertThat(types(told)).containsExactly('E', 'Z');
        assertThat(told.get(0).fields()).containsEntry('C', SqlState.INSUFFICIENT_PRIVILEGE);
    }

    @Test
    void aFunctionCallIsRefused() {
        session.fromClient(WireFrames.frame((byte) 'F', b -> b.writeInt(1234).writeShort(0).writeShort(0).writeShort(0)));

        assertThat(session.toDatabase()).extracting(WireFrames.Sent::text).containsExactly(Refusal.DENIED_TEXT + "|");
    }

    @Test
    void aMessageOfNoFrontendTypeEndsTheSession() {
        session.fromClient(WireFrames.frame((byte) 'Y', b -> b.writeInt(7)));

        assertThat(session.toDatabase()).isEmpty();
        List<WireFrames.Sent> told = session.toClient();
        assertThat(types(told)).containsExactly('E');
        assertThat(told.get(0).fields()).containsEntry('S', "FATAL").containsEntry('C', SqlState.PROTOCOL_VIOLATION);
        assertThat(session.client.isOpen()).isFalse();
    }
}
