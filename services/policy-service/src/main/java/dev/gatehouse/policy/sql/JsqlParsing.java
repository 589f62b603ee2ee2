package dev.gatehouse.policy.sql;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs JSqlParser on the caller's thread (no thread hand-off per statement) with a watchdog that
 * sets the parser's interrupt flag when the time budget is spent: JavaCC lookahead can take
 * exponential time on crafted input. The whole rendered text must be consumed; JSqlParser otherwise
 * stops silently at the first statement it recognises.
 */
final class JsqlParsing {

    /** Thrown with a message that names no literal: the text JSqlParser saw holds placeholders only. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern SAFE_IMAGE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}|[(),.;\\[\\]*=<>+-]{1,3}");

    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private JsqlParsing() {
    }

    static Statement parse(String rendered, Duration timeout) throws Failure {
        Failure failure = null;
        for (boolean complex : new boolean[] {false, true}) {
            try {
                return parseOnce(rendered, timeout, complex);
            } catch (Failure e) {
                failure = e;
                if (e.getMessage().startsWith("time")) {
                    break;
                }
            }
        }
        throw failure;
    }

    private static Statement parseOnce(String rendered, Duration timeout, boolean complex) throws Failure {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(rendered).withAllowComplexParsing(complex)
                .withUnsupportedStatements(false).withHashLineComments(false).withBackslashEscapeCharacter(false);
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> parser.interrupted = true, timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            Statement statement = parser.Statement();
            if (parser.interrupted) {
                throw new Failure("time budget for parsing exceeded");
            }
            if (parser.getToken(1).kind != CCJSqlParserConstants.EOF) {
                throw new Failure("the SQL parser stopped before the end of the statement");
            }
            return statement;
        } catch (ParseException e) {
            throw new Failure(parser.interrupted ? "time budget for parsing exceeded" : describe(e));
        } catch (StackOverflowError e) {
            throw new Failure("statement nested too deeply to analyse");
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vmError && !(e instanceof StackOverflowError)) {
                throw vmError;
            }
            throw new Failure(parser.interrupted ? "time budget for parsing exceeded"
                    : "the SQL parser does not understand the statement");
        } finally {
            alarm.cancel(false);
        }
    }

    private static String describe(ParseException e) {
        String image = e.currentToken != null && e.currentToken.next != null ? e.currentToken.next.image : null;
        if (image != null && SAFE_IMAGE.matcher(image).matches()) {
            return "the SQL parser does not understand the statement near '" + image + "'";
        }
        return "the SQL parser does not understand the statement";
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sql-parse-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
