package dev.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Points the job's tools at Gatehouse for the named connections: prints {@code export} lines (for
 * {@code eval}), or with {@code --github-env} appends them to {@code $GITHUB_ENV} and prints nothing but the
 * runner's {@code ::add-mask::} command for the token (so the runner hides it in every later log line).
 * Config files (kubeconfig, ssh config, MCP config) are written 0600 in the CLI's home directory.
 */
@Command(name = "env", description = "Export the environment that points clients at the named connections.")
final class EnvCommand implements Callable<Integer> {

    private final Context context;

    @Parameters(arity = "1..*", paramLabel = "CONNECTION", description = "connection names (gatehouse env --list shows them)")
    List<String> connections;

    @Option(names = "--url", description = "the proxy's base URL (default: the one gatehouse login used)")
    String url;

    @Option(names = "--github-env", description = "append to $GITHUB_ENV instead of printing export lines")
    boolean githubEnv;

    @Option(names = "--kube-ca", description = "PEM file of the CA that signed the proxy's kubectl port (default: trust on first use)")
    Path kubeCa;

    EnvCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Api api = Api.of(context, url);
        Map<String, JsonNode> known = new LinkedHashMap<>();
        api.get("/connections").forEach(connection -> known.put(connection.path("name").asString(), connection));
        Map<String, String> variables = new LinkedHashMap<>();
        ConnectionEnv writer = new ConnectionEnv(api, new State(context), kubeCa, context.err());
        for (String name : connections) {
            JsonNode connection = known.get(name);
            if (connection == null) {
                throw CliFailure.error("no connection " + name + " in Gatehouse's policy; it has: "
                        + String.join(", ", known.keySet()));
            }
            variables.putAll(writer.variables(name, connection.path("type").asString(),
                    connection.path("port").isNumber() ? connection.path("port").asInt() : null));
        }
        emit(variables, api.token());
        return 0;
    }

    private void emit(Map<String, String> variables, String token) {
        if (!githubEnv) {
            variables.forEach((name, value) -> context.out().println("export " + name + "=" + shellQuoted(value)));
            return;
        }
        String file = context.get("GITHUB_ENV");
        if (file == null) {
            throw new CliFailure(CliFailure.USAGE, "--github-env needs GITHUB_ENV (set by the GitHub runner)");
        }
        context.out().println("::add-mask::" + token);
        StringBuilder lines = new StringBuilder();
        variables.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
        try {
            Files.writeString(Path.of(file), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw CliFailure.error("cannot append to $GITHUB_ENV: " + e.getMessage());
        }
        context.out().println("exported " + String.join(" ", variables.keySet()));
    }

    static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    static String host(String url) {
        return URI.create(url).getHost();
    }
}
