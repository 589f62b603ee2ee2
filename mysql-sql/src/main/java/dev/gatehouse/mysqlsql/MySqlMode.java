package dev.gatehouse.mysqlsql;

/**
 * The two sql_mode flags that change how MySQL lexes: {@code NO_BACKSLASH_ESCAPES} (a backslash in a
 * string is an ordinary character) and {@code ANSI_QUOTES} ("..." is an identifier, not a string).
 * The server default has neither.
 */
public record MySqlMode(boolean backslashEscapes, boolean ansiQuotes) {

    public static final MySqlMode DEFAULT = new MySqlMode(true, false);
    public static final MySqlMode NO_BACKSLASH_ESCAPES = new MySqlMode(false, false);
}
