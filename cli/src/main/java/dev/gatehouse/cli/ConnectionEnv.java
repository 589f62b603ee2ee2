package dev.gatehouse.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables (and config files) for one connection by type. The CI token is the password or key
 * everywhere: Gatehouse swaps it for the vault's credential, so no upstream secret ever reaches the job.
 */
final class ConnectionEnv {

    private final Api api;
    private final State state;
    private final Path kubeCa;
    private final PrintWriter err;

    ConnectionEnv(Api api, State state, Path kubeCa, PrintWriter err) {
        this.api = api;
        this.state = state;
        this.kubeCa = kubeCa;
        this.err = err;
    }

    Map<String, String> variables(String name, String type, Integer port) {
        String host = EnvCommand.host(api.url());
        Map<String, String> env = new LinkedHashMap<>();
        switch (type) {
            case "postgres" -> {
                env.put("PGHOST", host);
                env.put("PGPORT", String.valueOf(listener(name, type, port)));
                env.put("PGDATABASE", name);
                env.put("PGUSER", "ci-job");
                env.put("PGPASSWORD", api.token());
                env.put("PGSSLMODE", "require");
            }
            case "mysql" -> {
                env.put("MYSQL_HOST", host);
                env.put("MYSQL_TCP_PORT", String.valueOf(listener(name, type, port)));
                env.put("MYSQL_DATABASE", name);
                env.put("MYSQL_PWD", api.token());
                // the token travels as a cleartext password inside TLS: libmysqlclient asks for this opt-in
                env.put("LIBMYSQL_ENABLE_CLEARTEXT_PLUGIN", "1");
            }
            case "kubernetes" -> env.put("KUBECONFIG", Kubeconfig.write(state, name, host,
                    listener(name, type, port), api.token(), kubeCa, err).toString());
            case "ssh" -> env.putAll(ssh(name, host, listener(name, type, port)));
            case "llm" -> {
                env.put("OPENAI_BASE_URL", api.url() + "/llm/" + name + "/v1");
                env.put("OPENAI_API_KEY", api.token());
                env.put("ANTHROPIC_BASE_URL", api.url() + "/llm/" + name);
                env.put("ANTHROPIC_API_KEY", api.token());
            }
            case "mcp" -> env.put("GATEHOUSE_MCP_CONFIG", mcp(name).toString());
            default -> env.put("GATEHOUSE_" + variableName(name) + "_URL", api.url() + "/proxy/" + name);
        }
        return env;
    }

    private Map<String, String> ssh(String name, String host, int port) {
        String config = "Host " + name + "\n  HostName " + host + "\n  Port " + port + "\n  User " + name
                + "\n  PreferredAuthentications password,keyboard-interactive\n  PubkeyAuthentication no\n";
        Path file = state.write("ssh-" + name + ".config", config);
        return Map.of("GATEHOUSE_SSH_CONFIG", file.toString(), "SSHPASS", api.token());
    }

    /** The mcpServers document MCP clients (Claude Code, Cursor, VS Code) read, with the token as bearer. */
    private Path mcp(String name) {
        var doc = State.JSON.createObjectNode();
        var server = doc.putObject("mcpServers").putObject(name);
        server.put("type", "http").put("url", api.url() + "/mcp/" + name);
        server.putObject("headers").put("Authorization", "Bearer " + api.token());
        return state.write("mcp-" + name + ".json", State.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }

    private static int listener(String name, String type, Integer port) {
        if (port == null) {
            throw CliFailure.error("Gatehouse's " + type + " listener is not enabled, so connection " + name
                    + " cannot be reached from here");
        }
        return port;
    }

    static String variableName(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
