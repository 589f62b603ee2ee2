package dev.gatehouse.policy.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads shell text the way bash tokenizes it, as far as deciding what runs needs: quoting, escapes,
 * lists and pipelines, subshells and groups, command and process substitution, parameter expansion
 * and redirections. Everything else that could run a command unseen (a here-document, {@code $'…'}, a
 * function definition, {@code case}, arithmetic commands) makes it give up: fail closed. Substitutions
 * are read recursively, each level one step deeper; too deep or too many commands also gives up.
 */
final class ShellReader {

    static final int MAX_DEPTH = 8;
    static final int MAX_COMMANDS = 256;
    static final int MAX_LENGTH = 64 * 1024;

    private final String s;
    private final int depth;
    private final List<ShellCommand> out;
    private int pos;

    private ShellReader(String s, int depth, List<ShellCommand> out) {
        this.s = s;
        this.depth = depth;
        this.out = out;
    }

    /** Appends what {@code text} runs to {@code out}; throws {@link ShellUnreadable} when it cannot tell. */
    static void read(String text, int depth, List<ShellCommand> out) {
        if (depth > MAX_DEPTH) {
            throw new ShellUnreadable("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ShellUnreadable("longer than " + MAX_LENGTH + " characters");
        }
        new ShellReader(text, depth, out).list(false);
    }

    /** Commands up to the end of the text, or, nested, up to the {@code )} that closes the level. */
    private void list(boolean nested) {
        SimpleCommand current = new SimpleCommand();
        while (true) {
            skipBlanks();
            if (pos >= s.length()) {
                if (nested) {
                    throw new ShellUnreadable("unbalanced '('");
                }
                finish(current);
                return;
            }
            char c = s.charAt(pos);
            switch (c) {
                case '\n', ';' -> {
                    if (c == ';' && at(pos + 1, ';')) {
                        throw new ShellUnreadable("';;' (case) is not supported");
                    }
                    pos++;
                    current = finish(current);
                }
                case '&' -> {
                    if (at(pos + 1, '>')) {
                        pos++;
                        redirect(current);
                    } else {
                        pos += at(pos + 1, '&') ? 2 : 1;
                        current = finish(current);
                    }
                }
                case '|' -> {
                    pos += at(pos + 1, '|') || at(pos + 1, '&') ? 2 : 1;
                    current = finish(current);
                }
                case '(' -> {
                    if (!current.words.isEmpty()) {
                        throw new ShellUnreadable("'(' after a command word (a function definition?)");
                    }
                    if (at(pos + 1, '(')) {
                        throw new ShellUnreadable("arithmetic commands '((…))' are not supported");
                    }
                    pos++;
                    current = finish(current);
                    list(true);
                }
                case ')' -> {
                    if (!nested) {
                        throw new ShellUnreadable("unbalanced ')'");
                    }
                    pos++;
                    finish(current);
                    return;
                }
                case '#' -> skipComment();
                case '<', '>' -> redirect(current);
                default -> {
                    Word word = word();
                    if (word.fileDescriptor() && (at(pos, '<') || at(pos, '>'))) {
                        redirect(current);
                    } else {
                        current.words.add(word);
                    }
                }
            }
        }
    }

    private SimpleCommand finish(SimpleCommand command) {
        command.emit(depth, out);
        if (out.size() > MAX_COMMANDS) {
            throw new ShellUnreadable("more than " + MAX_COMMANDS + " commands");
        }
        return new SimpleCommand();
    }

    /** At {@code <} or {@code >} (after an {@code &} or a file descriptor number). */
    private void redirect(SimpleCommand current) {
        char c = s.charAt(pos);
        if (at(pos + 1, '(')) {
            Word word = new Word();
            int start = pos;
            pos += 2;
            nested();
            word.expansion(s.substring(start, pos));
            current.words.add(word);
            return;
        }
        String op;
        if (c == '<' && s.startsWith("<<<", pos)) {
            pos += 3;
            target();
            return; // a here-string is input text, not a file
        } else if (c == '<' && at(pos + 1, '<')) {
            throw new ShellUnreadable("here-documents are not supported");
        } else if (at(pos + 1, '&')) {
            pos += 2;
            Word target = target();
            if (target.fileDescriptor() || "-".equals(target.plain())) {
                return; // a descriptor duplicated or closed: no file
            }
            current.redirects.add(new ShellCommand(c == '>' ? ">" : "<", c == '>' ? ">" : "<",
                    List.of(target.text.toString())));
            return;
        } else if (c == '<' && at(pos + 1, '>')) {
            pos += 2;
            op = "<>";
        } else if (c == '>' && (at(pos + 1, '>') || at(pos + 1, '|'))) {
            pos += 2;
            op = ">";
        } else {
            pos++;
            op = String.valueOf(c);
        }
        current.redirects.add(new ShellCommand(op, op, List.of(target().text.toString())));
    }

    private Word target() {
        skipBlanks();
        if (pos >= s.length() || "\n;&|()<>".indexOf(s.charAt(pos)) >= 0) {
            throw new ShellUnreadable("a redirection without a target");
        }
        return word();
    }

    private Word word() {
        Word word = new Word();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || "\n;&|()<>".indexOf(c) >= 0) {
                break;
            }
            switch (c) {
                case '\'' -> {
                    int end = s.indexOf('\'', pos + 1);
                    if (end < 0) {
                        throw new ShellUnreadable("unterminated single quote");
                    }
                    word.quotedText(s.substring(pos + 1, end));
                    pos = end + 1;
                }
                case '"' -> doubleQuoted(word);
                case '\\' -> {
                    if (pos + 1 >= s.length()) {
                        throw new ShellUnreadable("a backslash at the end");
                    }
                    if (s.charAt(pos + 1) != '\n') {
                        word.quotedText(String.valueOf(s.charAt(pos + 1)));
                    }
                    pos += 2;
                }
                case '$' -> dollar(word);
                case '`' -> backquoted(word);
                default -> {
                    word.literal(c);
                    pos++;
                }
            }
        }
        return word;
    }

    private void doubleQuoted(Word word) {
        pos++;
        StringBuilder part = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                word.quotedText(part);
                return;
            }
            if (c == '\\' && pos + 1 < s.length() && "$`\"\\\n".indexOf(s.charAt(pos + 1)) >= 0) {
                if (s.charAt(pos + 1) != '\n') {
                    part.append(s.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '$' || c == '`') {
                word.quotedText(part);
                part.setLength(0);
                if (c == '$') {
                    dollar(word);
                } else {
                    backquoted(word);
                }
            } else {
                part.append(c);
                pos++;
            }
        }
        throw new ShellUnreadable("unterminated double quote");
    }

    private void dollar(Word word) {
        int start = pos;
        char next = pos + 1 < s.length() ? s.charAt(pos + 1) : ' ';
        if (next == '(' && at(pos + 2, '(')) {
            pos = Expansions.arithmeticEnd(s, pos + 3);
        } else if (next == '(') {
            pos += 2;
            nested();
        } else if (next == '{') {
            pos = Expansions.braceEnd(s, pos + 2);
        } else if (next == '\'') {
            throw new ShellUnreadable("ANSI-C quoting $'…' is not supported");
        } else if (next == '"') {
            pos++; // $"…" is a translated string: read as "…"
            return;
        } else if (Character.isLetter(next) || next == '_') {
            pos += 2;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
        } else if (Character.isDigit(next) || "@*#?$!-".indexOf(next) >= 0) {
            pos += 2;
        } else {
            word.literal('$');
            pos++;
            return;
        }
        word.expansion(s.substring(start, pos));
    }

    /** A nested level ({@code $(…)}, {@code <(…)}) read by a reader of its own, up to its {@code )}. */
    private void nested() {
        if (depth + 1 > MAX_DEPTH) {
            throw new ShellUnreadable("nested deeper than " + MAX_DEPTH + " levels");
        }
        ShellReader inner = new ShellReader(s, depth + 1, out);
        inner.pos = pos;
        inner.list(true);
        pos = inner.pos;
    }

    private void backquoted(Word word) {
        int start = pos;
        StringBuilder inner = new StringBuilder();
        pos++;
        while (pos < s.length() && s.charAt(pos) != '`') {
            char c = s.charAt(pos);
            if (c == '\\' && pos + 1 < s.length() && "`\\$".indexOf(s.charAt(pos + 1)) >= 0) {
                inner.append(s.charAt(pos + 1));
                pos += 2;
            } else {
                inner.append(c);
                pos++;
            }
        }
        if (pos >= s.length()) {
            throw new ShellUnreadable("unterminated backquote");
        }
        pos++;
        read(inner.toString(), depth + 1, out);
        word.expansion(s.substring(start, pos));
    }

    private void skipBlanks() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && at(pos + 1, '\n')) {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
        }
    }

    private boolean at(int index, char c) {
        return index < s.length() && s.charAt(index) == c;
    }

    /** The words and file redirections of one simple command as read so far. */
    static final class SimpleCommand {

        final List<Word> words = new ArrayList<>();
        final List<ShellCommand> redirects = new ArrayList<>();

        void emit(int depth, List<ShellCommand> out) {
            CommandWords.emit(words, depth, out);
            out.addAll(redirects);
        }
    }
}
