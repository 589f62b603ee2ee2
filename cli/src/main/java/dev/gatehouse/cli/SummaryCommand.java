package dev.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

/**
 * The job's session as Markdown: every audited action of this identity since login, its decision and its
 * receipt id ({@code gatehouse receipt ID} verifies one). With {@code --output} (say
 * {@code $GITHUB_STEP_SUMMARY}) the table is appended to that file. Payloads are never shown.
 */
@Command(name = "summary", description = "The job's actions, decisions and receipts since login, as Markdown.")
final class SummaryCommand implements Callable<Integer> {

    private final Context context;

    @Option(names = "--since", description = "ISO-8601 instant (default: the login time)")
    String since;

    @Option(names = "--output", description = "append the Markdown to this file instead of printing it")
    Path output;

    @Option(names = "--url", description = "the proxy's base URL (default: the one gatehouse login used)")
    String url;

    SummaryCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String from = since != null ? since : new State(context).session().path("loginAt").asString(null);
        if (from == null) {
            throw new CliFailure(CliFailure.USAGE, "no --since and no login time: run gatehouse login first");
        }
        Api api = Api.of(context, url);
        JsonNode items = api.get("/receipts?from=" + java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8))
                .path("items");
        String markdown = SummaryTable.markdown(items, from, api.url());
        if (output == null) {
            context.out().print(markdown);
            return 0;
        }
        try {
            Files.writeString(output, markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw CliFailure.error("cannot append to " + output + ": " + e.getMessage());
        }
        context.out().println("wrote the summary of " + items.size() + " audit events to " + output);
        return 0;
    }
}
