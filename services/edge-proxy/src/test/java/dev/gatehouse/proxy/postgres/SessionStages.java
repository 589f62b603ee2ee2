package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingMetrics;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.MaskingProperties;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;

/**
 * A ready session's stages wired as {@link ClientSession#ready} wires them, on two {@link EmbeddedChannel}s:
 * the test plays the client ({@link #fromClient}) and the database ({@link #fromDatabase}, through the
 * real {@link UpstreamRelay}), and reads what each side was sent. Decisions are {@link FakeDecisions};
 * RESPONSE events are collected in {@link #finished}.
 */
final class SessionStages {

    final EmbeddedChannel client = new EmbeddedChannel();
    final EmbeddedChannel upstream = new EmbeddedChannel();
    final ClientLink link = new ClientLink(client);
    final ResponseQueue pending = new ResponseQueue();
    final SessionContext context = new SessionContext("session-1", "orders-db", "agent", "127.0.0.1:40000");
    final FakeDecisions decisions = new FakeDecisions();
    final Masking masking = new Masking(new MaskingProperties(null, "0123456789abcdef0123456789abcdef", null, null,
            null, null), new MaskingMetrics(new SimpleMeterRegistry()));
    final List<Execution> finished = new ArrayList<>();
    final StatementFlow flow;

    SessionStages() {
        LexingGuard guard = new LexingGuard(link, context);
        SessionLineage lineage = new SessionLineage();
        ResultFlow results = new ResultFlow(link, context, pending, new ResultMasking(link, masking, lineage),
                new TextWithholding(link, lineage), guard, finished::add);
        flow = new StatementFlow(link, new UpstreamLink(upstream), pending, guard, new SettingsPin(), decisions);
        link.phase(ClientLink.Phase.READY);
        upstream.pipeline().addLast(new UpstreamRelay(link, pending, results, flow, () -> link.fatal("08006", "lost")));
    }

    /** A plan that masks columns named like {@code globs} whole (and runs the secret detectors on the rest). */
    MaskingPlan masks(String... globs) {
        return masking.plan(new MaskingDirectives(List.of(), List.of(globs), List.of("secrets"),
                MaskingDirectives.MaskingStyle.REDACT, MaskingDirectives.OversizeAction.REFUSE));
    }

    /** The client sends {@code frames}; decisions already made run (as the event loop would run them). */
    void fromClient(PgFrame... frames) {
        for (PgFrame frame : frames) {
            flow.onMessage(frame);
        }
        client.runPendingTasks();
    }

    /** The database answers with {@code frames}, in one read. */
    void fromDatabase(PgFrame... frames) {
        upstream.writeInbound((Object[]) frames);
    }

    List<WireFrames.Sent> toClient() {
        return WireFrames.sent(client);
    }

    List<WireFrames.Sent> toDatabase() {
        return WireFrames.sent(upstream);
    }
}
