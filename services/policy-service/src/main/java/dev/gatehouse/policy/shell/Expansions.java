package dev.gatehouse.policy.shell;

/**
 * The ends of the expansions whose insides the reader does not read as commands: {@code ${…}} and
 * {@code $((…))}. One holding a command substitution is refused, since its commands would run unseen.
 */
final class Expansions {

    private Expansions() {
    }

    /** The index after the {@code }} closing a {@code ${} whose content starts at {@code from}. */
    static int braceEnd(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`' || c == '$' && i + 1 < s.length() && (s.charAt(i + 1) == '(' || s.charAt(i + 1) == '{')) {
                throw new ShellUnreadable("a substitution inside ${…} is not supported");
            }
            if (c == '\\' || c == '\'' || c == '"') {
                throw new ShellUnreadable("quoting inside ${…} is not supported");
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        throw new ShellUnreadable("unterminated ${");
    }

    /** The index after the {@code ))} closing a {@code $((} whose content starts at {@code from}. */
    static int arithmeticEnd(String s, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`' || c == '$' && i + 1 < s.length() && (s.charAt(i + 1) == '(' || s.charAt(i + 1) == '{')) {
                throw new ShellUnreadable("a substitution inside $((…)) is not supported");
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    if (i + 1 < s.length() && s.charAt(i + 1) == ')') {
                        return i + 2;
                    }
                    throw new ShellUnreadable("unbalanced $((…))");
                }
                depth--;
            }
        }
        throw new ShellUnreadable("unterminated $((");
    }
}
