package dev.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The {@code gatehouse} command: a CI job's one step to Gatehouse. Each subcommand is a class of its own;
 * a {@link CliFailure} ends it with its exit code and one line on stderr (never a stack trace, never a token).
 */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, version = "gatehouse 0.1.0",
        description = "Connect a CI job to Gatehouse, point its tools at it, and verify its receipts.",
        subcommands = {LoginCommand.class, EnvCommand.class, ReceiptCommand.class, ApprovalsCommand.class,
                ExplainCommand.class, SummaryCommand.class, LogoutCommand.class})
public final class Gatehouse {

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given environment and output; returns the exit code. Tests call this. */
    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine command = new CommandLine(new Gatehouse(), new Factory(new Context(environment, out, err)));
        command.setOut(out);
        command.setErr(err);
        command.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliFailure failure) {
                err.println("gatehouse: " + failure.getMessage());
                err.flush();
                return failure.exitCode();
            }
            err.println("gatehouse: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            err.flush();
            return CliFailure.ERROR;
        });
        int code = command.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Hands every command the same {@link Context}, so tests need no process environment. */
    private record Factory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Context.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
