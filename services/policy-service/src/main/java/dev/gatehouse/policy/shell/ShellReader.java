package dev.gatehouse.policy.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads shell text the way bash tokenizes it, as far as deciding what runs needs: lists and pipelines,
 * subshells and groups, redirections, and (through {@link WordLexer}) quoting, escapes, command and
 * process substitution and parameter expansion. Everything else that could run a command unseen (a
 * here-document, {@code $'…'}, a function definition, {@code case}, arithmetic commands) makes it give
 * up: fail closed. Substitutions are read recursively, each level one step deeper; too deep or too many
 * commands also gives up.
 */
final class ShellReader {

    static final int MAX_DEPTH = 8;
    static final int MAX_COMMANDS = 256;
    static final int MAX_LENGTH = 64 * 1024;

    private final Cursor c;
    private final int depth;
    private final List<ShellCommand> out;
    private final WordLexer words;
    private SimpleCommand current = new SimpleCommand();

    private ShellReader(Cursor cursor, int depth, List<ShellCommand> out) {
        this.c = cursor;
        this.depth = depth;
        this.out = out;
        this.words = new WordLexer(cursor, depth, out);
    }

    /** Appends what {@code text} runs to {@code out}; throws {@link ShellUnreadable} when it cannot tell. */
    static void read(String text, int depth, List<ShellCommand> out) {
        checkDepth(depth);
        if (text.length() > MAX_LENGTH) {
            throw new ShellUnreadable("longer than " + MAX_LENGTH + " characters");
        }
        new ShellReader(new Cursor(text, 0), depth, out).list(false);
    }

    /** Reads a nested level at the cursor up to the {@code )} that closes it, leaving the cursor after it. */
    static void nested(Cursor cursor, int depth, List<ShellCommand> out) {
        checkDepth(depth);
        new ShellReader(cursor, depth, out).list(true);
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new ShellUnreadable("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Commands up to the end of the text, or, nested, up to the {@code )} that closes the level. */
    private void list(boolean nested) {
        while (true) {
            c.skipBlanks();
            if (c.atEnd()) {
                if (nested) {
                    throw new ShellUnreadable("unbalanced '('");
                }
                finish();
                return;
            }
            char ch = c.current();
            if (ch == ')') {
                if (!nested) {
                    throw new ShellUnreadable("unbalanced ')'");
                }
                c.pos++;
                finish();
                return;
            }
            step(ch);
        }
    }

    private void step(char ch) {
        switch (ch) {
            case '\n', ';' -> {
                if (ch == ';' && c.at(c.pos + 1, ';')) {
                    throw new ShellUnreadable("';;' (case) is not supported");
                }
                c.pos++;
                finish();
            }
            case '&' -> {
                if (c.at(c.pos + 1, '>')) {
                    c.pos++;
                    redirect();
                } else {
                    c.pos += c.at(c.pos + 1, '&') ? 2 : 1;
                    finish();
                }
            }
            case '|' -> {
                c.pos += c.at(c.pos + 1, '|') || c.at(c.pos + 1, '&') ? 2 : 1;
                finish();
            }
            case '(' -> subshell();
            case '#' -> c.skipComment();
            case '<', '>' -> redirect();
            default -> {
                Word word = words.word();
                if (word.fileDescriptor() && (c.at(c.pos, '<') || c.at(c.pos, '>'))) {
                    redirect();
                } else {
                    current.words.add(word);
                }
            }
        }
    }

    private void subshell() {
        if (!current.words.isEmpty()) {
            throw new ShellUnreadable("'(' after a command word (a function definition?)");
        }
        if (c.at(c.pos + 1, '(')) {
            throw new ShellUnreadable("arithmetic commands '((…))' are not supported");
        }
        c.pos++;
        finish();
        nested(c, depth + 1, out); // a subshell counts as a level: nesting stays bounded (no stack overflow)
    }

    private void finish() {
        current.emit(depth, out);
        if (out.size() > MAX_COMMANDS) {
            throw new ShellUnreadable("more than " + MAX_COMMANDS + " commands");
        }
        current = new SimpleCommand();
    }

    /** At {@code <} or {@code >} (after an {@code &} or a file descriptor number). */
    private void redirect() {
        char ch = c.current();
        if (c.at(c.pos + 1, '(')) {
            current.words.add(words.processSubstitution());
            return;
        }
        if (ch == '<' && c.s.startsWith("<<<", c.pos)) {
            c.pos += 3;
            target();
            return; // a here-string is input text, not a file
        }
        if (ch == '<' && c.at(c.pos + 1, '<')) {
            throw new ShellUnreadable("here-documents are not supported");
        }
        if (c.at(c.pos + 1, '&')) {
            c.pos += 2;
            Word target = target();
            if (!target.fileDescriptor() && !"-".equals(target.plain())) {
                file(ch == '>' ? ">" : "<", target); // a descriptor duplicated or closed is no file
            }
            return;
        }
        String op = ch == '<' && c.at(c.pos + 1, '>') ? "<>"
                : ch == '>' && (c.at(c.pos + 1, '>') || c.at(c.pos + 1, '|')) ? ">>" : String.valueOf(ch);
        c.pos += op.length();
        file(op.equals(">>") ? ">" : op, target());
    }

    private void file(String op, Word target) {
        current.redirects.add(new ShellCommand(op, op, List.of(target.text.toString())));
    }

    private Word target() {
        c.skipBlanks();
        if (c.atEnd() || "\n;&|()<>".indexOf(c.current()) >= 0) {
            throw new ShellUnreadable("a redirection without a target");
        }
        return words.word();
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
