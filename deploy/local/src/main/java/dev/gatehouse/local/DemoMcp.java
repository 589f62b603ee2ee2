package dev.gatehouse.local;

import dev.gatehouse.testkit.PostgresFixture;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The MCP server behind connection {@code demo-mcp}, built with the official MCP Java SDK (Streamable
 * HTTP on an embedded Tomcat, endpoint {@code /mcp}): {@code query} runs its {@code query} argument on the
 * demo database with the server's own login (Gatehouse decides the statement first: the connection's
 * {@code sqlArguments}), {@code read_file} reads a file of a small demo directory (one of them holds an AWS
 * key, so the answer shows masking). It stands for the database MCP servers agents use; it trusts
 * whoever reaches it, which is why only Gatehouse should.
 */
public final class DemoMcp implements AutoCloseable {

    public static final String CONNECTION = "demo-mcp";
    static final String AWS_KEY = "AKIAZ7Q4XK2M9PLR3DMO";
    private static final int MAX_ROWS = 100;

    /** Where demo-mcp points when the stack did not start the server: nothing listens there. */
    static final String NOT_RUNNING = "http://localhost:1/mcp/";
    private static DemoMcp running;

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final Path files;

    private DemoMcp(int port, PostgresFixture postgres, String database) throws IOException, LifecycleException {
        files = Files.createTempDirectory("demo-mcp-files");
        Files.writeString(files.resolve("README.txt"), "The demo-mcp file tool reads this directory.\n");
        Files.writeString(files.resolve("deploy.env"), "region=eu-central-1\naws_access_key_id=" + AWS_KEY + "\n");
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp/").build(); // the proxy forwards to the upstream with a trailing slash
        server = McpServer.sync(transport).serverInfo("gatehouse-demo-mcp", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(queryTool(postgres, database), fileTool()).build();
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("demo-mcp-tomcat").toString());
        tomcat.setPort(port);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        context.addServletMappingDecoded("/mcp/", "mcp");
        tomcat.getConnector();
        tomcat.start();
    }

    static synchronized DemoMcp start(int port, PostgresFixture postgres, String database) {
        try {
            running = running != null ? running : new DemoMcp(port, postgres, database);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("the demo MCP server did not start", e);
        }
    }

    /** The running server's endpoint, or {@link #NOT_RUNNING}. */
    static synchronized String upstream() {
        return running == null ? NOT_RUNNING : running.url();
    }

    /** The MCP endpoint (with the trailing slash the proxy's forwarding adds). */
    public String url() {
        return "http://localhost:" + tomcat.getConnector().getLocalPort() + "/mcp/";
    }

    private static SyncToolSpecification queryTool(PostgresFixture postgres, String database) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name("query")
                .description("Runs one SQL statement on the demo database (tables users, orders) and returns the rows")
                .inputSchema(Map.of("type", "object", "required", java.util.List.of("query"),
                        "properties", Map.of("query", Map.of("type", "string"))))
                .build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            String sql = String.valueOf(request.arguments().get("query"));
            try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(),
                    postgres.password()); Statement statement = db.createStatement()) {
                return text(statement.execute(sql) ? rows(statement.getResultSet())
                        : statement.getUpdateCount() + " rows changed", false);
            } catch (SQLException e) {
                return text("the database refused the statement: " + e.getSQLState(), true);
            }
        }).build();
    }

    private SyncToolSpecification fileTool() {
        McpSchema.Tool tool = McpSchema.Tool.builder().name("read_file")
                .description("Reads a file of the demo directory (README.txt, deploy.env)")
                .inputSchema(Map.of("type", "object", "required", java.util.List.of("path"),
                        "properties", Map.of("path", Map.of("type", "string"))))
                .build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            Path file = files.resolve(String.valueOf(request.arguments().get("path"))).normalize();
            if (!file.startsWith(files) || !Files.isRegularFile(file)) {
                return text("no such file in the demo directory", true);
            }
            try {
                return text(Files.readString(file), false);
            } catch (IOException e) {
                return text("the file could not be read", true);
            }
        }).build();
    }

    private static String rows(ResultSet rows) throws SQLException {
        StringBuilder text = new StringBuilder();
        int columns = rows.getMetaData().getColumnCount();
        for (int row = 0; row < MAX_ROWS && rows.next(); row++) {
            for (int column = 1; column <= columns; column++) {
                text.append(column > 1 ? " | " : "").append(rows.getString(column));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static McpSchema.CallToolResult text(String text, boolean error) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(error).build();
    }

    @Override
    public void close() {
        server.closeGracefully();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            // stopping anyway
        }
    }
}
