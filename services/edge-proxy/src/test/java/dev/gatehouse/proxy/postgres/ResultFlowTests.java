package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.BackendMessage;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.gatehouse.proxy.postgres.WireFrames.bind;
import static dev.gatehouse.proxy.postgres.WireFrames.commandComplete;
import static dev.gatehouse.proxy.postgres.WireFrames.dataRow;
import static dev.gatehouse.proxy.postgres.WireFrames.describePortal;
import static dev.gatehouse.proxy.postgres.WireFrames.execute;
import static dev.gatehouse.proxy.postgres.WireFrames.parse;
import static dev.gatehouse.proxy.postgres.WireFrames.query;
import static dev.gatehouse.proxy.postgres.WireFrames.readyForQuery;
import static dev.gatehouse.proxy.postgres.WireFrames.rowDescription;
import static dev.gatehouse.proxy.postgres.WireFrames.sync;
import static dev.gatehouse.proxy.postgres.WireFrames.types;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link ResultFlow} and {@link ResultMasking} on their own: what the client gets of the database's answers. */
class ResultFlowTests {

    private static final String SECRET = "ak_live_51HqLyjWDarjtT1zdp7dcXyz";

    private final SessionStages session = new SessionStages();

    @Test
    void aMaskedColumnsValuesNeverReachTheClient() {
        session.decisions.allow(session.masks("api_key"));
        session.fromClient(query("SELECT id, api_key FROM accounts"));
        session.toDatabase();

        session.fromDatabase(rowDescription((short) 0, "id", "api_key"), dataRow("1", SECRET), dataRow("2", "short"),
                commandComplete("SELECT 2"), readyForQuery());

        List<WireFrames.Sent> told = session.toClient();
        assertThat(types(told)).containsExactly('T', 'D', 'D', 'C', 'Z');
        assertThat(told).noneMatch(message -> message.text().contains(SECRET));
        assertThat(text(told.get(1).values())).element(1).isEqualTo("[REDACTED:column]");
        assertThat(text(told.get(2).values())).element(1).isEqualTo("[REDACTED:column]");
        assertThat(text(told.get(1).values())).element(0)
                .as("no catalog loaded: the lineage cannot tell id is not api_key, so it is masked too (fail closed)")
                .isEqualTo("[REDACTED:column]");
        assertThat(session.finished).singleElement().satisfies(run -> {
            assertThat(run.rows).isEqualTo(2);
            assertThat(run.masked.total()).isEqualTo(4);
        });
    }

    @Test
    void aMaskedColumnInBinaryIsDroppedAndTheResultEndsInARefusal() {
        session.decisions.allow(session.masks("api_key"));
        session.fromClient(parse("", "SELECT api_key FROM accounts"), bind("", "", (short) 1), describePortal(""),
                execute(""), sync());
        session.toDatabase();

        session.fromDatabase(WireFrames.backend(BackendMessage.PARSE_COMPLETE),
                WireFrames.backend(BackendMessage.BIND_COMPLETE), rowDescription((short) 1, "api_key"),
                dataRow(SECRET), commandComplete("SELECT 1"), readyForQuery());

        List<WireFrames.Sent> told = session.toClient();
        assertThat(types(told)).containsExactly('1', '2', 'T', 'E', 'Z');
        assertThat(told).noneMatch(message -> message.text().contains(SECRET));
        assertThat(told.get(3).fields()).containsEntry('C', SqlState.INSUFFICIENT_PRIVILEGE);
        assertThat(told.get(3).fields().get('M')).contains("binary format");
    }

    @Test
    void aBackendMessageOfAnUnexpectedTypeEndsTheSessionWithAClearError() {
        session.decisions.allow(null);
        session.fromClient(query("SELECT 1"));
        session.toDatabase();

        session.fromDatabase(WireFrames.frame((byte) 'Y', b -> b.writeInt(1)), dataRow("1"));

        List<WireFrames.Sent> told = session.toClient();
        assertThat(types(told)).as("nothing after the FATAL").containsExactly('E');
        assertThat(told.get(0).fields()).containsEntry('S', "FATAL").containsEntry('C', SqlState.PROTOCOL_VIOLATION);
        assertThat(told.get(0).fields().get('M')).contains("does not expect");
        assertThat(session.context.endedBecause).as("the SESSION_ENDED reason").contains("does not expect");
        assertThat(session.client.isOpen()).isFalse();
    }

    @Test
    void anotherLoginStepMidSessionEndsItToo() {
        session.fromDatabase(WireFrames.frame(BackendMessage.AUTHENTICATION.type, b -> b.writeInt(3)));

        assertThat(types(session.toClient())).containsExactly('E');
        assertThat(session.client.isOpen()).isFalse();
    }

    @Test
    void readyForQueryEndsWhateverWasStillOwedBeforeIt() {
        session.pending.add(Pending.of(Pending.Kind.PARSE));
        session.pending.add(Pending.of(Pending.Kind.BIND));
        session.pending.add(Pending.of(Pending.Kind.SYNC));
        session.pending.add(Pending.of(Pending.Kind.QUERY));

        session.fromDatabase(readyForQuery());

        assertThat(session.pending).extracting(entry -> entry.kind).containsExactly(Pending.Kind.QUERY);
        assertThat(session.pending.awaitingReady()).isTrue();
        assertThat(types(session.toClient())).containsExactly('Z');
    }

    private static List<String> text(byte[][] values) {
        return java.util.Arrays.stream(values).map(value -> new String(value, StandardCharsets.UTF_8)).toList();
    }
}
