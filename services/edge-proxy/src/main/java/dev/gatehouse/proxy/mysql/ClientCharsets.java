package dev.gatehouse.proxy.mysql;

/**
 * The collations a client may announce in its handshake. The upstream session is always utf8mb4 and the
 * proxy reads statements as UTF-8; a client announcing SJIS, GBK, BIG5, CP932, GB18030 (whose second byte
 * can be {@code \}) or any other multi-byte set is refused. ASCII-compatible single-byte sets are
 * accepted, as the {@code mariadb} client under the C locale announces latin1: its statements are
 * ASCII, and it shows non-ASCII results as bytes.
 */
final class ClientCharsets {

    private ClientCharsets() {
    }

    static boolean accepted(int collation) {
        return switch (collation) {
            case 8, 5, 15, 31, 47, 48, 49, 94 -> true; // latin1
            case 11, 65 -> true; // ascii
            case 33, 83, 223 -> true; // utf8mb3
            case 45, 46 -> true; // utf8mb4
            case 63 -> true; // binary: bytes as they are
            default -> collation >= 192 && collation <= 215 // utf8mb3 language collations
                    || collation >= 224 && collation <= 247 // utf8mb4 language collations
                    || collation >= 255 && collation <= 323; // MySQL 8's utf8mb4_0900 collations
        };
    }
}
