package dev.gatehouse.proxy.masking;

import java.util.Locale;
import java.util.Set;

/**
 * How a body is masked, from its content type. Binary types are not rewritten (there is no text to
 * mask) and are recorded as such; an absent or unknown type is scanned as text: failing safe costs a
 * scan, failing open could leak.
 */
public enum BodyKind {
    JSON, TEXT, BINARY;

    private static final Set<String> BINARY_TYPES = Set.of("application/octet-stream", "application/zip",
            "application/gzip", "application/x-gzip", "application/x-tar", "application/pdf", "application/wasm",
            "application/x-protobuf", "application/protobuf", "application/grpc", "application/vnd.apache.avro",
            "application/x-7z-compressed", "application/java-archive", "application/x-bzip2", "application/zstd",
            "application/vnd.docker.image.rootfs.diff.tar.gzip", "application/msword", "application/x-msgpack",
            "application/cbor");
    private static final Set<String> BINARY_FAMILIES = Set.of("image", "audio", "video", "font");

    /** @param contentType a Content-Type header value, parameters allowed; null when absent */
    public static BodyKind of(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return TEXT;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        String family = slash < 0 ? type : type.substring(0, slash);
        if (type.equals("image/svg+xml")) {
            return TEXT; // SVG is XML text and can carry anything
        }
        if (BINARY_FAMILIES.contains(family) || BINARY_TYPES.contains(type) || type.endsWith("+zip")
                || type.endsWith("+gzip") || type.endsWith("+protobuf") || type.startsWith("application/grpc")) {
            return BINARY;
        }
        if (type.equals("application/json") || type.endsWith("+json") || type.endsWith("/x-ndjson")
                || type.endsWith("/ndjson") || type.endsWith("/jsonl") || type.equals("application/json-seq")) {
            return JSON;
        }
        return TEXT;
    }
}
