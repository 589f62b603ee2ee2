package dev.gatehouse.policy.shell;

import java.util.List;

/**
 * Reads one shell word at the cursor: quoting and escapes removed, expansions kept as written, and the
 * commands of every command substitution inside it ({@code $(…)}, backticks, also within double quotes)
 * read as a nested level, one step deeper, into the same list of commands.
 */
final class WordLexer {

    private final Cursor c;
    private final int depth;
    private final List<ShellCommand> out;

    WordLexer(Cursor cursor, int depth, List<ShellCommand> out) {
        this.c = cursor;
        this.depth = depth;
        this.out = out;
    }

    Word word() {
        Word word = new Word();
        while (!c.atEnd() && !Cursor.endsWord(c.current())) {
            switch (c.current()) {
                case '\'' -> singleQuoted(word);
                case '"' -> doubleQuoted(word);
                case '\\' -> escaped(word);
                case '$' -> dollar(word);
                case '`' -> backquoted(word);
                default -> {
                    word.literal(c.current());
                    c.pos++;
                }
            }
        }
        return word;
    }

    /** {@code <(…)} or {@code >(…)} at the cursor: a word whose commands are read as a nested level. */
    Word processSubstitution() {
        Word word = new Word();
        int start = c.pos;
        c.pos += 2;
        nested();
        word.expansion(c.s.substring(start, c.pos));
        return word;
    }

    private void singleQuoted(Word word) {
        int end = c.s.indexOf('\'', c.pos + 1);
        if (end < 0) {
            throw new ShellUnreadable("unterminated single quote");
        }
        word.quotedText(c.s.substring(c.pos + 1, end));
        c.pos = end + 1;
    }

    private void escaped(Word word) {
        if (c.pos + 1 >= c.s.length()) {
            throw new ShellUnreadable("a backslash at the end");
        }
        if (c.s.charAt(c.pos + 1) != '\n') {
            word.quotedText(String.valueOf(c.s.charAt(c.pos + 1)));
        }
        c.pos += 2;
    }

    private void doubleQuoted(Word word) {
        c.pos++;
        StringBuilder part = new StringBuilder();
        while (!c.atEnd()) {
            char ch = c.current();
            if (ch == '"') {
                c.pos++;
                word.quotedText(part);
                return;
            }
            if (ch == '\\' && c.pos + 1 < c.s.length() && "$`\"\\\n".indexOf(c.s.charAt(c.pos + 1)) >= 0) {
                if (c.s.charAt(c.pos + 1) != '\n') {
                    part.append(c.s.charAt(c.pos + 1));
                }
                c.pos += 2;
            } else if (ch == '$' || ch == '`') {
                word.quotedText(part);
                part.setLength(0);
                if (ch == '$') {
                    dollar(word);
                } else {
                    backquoted(word);
                }
            } else {
                part.append(ch);
                c.pos++;
            }
        }
        throw new ShellUnreadable("unterminated double quote");
    }

    private void dollar(Word word) {
        int start = c.pos;
        char next = c.pos + 1 < c.s.length() ? c.s.charAt(c.pos + 1) : ' ';
        if (next == '(' && c.at(c.pos + 2, '(')) {
            c.pos = Expansions.arithmeticEnd(c.s, c.pos + 3);
        } else if (next == '(') {
            c.pos += 2;
            nested();
        } else if (next == '{') {
            c.pos = Expansions.braceEnd(c.s, c.pos + 2);
        } else if (next == '\'') {
            throw new ShellUnreadable("ANSI-C quoting $'…' is not supported");
        } else if (next == '"') {
            c.pos++; // $"…" is a translated string: read as "…"
            return;
        } else if (Character.isLetter(next) || next == '_') {
            c.pos += 2;
            while (!c.atEnd() && (Character.isLetterOrDigit(c.current()) || c.current() == '_')) {
                c.pos++;
            }
        } else if (Character.isDigit(next) || "@*#?$!-".indexOf(next) >= 0) {
            c.pos += 2;
        } else {
            word.literal('$');
            c.pos++;
            return;
        }
        word.expansion(c.s.substring(start, c.pos));
    }

    private void backquoted(Word word) {
        int start = c.pos;
        StringBuilder inner = new StringBuilder();
        c.pos++;
        while (!c.atEnd() && c.current() != '`') {
            char ch = c.current();
            if (ch == '\\' && c.pos + 1 < c.s.length() && "`\\$".indexOf(c.s.charAt(c.pos + 1)) >= 0) {
                inner.append(c.s.charAt(c.pos + 1));
                c.pos += 2;
            } else {
                inner.append(ch);
                c.pos++;
            }
        }
        if (c.atEnd()) {
            throw new ShellUnreadable("unterminated backquote");
        }
        c.pos++;
        ShellReader.read(inner.toString(), depth + 1, out);
        word.expansion(c.s.substring(start, c.pos));
    }

    /** A nested level ({@code $(…)}, {@code <(…)}) read up to its {@code )}, one step deeper. */
    private void nested() {
        ShellReader.nested(c, depth + 1, out);
    }
}
