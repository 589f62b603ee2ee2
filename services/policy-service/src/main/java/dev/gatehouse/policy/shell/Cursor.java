package dev.gatehouse.policy.shell;

/** A position in shell text, shared by the reader of one nesting level and the word lexer it uses. */
final class Cursor {

    final String s;
    int pos;

    Cursor(String s, int pos) {
        this.s = s;
        this.pos = pos;
    }

    boolean atEnd() {
        return pos >= s.length();
    }

    char current() {
        return s.charAt(pos);
    }

    boolean at(int index, char c) {
        return index < s.length() && s.charAt(index) == c;
    }

    /** Blanks and line continuations ({@code \}newline), not newlines: those separate commands. */
    void skipBlanks() {
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

    void skipComment() {
        while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
        }
    }

    /** A character that ends a word: a blank or an operator character. */
    static boolean endsWord(char c) {
        return c == ' ' || c == '\t' || "\n;&|()<>".indexOf(c) >= 0;
    }
}
