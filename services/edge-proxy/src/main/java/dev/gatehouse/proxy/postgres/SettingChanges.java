package dev.gatehouse.proxy.postgres;

import dev.gatehouse.pgsql.PgLexer;
import dev.gatehouse.pgsql.Token;
import dev.gatehouse.proxy.postgres.wire.SqlState;

import java.util.List;

/**
 * Finds, in a statement's tokens, a change of a {@link PinnedSettings pinned setting}: {@code SET}
 * (also {@code SESSION}/{@code LOCAL}, and the {@code SET} clauses of {@code ALTER ROLE},
 * {@code CREATE FUNCTION} and the like), {@code SET NAMES}, {@code set_config(...)} and an update of
 * {@code pg_settings}. Names are compared as PostgreSQL looks settings up: case-insensitively, quoted,
 * {@code U&}-escaped. Setting the pinned value again (pg_dump scripts do) and {@code RESET} (back to the
 * startup value, which is the pinned one) pass. What cannot be read with certainty is refused: a value
 * or a {@code set_config} name that is not a plain literal. Statements that name none of the words
 * involved are not lexed at all.
 */
final class SettingChanges {

    /** Every way to name the settings or the functions contains one of these (U&amp; covers escaped names). */
    private static final String[] HINTS = {"client_encoding", "standard_conforming_strings", "names", "set_config",
            "pg_settings", "u&"};

    private static final Refusal UNREADABLE_SET_CONFIG = new Refusal(SqlState.FEATURE_NOT_SUPPORTED, "Gatehouse cannot tell which setting "
            + "this set_config call changes: name the setting with a plain string literal, e.g. "
            + "set_config('search_path', ...)");
    private static final Refusal PG_SETTINGS = new Refusal(SqlState.FEATURE_NOT_SUPPORTED, "Gatehouse does not let statements change "
            + "settings through pg_settings (it could change a pinned setting unseen): use SET");

    private SettingChanges() {
    }

