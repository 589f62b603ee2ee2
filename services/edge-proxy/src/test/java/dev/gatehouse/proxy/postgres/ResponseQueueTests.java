package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.BackendMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseQueueTests {

    private final ResponseQueue queue = new ResponseQueue();

    @Test
    void countsTheReadyForQueryStillOwed() {
        queue.add(Pending.of(Kind.PARSE));
        assertThat(queue.awaitingReady()).as("a Parse alone ends with no ReadyForQuery").isFalse();

        queue.add(Pending.of(Kind.SYNC));
        queue.add(Pending.of(Kind.QUERY));
        assertThat(queue.awaitingReady()).isTrue();

        assertThat(queue.readyForQuery().kind).as("answers the Sync, and the Parse it ends").isEqualTo(Kind.SYNC);
        assertThat(queue.awaitingReady()).isTrue();
        assertThat(queue.readyForQuery().kind).isEqualTo(Kind.QUERY);
        assertThat(queue.awaitingReady()).isFalse();
        assertThat(queue.readyForQuery()).isNull();
    }

    @Test
    void anErrorSkipsEverythingUpToTheSyncAndHandsEachOver() {
        queue.add(Pending.of(Kind.BIND));
        queue.add(Pending.of(Kind.EXECUTE));
        queue.add(Pending.of(Kind.CLOSE));
        queue.add(Pending.of(Kind.SYNC));
        List<Kind> skipped = new ArrayList<>();

        queue.answered();
        queue.skipToSync(entry -> skipped.add(entry.kind));

        assertThat(skipped).containsExactly(Kind.EXECUTE, Kind.CLOSE);
        assertThat(queue).extracting(entry -> entry.kind).containsExactly(Kind.SYNC);
        assertThat(queue.awaitingReady()).isTrue();
    }

    @Test
    void noDataEndsADescribeOnly() {
        queue.add(Pending.of(Kind.QUERY));
        queue.noData();
        assertThat(queue.size()).as("a query's NoData ends nothing").isEqualTo(1);

        ResponseQueue describe = new ResponseQueue();
        describe.add(Pending.of(Kind.DESCRIBE_STATEMENT));
        describe.noData();
        assertThat(describe.isEmpty()).isTrue();
    }

    @Test
    void onlyCompletionsAnswerThePinsStatements() {
        queue.add(Pending.of(Kind.PIN));
        queue.add(Pending.of(Kind.QUERY));

        assertThat(queue.answersPin(BackendMessage.ERROR_RESPONSE)).isFalse();
        assertThat(queue.answersPin(BackendMessage.PARSE_COMPLETE)).isTrue();
        assertThat(queue.answersPin(BackendMessage.COMMAND_COMPLETE)).as("the client's query's own").isFalse();
        assertThat(queue.size()).isEqualTo(1);
    }
}
