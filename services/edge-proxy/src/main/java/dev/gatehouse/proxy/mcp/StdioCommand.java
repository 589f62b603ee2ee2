package dev.gatehouse.proxy.mcp;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to launch a stdio MCP server, all from the connection's configuration (never from the agent): the
 * program is the upstream ({@code stdio:/absolute/path}), {@code settings.args} a JSON array of strings,
 * {@code settings.env} a JSON object of environment variables, {@code settings.credentialEnv} the variable
 * that receives the vault's secret for the connection. The process gets no other environment than these
 * and a fixed {@code PATH}: nothing of the proxy's own (its client secrets) leaks to it.
 */
record StdioCommand(String program, List<String> args, Map<String, String> env, String credentialEnv) {

    static final String SCHEME = "stdio:";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PROGRAM = Pattern.compile("/[\\x21-\\x7e]{0,1023}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /** A configuration that cannot launch anything safely; the call is answered as unavailable. */
    static final class UnusableCommand extends RuntimeException {
        UnusableCommand(String message) {
            super(message, null, false, false);
        }
    }

    static boolean stdio(String upstream) {
        return upstream != null && upstream.startsWith(SCHEME);
    }

    static StdioCommand of(String upstream, Map<String, String> settings) {
        String program = upstream.substring(SCHEME.length());
        if (!PROGRAM.matcher(program).matches() || program.contains("/../") || program.endsWith("/..")) {
            throw new UnusableCommand("the stdio upstream must name an absolute program path");
        }
        List<String> args = new ArrayList<>();
        JsonNode argList = json(settings.get("args"), "[]");
        if (!argList.isArray()) {
            throw new UnusableCommand("settings.args must be a JSON array of strings");
        }
        for (JsonNode arg : argList.values()) {
            if (!arg.isString() || arg.asString().indexOf('\u0000') >= 0) {
                throw new UnusableCommand("settings.args must be a JSON array of strings");
            }
            args.add(arg.asString());
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envObject = json(settings.get("env"), "{}");
        if (!envObject.isObject()) {
            throw new UnusableCommand("settings.env must be a JSON object of strings");
        }
        for (Map.Entry<String, JsonNode> variable : envObject.properties()) {
            if (!ENV_NAME.matcher(variable.getKey()).matches() || !variable.getValue().isString()) {
                throw new UnusableCommand("settings.env must map variable names to strings");
            }
            env.put(variable.getKey(), variable.getValue().asString());
        }
        String credentialEnv = settings.get("credentialEnv");
        if (credentialEnv != null && !ENV_NAME.matcher(credentialEnv).matches()) {
            throw new UnusableCommand("settings.credentialEnv must be an environment variable name");
        }
        return new StdioCommand(program, List.copyOf(args), Map.copyOf(env), credentialEnv);
    }

    /** The command line and the process's whole environment (the credential under {@code credentialEnv}). */
    ProcessBuilder builder(String credential) {
        List<String> line = new ArrayList<>(args.size() + 1);
        line.add(program);
        line.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(line);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", PATH);
        environment.putAll(env);
        if (credentialEnv != null && credential != null) {
            environment.put(credentialEnv, credential);
        }
        return builder.redirectError(ProcessBuilder.Redirect.DISCARD); // may print secrets; never read
    }

    private static JsonNode json(String text, String absent) {
        try {
            return JSON.readTree(text == null || text.isBlank() ? absent : text);
        } catch (JacksonException e) {
            throw new UnusableCommand("settings.args and settings.env must be JSON");
        }
    }
}
