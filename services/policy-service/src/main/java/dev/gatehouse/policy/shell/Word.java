package dev.gatehouse.policy.shell;

/**
 * A shell word as the reader assembles it: its text after quote removal, and what makes it unfit to
 * name a program (an expansion, an unquoted glob or brace, any quoting), and where an assignment's
 * {@code =} is when the word is {@code NAME=value}.
 */
final class Word {

    final StringBuilder text = new StringBuilder();
    boolean quoted;
    boolean expanded;
    boolean globbed;
    boolean braced;
    int assignment = -1;
    private boolean identifier = true;

    void literal(char c) {
        if (c == '=' && identifier && assignment < 0 && !text.isEmpty()) {
            assignment = text.length();
        } else if (assignment < 0 && !(Character.isLetterOrDigit(c) && c < 128 || c == '_')
                || assignment < 0 && text.isEmpty() && Character.isDigit(c)) {
            identifier = false;
        }
        switch (c) {
            case '*', '?', '[' -> globbed = true;
            case '{', '}' -> braced = true;
            default -> {
            }
        }
        text.append(c);
    }

    void quotedText(CharSequence part) {
        quoted = true;
        if (assignment < 0) {
            identifier = false;
        }
        text.append(part);
    }

    void expansion(CharSequence part) {
        expanded = true;
        if (assignment < 0) {
            identifier = false;
        }
        text.append(part);
    }

    /** The text when it is a plain unquoted word (a reserved word can only be one). */
    String plain() {
        return quoted || expanded ? null : text.toString();
    }

    String assignedName() {
        return assignment < 0 ? null : text.substring(0, assignment);
    }

    boolean fileDescriptor() {
        return !quoted && !expanded && !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }
}
