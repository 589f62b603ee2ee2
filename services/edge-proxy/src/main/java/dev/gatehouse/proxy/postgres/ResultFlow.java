package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.BackendMessage;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the database answers, attributed by the {@link ResponseQueue} to the client message it answers:
 * row counts and SQLSTATEs go to the statement's RESPONSE event, DataRow values are masked per the
 * statement's decision ({@link ResultMasking}), and the error PostgreSQL raises for a refused statement's
 * stand-in becomes the refusal. A message PostgreSQL never sends a logged-in session (another login
 * step, an unknown type) ends the session: the proxy can no longer tell what it answers.
 */
final class ResultFlow {

    /** Records a statement's RESPONSE event once its run is over. */
    interface Responses {
        void finished(Execution execution);
    }

    private static final Logger log = LoggerFactory.getLogger(ResultFlow.class);

    private final ClientChannel client;
    private final SessionContext context;
    private final ResponseQueue pending;
    private final ResultMasking masking;
    private final TextWithholding texts;
    private final LexingGuard guard;
    private final Responses responses;

    ResultFlow(ClientChannel client, SessionContext context, ResponseQueue pending, ResultMasking masking,
               TextWithholding texts, LexingGuard guard, Responses responses) {
        this.client = client;
        this.context = context;
        this.pending = pending;
        this.masking = masking;
        this.texts = texts;
        this.guard = guard;
        this.responses = responses;
    }

    /** Takes ownership of {@code frame}. */
    void onBackend(PgFrame frame) {
        Pending head = pending.head();
        try {
            switch (frame.backend()) {
                case PARSE_COMPLETE, BIND_COMPLETE, CLOSE_COMPLETE -> {
                    pending.answered();
                    client.pass(frame);
                }
                case ROW_DESCRIPTION -> rowDescription(head, frame);
                case NO_DATA -> {
                    pending.noData();
                    client.pass(frame);
                }
                case DATA_ROW -> masking.dataRow(head, frame);
                case COPY_OUT_RESPONSE -> masking.copyOut(head, frame);
                case COPY_DATA -> masking.copyData(head, frame);
                case COPY_DONE -> {
                    if (head == null || head.resultRefusal == null) {
                        client.pass(frame);
                    }
                }
                case COMMAND_COMPLETE, EMPTY_QUERY_RESPONSE, PORTAL_SUSPENDED -> resultEnd(head, frame);
                case ERROR_RESPONSE -> error(head, frame);
                case NOTICE_RESPONSE -> texts.response(head, frame);
                case NOTIFICATION_RESPONSE -> texts.notification(head, frame);
                case PARAMETER_STATUS -> {
                    // a changed lexing setting ends the session first; otherwise withholding may apply
                    if (guard.reported(frame)) {
                        texts.parameterStatus(head, frame);
                    }
                }
                case READY_FOR_QUERY -> readyForQuery(frame);
                case PARAMETER_DESCRIPTION, COPY_IN_RESPONSE -> client.pass(frame);
                // Login steps, a function's result (calls are refused), replication's CopyBoth (refused at startup).
                case AUTHENTICATION, BACKEND_KEY_DATA, NEGOTIATE_PROTOCOL_VERSION, FUNCTION_CALL_RESPONSE,
                     COPY_BOTH_RESPONSE, UNKNOWN -> unexpected(frame);
            }
        } finally {
            frame.release();
        }
    }

    /** Recorded as the SESSION_ENDED reason: a database (or something posing as one) misbehaved. */
    private void unexpected(PgFrame frame) {
        String reason = "the database sent a message Gatehouse does not expect in a session (type byte "
                + (frame.type() & 0xff) + ")";
        log.warn("PostgreSQL session {} ended: {}", context.sessionId, reason);
        context.endedBecause = reason;
        client.fatal(SqlState.PROTOCOL_VIOLATION, reason + "; the session is ended");
    }

    private void rowDescription(Pending head, PgFrame frame) {
        if (head != null) {
            List<Messages.Column> columns = Messages.rowDescription(frame.body());
            switch (head.kind) {
                case QUERY -> masking.startResult(head, columns);
                case DESCRIBE_STATEMENT -> {
                    if (head.statement != null) {
                        head.statement.description = columns;
                    }
                    pending.answered();
                }
                case DESCRIBE_PORTAL -> {
                    if (head.portal != null) {
                        head.portal.description = columns;
                        if (head.portal.statement != null) {
                            head.portal.statement.description = columns; // later Binds skip the Describe
                        }
                    }
                    pending.answered();
                }
                default -> {
                }
            }
        }
        client.pass(frame);
    }

    private void resultEnd(Pending head, PgFrame frame) {
        if (head == null || (head.kind != Kind.QUERY && head.kind != Kind.EXECUTE)) {
            client.pass(frame);
            return;
        }
        texts.ended(head);
        Execution execution = head.execution;
        masking.ended(head, execution);
        BackendMessage end = frame.backend();
        if (head.resultRefusal != null) {
            if (execution != null) {
                execution.sqlState = head.resultRefusal.sqlState();
            }
            client.send(refusal(head.resultRefusal));
        } else {
            if (execution != null && end == BackendMessage.COMMAND_COMPLETE) {
                execution.rows += Messages.rows(frame.body());
            }
            client.pass(frame);
        }
        head.resultKnown = false;
        head.masker = null;
        head.resultRefusal = null;
        if (head.kind == Kind.EXECUTE) {
            pending.answered();
            if (end != BackendMessage.PORTAL_SUSPENDED) {
                finish(execution);
            }
        }
    }

    private void error(Pending head, PgFrame frame) {
        if (head == null) {
            client.pass(frame);
            return;
        }
        Execution execution = head.execution;
        if (head.refusal != null) {
            client.send(refusal(head.refusal));
        } else {
            texts.ended(head);
            texts.response(head, frame); // its text may quote a masked value
        }
        if (execution != null) {
            execution.sqlState = head.refusal != null ? head.refusal.sqlState() : Messages.fields(frame.body()).get('C');
        }
        if (head.kind == Kind.QUERY || head.kind == Kind.SYNC) {
            return; // ReadyForQuery ends both
        }
        pending.answered();
        finish(execution);
        // PostgreSQL now discards everything up to the Sync: so does the attribution.
        pending.skipToSync(skipped -> {
            if (skipped.execution != null && !skipped.execution.finished && skipped.kind == Kind.EXECUTE) {
                skipped.execution.skipped = true;
                finish(skipped.execution);
            }
        });
    }

    private void readyForQuery(PgFrame frame) {
        Pending answered = pending.readyForQuery();
        if (answered != null) {
            finish(answered.execution);
        }
        client.pass(frame);
    }

    private void finish(Execution execution) {
        if (execution == null || execution.finished) {
            return;
        }
        execution.finished = true;
        responses.finished(execution);
    }

    private io.netty.buffer.ByteBuf refusal(Refusal refusal) {
        return PgWire.error(client.alloc(), "ERROR", refusal.sqlState(), refusal.message());
    }
}
