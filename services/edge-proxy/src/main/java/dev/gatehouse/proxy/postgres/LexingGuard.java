package dev.gatehouse.proxy.postgres;

import dev.gatehouse.pgsql.PgLexer;
import dev.gatehouse.proxy.postgres.wire.FrontendMessage;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the text a session's statements are decided on byte for byte the text PostgreSQL parses.
 * <ul>
 * <li>Statement text must be valid UTF-8 (what the proxy decodes is then exactly what a UTF-8 server
 * reads, even on a SQL_ASCII database that would not check), and statement and portal names ASCII.</li>
 * <li>A statement may not change a {@link PinnedSettings pinned setting} ({@link SettingChanges}).</li>
 * <li>Code the proxy cannot see (a function calling {@code set_config}, a DO block's EXECUTE) can still
 * change a setting; PostgreSQL reports it in a ParameterStatus only at the next ReadyForQuery, and that
 * ends the session. Until then the server may already read later messages in the new setting. Pure
 * ASCII without a backslash in a plain string reads the same under every client encoding and either
 * standard_conforming_strings; any other text ("sensitive") waits until every statement forwarded before
 * it has been answered through a ReadyForQuery. When it follows an Execute with no Sync in between,
 * waiting would wait for the client forever: the settings are set again right before it instead
 * ({@link SettingsPin}).</li>
 * </ul>
 * Costs: one byte scan per statement text (UTF-8 validity); a sensitive statement waits one round trip
 * only when it is pipelined behind unanswered statements, and costs two SETs in the same flight when it
 * follows an unsynced Execute.
 */
final class LexingGuard {

    private static final Refusal INVALID_UTF8 = new Refusal(SqlState.CHARACTER_NOT_IN_REPERTOIRE,
            "invalid byte sequence for encoding \"UTF8\": Gatehouse accepts UTF-8 statement text only");

    private static final Logger log = LoggerFactory.getLogger(LexingGuard.class);

    private final ClientChannel client;
    private final SessionContext context;
    /** An Execute was forwarded and no Sync or Query since: its effects are unreported until one is. */
    private boolean executedSinceSync;

    LexingGuard(ClientChannel client, SessionContext context) {
        this.client = client;
        this.context = context;
    }

    /**
     * A ParameterStatus from the database: false (and the session is ended, the reason kept for its
     * SESSION_ENDED event) when it reports a pinned setting changed.
     */
    boolean reported(PgFrame parameterStatus) {
        ByteBuf in = parameterStatus.body().duplicate();
        String name = PgWire.readCString(in);
        String change = PinnedSettings.reportedChange(name, PgWire.readCString(in));
        if (change == null) {
            return true;
        }
        log.warn("PostgreSQL session {} ended: the database reports a changed {}", context.sessionId, name);
        context.endedBecause = change;
        client.fatal(SqlState.FEATURE_NOT_SUPPORTED, change);
        return false;
    }

    /**
     * Called for every message the session handles, in order, before it goes upstream; true when the
     * settings must be {@link SettingsPin set again} first.
     */
    boolean handled(PgFrame frame) {
        boolean pin = false;
        switch (frame.frontend()) {
            case EXECUTE -> executedSinceSync = true;
            case SYNC -> executedSinceSync = false;
            case QUERY -> {
                pin = executedSinceSync && sensitive(text(frame));
                executedSinceSync = false; // its ReadyForQuery reports what ran before it
            }
            case PARSE -> {
                pin = executedSinceSync && sensitive(text(frame));
                executedSinceSync &= !pin;
            }
            default -> {
            }
        }
        return pin;
    }

    /**
     * Whether {@code next} may be handled now. False for sensitive statement text while a statement
     * forwarded before it has not been answered through a ReadyForQuery (the session resumes on the next).
     */
    boolean mayHandle(PgFrame next, ResponseQueue pending) {
        FrontendMessage type = next.frontend();
        if ((type != FrontendMessage.QUERY && type != FrontendMessage.PARSE) || executedSinceSync
                || !pending.awaitingReady()) {
            return true;
        }
        return !sensitive(text(next));
    }

    /** Why this Query or Parse text cannot go upstream, or null. */
    Refusal refusal(PgFrame frame, String sql) {
        ByteBuf text = text(frame);
        if (!ByteBufUtil.isText(text, StandardCharsets.UTF_8)) {
            return INVALID_UTF8;
        }
        return SettingChanges.refusal(sql);
    }

    /** False when a Parse, Bind, Execute, Describe or Close names a statement or portal with non-ASCII bytes. */
    static boolean asciiNames(PgFrame frame) {
        ByteBuf body = frame.body();
        int from = body.readerIndex();
        int names = switch (frame.frontend()) {
            case PARSE, EXECUTE -> 1;
            case BIND -> 2;
            case DESCRIBE, CLOSE -> {
                from++;
                yield 1;
            }
            default -> 0;
        };
        for (int i = 0; i < names && from < body.writerIndex(); i++) {
            int end = body.indexOf(from, body.writerIndex(), (byte) 0);
            end = end < 0 ? body.writerIndex() : end;
            if (body.forEachByte(from, end - from, b -> b >= 0) >= 0) {
                return false;
            }
            from = end + 1;
        }
        return true;
    }

    /** Non-ASCII bytes, or a plain string whose reading depends on standard_conforming_strings. */
    private static boolean sensitive(ByteBuf text) {
        if (text.forEachByte(b -> b >= 0) >= 0) {
            return true;
        }
        if (text.bytesBefore((byte) '\\') < 0) {
            return false;
        }
        return PgLexer.tokenize(text.toString(StandardCharsets.US_ASCII), true).conformingStringsSensitive();
    }

    /** The statement text of a Query or a Parse (after the statement name), without its terminator. */
    private static ByteBuf text(PgFrame frame) {
        ByteBuf body = frame.body();
        int from = body.readerIndex();
        if (frame.frontend() == FrontendMessage.PARSE) {
            int nameEnd = body.indexOf(from, body.writerIndex(), (byte) 0);
            from = nameEnd < 0 ? body.writerIndex() : nameEnd + 1;
        }
        int end = body.indexOf(from, body.writerIndex(), (byte) 0);
        return body.slice(from, (end < 0 ? body.writerIndex() : end) - from);
    }
}