    /** The refusal of the first change of a pinned setting in {@code sql}, or null. */
    static Refusal refusal(String sql) {
        if (!mentionsAny(sql)) {
            return null;
        }
        List<Token> tokens = PgLexer.tokenize(sql, true).tokens();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            Refusal refusal = null;
            if (token.isWord("set")) {
                refusal = set(tokens, i + 1, sql);
            } else if (isName(token, "set_config") && isPunctuation(tokens, i + 1, "(")) {
                refusal = setConfig(tokens, i + 2, sql);
            } else if (isName(token, "pg_settings") && updated(tokens, i)) {
                refusal = PG_SETTINGS;
            }
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    /** {@code SET [SESSION | LOCAL] name {TO | =} value} and {@code SET NAMES [value]}, from after SET. */
    private static Refusal set(List<Token> tokens, int at, String sql) {
        int i = at;
        if (i < tokens.size() && (tokens.get(i).isWord("session") || tokens.get(i).isWord("local"))) {
            i++;
        }
        if (i >= tokens.size() || !tokens.get(i).isIdentifier()) {
            return null;
        }
        if (tokens.get(i).isWord("names")) {
            // SET NAMES takes a string, DEFAULT or nothing; "names =" is a column of an UPDATE
            Token value = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            return value == null || value.type() != Token.Type.STRING
                    ? null : checkedValue(PinnedSettings.CLIENT_ENCODING, tokens, i + 1, sql);
        }
        String setting = PinnedSettings.pinned(tokens.get(i).value());
        if (setting == null || isPunctuation(tokens, i + 1, ".")) {
            return null; // another setting, or a dotted (custom) name
        }
        Token assign = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        boolean assigns = assign != null && (assign.isWord("to") || assign.type() == Token.Type.OPERATOR
                && assign.value().equals("="));
        if (!assigns) {
            return PinnedSettings.changeRefused(setting); // FROM CURRENT, or nothing PostgreSQL would accept
        }
        if (i + 2 < tokens.size() && tokens.get(i + 2).isWord("default") && ends(tokens, i + 3)) {
            return null;
        }
        return checkedValue(setting, tokens, i + 2, sql);
    }

    /** A single readable value that keeps the pinned one, followed by nothing else of the list. */
    private static Refusal checkedValue(String setting, List<Token> tokens, int at, String sql) {
        String value = at < tokens.size() ? literal(tokens.get(at), sql) : null;
        if (value == null || isPunctuation(tokens, at + 1, ",") || !PinnedSettings.keepsPinnedValue(setting, value)) {
            return PinnedSettings.changeRefused(setting);
        }
        return null;
    }

    /** {@code set_config(name, value, is_local)}, from after the parenthesis. */
    private static Refusal setConfig(List<Token> tokens, int at, String sql) {
        String name = at < tokens.size() ? plainString(tokens.get(at), sql) : null;
        if (name == null || !isPunctuation(tokens, at + 1, ",")) {
            return UNREADABLE_SET_CONFIG;
        }
        String setting = PinnedSettings.pinned(name);
        if (setting == null) {
            return null;
        }
        String value = at + 2 < tokens.size() ? plainString(tokens.get(at + 2), sql) : null;
        return value == null || !isPunctuation(tokens, at + 3, ",") || !PinnedSettings.keepsPinnedValue(setting, value)
                ? PinnedSettings.changeRefused(setting) : null;
    }

    /** {@code UPDATE [ONLY] [pg_catalog.]pg_settings}, also {@code INSERT}/{@code MERGE INTO}. */
    private static boolean updated(List<Token> tokens, int at) {
        int i = at - 1;
        if (isPunctuation(tokens, i, ".") && i > 0 && tokens.get(i - 1).isIdentifier()) {
            i -= 2;
        }
        if (i >= 0 && tokens.get(i).isWord("only")) {
            i--;
        }
        return i >= 0 && (tokens.get(i).isWord("update") || tokens.get(i).isWord("into"));
    }

    /** A SET value as PostgreSQL reads it: a word, a quoted name, a plain string or a number; else null. */
    private static String literal(Token token, String sql) {
        return switch (token.type()) {
            case WORD, QUOTED_IDENTIFIER -> token.value();
            case NUMBER -> sql.substring(token.start(), token.end());
            case STRING -> plainString(token, sql);
            default -> null;
        };
    }

    /**
     * The content of a plain {@code '...'} string (standard_conforming_strings is pinned on: a backslash is
     * itself); null for any other form (E'', U&amp;'', $$, continued across lines), which is not read.
     */
    static String plainString(Token token, String sql) {
        if (token.type() != Token.Type.STRING || sql.charAt(token.start()) != '\'') {
            return null;
        }
        StringBuilder content = new StringBuilder(token.end() - token.start());
        for (int i = token.start() + 1; i < token.end() - 1; i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                if (sql.charAt(i + 1) != '\'' || i + 1 == token.end() - 1) {
                    return null; // a continuation: two strings PostgreSQL joins
                }
                i++;
            }
            content.append(c);
        }
        return content.toString();
    }

    private static boolean isName(Token token, String name) {
        return token.isIdentifier() && token.value().equalsIgnoreCase(name);
    }

    private static boolean isPunctuation(List<Token> tokens, int at, String punctuation) {
        return at >= 0 && at < tokens.size() && tokens.get(at).isPunctuation(punctuation);
    }

    private static boolean ends(List<Token> tokens, int at) {
        return at >= tokens.size() || tokens.get(at).isPunctuation(";");
    }

    /** PostgreSQL folds only ASCII letters in setting names, so neither may this cheap pre-check. */
    private static boolean mentionsAny(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = (char) (sql.charAt(i) | 0x20);
            if (c == 'c' || c == 's' || c == 'n' || c == 'p' || c == 'u') {
                for (String hint : HINTS) {
                    if (sql.regionMatches(true, i, hint, 0, hint.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
