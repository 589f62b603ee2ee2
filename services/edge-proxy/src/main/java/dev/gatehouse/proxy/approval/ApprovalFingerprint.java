package dev.gatehouse.proxy.approval;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The hash an approval is bound to: hex SHA-256 over the exact operation, byte for byte (the SQL text
 * verbatim; the effective method, raw path and query, the headers that change what the request means and
 * the whole body), so that approving {@code DELETE ... id=5} approves nothing else, and a JSON body
 * approved as {@code application/json} does not run as another Content-Type or Content-Encoding. Each
 * field is written as a presence byte, an 8-byte length and its bytes, after a tag naming the protocol:
 * no two different operations share an encoding, whatever their fields contain. (The HTTP tag is v2
 * since headers are bound; an approval requested before that cannot be used.)
 */
public final class ApprovalFingerprint {

    private static final String HTTP = "gatehouse.approval.http.v2";
    private static final String SQL = "gatehouse.approval.sql.v1";
    private static final String SSH = "gatehouse.approval.ssh.v1";
    private static final String MCP = "gatehouse.approval.mcp.v1";

    private ApprovalFingerprint() {
    }

    public static String http(String connection, String method, String path, String query, byte[] body) {
        return http(connection, method, path, query, new TreeMap<>(), body);
    }

    /** {@code headers}: lower-case name to value, the bound headers the request has (sorted by name). */
    public static String http(String connection, String method, String path, String query,
                              SortedMap<String, String> headers, byte[] body) {
        MessageDigest digest = sha256();
        field(digest, utf8(HTTP));
        field(digest, utf8(connection));
        field(digest, utf8(method));
        field(digest, utf8(path));
        field(digest, utf8(query));
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(headers.size()).array());
        headers.forEach((name, value) -> {
            field(digest, utf8(name));
            field(digest, utf8(value));
        });
        field(digest, body == null ? new byte[0] : body);
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sql(String connection, String statement) {
        MessageDigest digest = sha256();
        field(digest, utf8(SQL));
        field(digest, utf8(connection));
        field(digest, utf8(statement));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** An SSH request: its kind ({@code exec}, …) and the command line verbatim. */
    public static String ssh(String connection, String kind, String command) {
        MessageDigest digest = sha256();
        field(digest, utf8(SSH));
        field(digest, utf8(connection));
        field(digest, utf8(kind));
        field(digest, utf8(command));
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * An MCP tool call: the server (connection), the tool, its arguments and the rest of its params as
     * canonical JSON, and the caller. Not the JSON-RPC id nor the message's bytes: a client sends an approved
     * call again as a new request, and it must be the same call, not the same bytes.
     */
    public static String mcp(String connection, String tool, String canonicalArguments, String canonicalRest,
                             String issuer, String subject) {
        MessageDigest digest = sha256();
        field(digest, utf8(MCP));
        field(digest, utf8(connection));
        field(digest, utf8(tool));
        field(digest, utf8(canonicalArguments));
        field(digest, utf8(canonicalRest));
        field(digest, utf8(issuer));
        field(digest, utf8(subject));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void field(MessageDigest digest, byte[] value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        digest.update((byte) 1);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(value.length).array());
        digest.update(value);
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
