package dev.gatehouse.proxy.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Map;

/**
 * A real stdio MCP server built with the MCP Java SDK, run by {@link McpStdioIT} as the process an
 * {@code stdio:} connection launches: {@code echo}, {@code whoami} (its process id and the environment it
 * was given, to show what the proxy passes) and {@code read_config} (a result with an AWS key in it).
 */
public final class StdioToolServer {

    static final String CONFIG_SECRET = "AKIA4QZ7XK2M9PLR3TWN";

    private StdioToolServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper());
        McpServer.sync(transport).serverInfo("gatehouse-stdio-test", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tool("echo", arguments -> "echo: " + arguments.get("text")),
                        tool("whoami", arguments -> "pid=" + ProcessHandle.current().pid() + " credential "
                                + describe(System.getenv("SERVER_TOKEN")) + " mode " + System.getenv("MODE")
                                + " home " + System.getenv("HOME")),
                        tool("read_config", arguments -> "aws_access_key_id = " + CONFIG_SECRET + "\nregion = eu-central-1"))
                .build();
        Thread.currentThread().join(); // the transport reads stdin until the proxy ends the process
    }

    /** What the answer may say of the credential without the masking taking it for one: its shape. */
    private static String describe(String credential) {
        return credential == null ? "none" : credential.length() + " chars starting " + credential.substring(0, 6);
    }

    private static SyncToolSpecification tool(String name, java.util.function.Function<Map<String, Object>, String> run) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description("the " + name + " tool")
                .inputSchema(Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string"))))
                .build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) ->
                McpSchema.CallToolResult.builder().addTextContent(run.apply(
                        request.arguments() == null ? Map.of() : request.arguments())).isError(false).build())
                .build();
    }
}
