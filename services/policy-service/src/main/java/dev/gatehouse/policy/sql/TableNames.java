package dev.gatehouse.policy.sql;

import java.util.List;

/**
 * The table names a statement reports: {@code schema.table} when written qualified (a catalog part is
 * dropped: PostgreSQL only allows the current database), else {@code table}; parts as PostgreSQL
 * resolves them (unquoted lower-cased, quoted exact). A part that itself holds a dot or a double quote
 * is shown double-quoted, so {@code "a.b"} never reads as schema {@code a}.
 */
final class TableNames {

    private TableNames() {
    }

    static String of(List<String> parts) {
        int size = parts.size();
        String name = part(parts.get(size - 1));
        return size == 1 ? name : part(parts.get(size - 2)) + "." + name;
    }

    /** A name part as JSqlParser hands it back from the rendered text: bare, or "quoted". */
    static String fromRendered(String part) {
        if (part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")) {
            return part.substring(1, part.length() - 1).replace("\"\"", "\"");
        }
        return part;
    }

    private static String part(String part) {
        return part.indexOf('.') >= 0 || part.indexOf('"') >= 0 ? SqlRenderer.quote(part) : part;
    }
}
