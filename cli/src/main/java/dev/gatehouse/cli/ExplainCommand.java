package dev.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.concurrent.Callable;

/**
 * Why Gatehouse would decide a request as it would, for this job's own identity: the verdict, the rule,
 * and for each rule that did not match the reason (say, the claim that differed). Nothing runs.
 */
@Command(name = "explain", description = "Explain how Gatehouse would decide a request of this job (nothing runs).")
final class ExplainCommand implements Callable<Integer> {

    private final Context context;

    @Parameters(index = "0", paramLabel = "CONNECTION")
    String connection;

    @Option(names = {"-X", "--method"}, description = "HTTP method (or the SSH request kind, e.g. exec)")
    String method;

    @Option(names = "--path", description = "HTTP path below the connection, e.g. /v1/refunds")
    String path;

    @Option(names = "--query", description = "HTTP query string without '?'")
    String query;

    @Option(names = "--statement", description = "SQL statement, or the SSH command line")
    String statement;

    @Option(names = "--url", description = "the proxy's base URL (default: the one gatehouse login used)")
    String url;

    ExplainCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ObjectNode body = State.JSON.createObjectNode().put("connection", connection);
        if (method != null) {
            body.put("method", method);
        }
        if (path != null) {
            body.put("path", path);
        }
        if (query != null) {
            body.put("query", query);
        }
        if (statement != null) {
            body.put("statement", statement);
        }
        JsonNode answer = Api.of(context, url).post("/explain", body);
        context.out().println(answer.path("verdict").asString("?") + " by rule " + answer.path("ruleId").asString("?")
                + (answer.hasNonNull("reason") ? ": " + answer.path("reason").asString() : ""));
        for (JsonNode rule : answer.path("rules")) {
            context.out().println("  " + (rule.path("matched").asBoolean() ? "matched    " : "not matched") + "  "
                    + rule.path("ruleId").asString() + " (" + rule.path("action").asString("") + ")"
                    + (rule.hasNonNull("reason") ? ": " + rule.path("reason").asString() : ""));
        }
        return 0;
    }
}
