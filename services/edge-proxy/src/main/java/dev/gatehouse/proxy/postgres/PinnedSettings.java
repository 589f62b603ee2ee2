package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.SqlState;

import java.util.Locale;
import java.util.Map;

/**
 * The two session settings that change how PostgreSQL lexes a statement's bytes, pinned for every
 * session so that the text Gatehouse decides is the text the server parses. {@code client_encoding}:
 * in SJIS, BIG5, GBK, GB18030, UHC or JOHAB the second byte of a character can be {@code 0x5C}, so a
 * backslash the proxy reads (as UTF-8) is part of a character for the server, and a string ends
 * elsewhere. {@code standard_conforming_strings}: when off, a backslash in a plain {@code '...'} string
 * escapes the quote. Both are sent in the upstream StartupMessage, where they outrank role and database
 * defaults and are what {@code RESET} returns to. {@code backslash_quote} is not pinned: all it can do
 * is make the server refuse a {@code \'} the proxy read as an escaped quote, and a lexical error fails
 * the whole message before anything in it runs.
 */
final class PinnedSettings {

    /** The rule id Gatehouse's own refusals and session ends carry in the audit trail. */
    static final String RULE = "gatehouse-pinned-settings";
    static final String CLIENT_ENCODING = "client_encoding";
    static final String CONFORMING_STRINGS = "standard_conforming_strings";

    /** What every upstream StartupMessage carries, after the client's forwarded parameters. */
    static final Map<String, String> UPSTREAM = Map.of(CLIENT_ENCODING, "UTF8", CONFORMING_STRINGS, "on");

    private PinnedSettings() {
    }

    /** The pinned setting {@code name} denotes (GUC names are case-insensitive), or null. */
    static String pinned(String name) {
        if (name.equalsIgnoreCase(CLIENT_ENCODING)) {
            return CLIENT_ENCODING;
        }
        return name.equalsIgnoreCase(CONFORMING_STRINGS) ? CONFORMING_STRINGS : null;
    }

    /** Whether setting pinned {@code setting} to {@code value} leaves it as pinned (a no-op such as pg_dump's). */
    static boolean keepsPinnedValue(String setting, String value) {
        if (setting.equals(CLIENT_ENCODING)) {
            String name = encodingName(value);
            return name.equals("utf8") || name.equals("unicode");
        }
        return switch (value.toLowerCase(Locale.ROOT)) { // PostgreSQL's parse_bool: true, its prefixes, yes, on, 1
            case "t", "tr", "tru", "true", "y", "ye", "yes", "on", "1" -> true;
            default -> false;
        };
    }

    /**
     * Why a client's startup parameters cannot open a session, or null. A client may ask for UTF8 or
     * SQL_ASCII (what libpq's {@code auto} becomes under the C locale: ASCII only, which UTF-8 covers);
     * any other encoding, or a pinned setting changed in {@code options}, is refused rather than ignored.
     */
    static String startupRefusal(Map<String, String> startup) {
        for (Map.Entry<String, String> parameter : startup.entrySet()) {
            String setting = pinned(parameter.getKey());
            if (setting != null && !startupValueAccepted(setting, parameter.getValue())) {
                return refusedAtStartup(setting, parameter.getValue(), "");
            }
            if (parameter.getKey().equals("options")) {
                String refusal = optionsRefusal(parameter.getValue());
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        return null;
    }

    private static boolean startupValueAccepted(String setting, String value) {
        return keepsPinnedValue(setting, value) || setting.equals(CLIENT_ENCODING) && encodingName(value).equals("sqlascii");
    }

    /**
     * {@code options} never reaches the database, but a pinned setting in it is refused loudly. Arguments
     * are split as PostgreSQL does (whitespace, backslash escapes); any argument naming a pinned setting
     * ({@code -c name=value}, {@code --name=value}, dashes or underscores) must keep the pinned value.
     */
    private static String optionsRefusal(String options) {
        for (String argument : arguments(options)) {
            String normalized = optionName(argument);
            for (String setting : UPSTREAM.keySet()) {
                int at = normalized.indexOf(setting);
                if (at < 0) {
                    continue;
                }
                int equals = argument.indexOf('=', at);
                String value = equals < 0 ? "" : argument.substring(equals + 1);
                if (equals < 0 || !startupValueAccepted(setting, value)) {
                    return refusedAtStartup(setting, value, " in options (PGOPTIONS)");
                }
            }
        }
        return null;
    }

    /** ASCII lower case and dashes as underscores, as PostgreSQL reads {@code --name}; same length as the argument. */
    private static String optionName(String argument) {
        char[] chars = argument.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = chars[i] == '-' ? '_' : chars[i] >= 'A' && chars[i] <= 'Z' ? (char) (chars[i] + 32) : chars[i];
        }
        return new String(chars);
    }

    private static java.util.List<String> arguments(String options) {
        java.util.List<String> arguments = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean escaped = false;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (!escaped && Character.isWhitespace(c)) {
                if (!current.isEmpty()) {
                    arguments.add(current.toString());
                    current.setLength(0);
                }
            } else if (!escaped && c == '\\') {
                escaped = true;
            } else {
                escaped = false;
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            arguments.add(current.toString());
        }
        return arguments;
    }

    private static String refusedAtStartup(String setting, String value, String where) {
        return setting.equals(CLIENT_ENCODING)
                ? "Gatehouse accepts UTF-8 clients only: client_encoding \"" + value + "\"" + where + " is not supported "
                        + "(in another encoding the statement Gatehouse checks is not the one PostgreSQL runs); "
                        + "set PGCLIENTENCODING=UTF8 or client_encoding=UTF8 in the connection string"
                : "Gatehouse pins standard_conforming_strings to on: \"" + value + "\"" + where + " is not supported; "
                        + "remove the setting and write backslash escapes as E'...' strings";
    }

    /** Why the database's report of {@code name} = {@code value} ends the session, or null when it is as pinned. */
    static String reportedChange(String name, String value) {
        String setting = pinned(name);
        if (setting == null || value.equals(UPSTREAM.get(setting))) {
            return null;
        }
        return "Gatehouse ended the session: the database reports " + setting + " = \"" + value + "\", but the "
                + "listener pins it to " + UPSTREAM.get(setting) + " (statements could no longer be checked as the "
                + "server reads them)";
    }

    /** The refusal of a statement that would change a pinned setting. */
    static Refusal changeRefused(String setting) {
        return new Refusal(SqlState.FEATURE_NOT_SUPPORTED, setting.equals(CLIENT_ENCODING)
                ? "Gatehouse pins client_encoding to UTF8 for the whole session: it cannot be changed (the listener "
                        + "speaks UTF-8 only; use a UTF-8 client)"
                : "Gatehouse pins standard_conforming_strings to on for the whole session: it cannot be changed "
                        + "(write backslash escapes as E'...' strings)");
    }

    /** PostgreSQL's clean_encoding_name: letters and digits, lower-cased. */
    private static String encodingName(String value) {
        StringBuilder name = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80 && Character.isLetterOrDigit(c)) {
                name.append(Character.toLowerCase(c));
            }
        }
        return name.toString();
    }
}
