package dev.gatehouse.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns one simple command's words into the command it runs: reserved words that only introduce a
 * command ({@code if}, {@code then}, {@code do}, {@code !}, …) are dropped, leading {@code NAME=value}
 * assignments are dropped too unless they change how a program is found or loaded ({@code PATH},
 * {@code LD_PRELOAD}, …), and the program must be a literal word: an expansion, glob or brace in its
 * name means the parser cannot know what runs.
 */
final class CommandWords {

    private static final Set<String> INTRODUCERS = Set.of("if", "then", "else", "elif", "fi", "do", "done",
            "while", "until", "!", "{", "}");
    private static final Set<String> UNSUPPORTED = Set.of("case", "esac", "select", "function", "coproc", "((");
    private static final Set<String> LOADER_VARIABLES = Set.of("PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT",
            "BASH_ENV", "ENV", "IFS", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "GLOBIGNORE", "CDPATH");

    private CommandWords() {
    }

    static void emit(List<Word> words, int depth, List<ShellCommand> out) {
        int i = 0;
        while (i < words.size()) {
            String plain = words.get(i).plain();
            if (plain == null) {
                break;
            }
            if (UNSUPPORTED.contains(plain)) {
                throw new ShellUnreadable("'" + plain + "' is not supported");
            }
            if (plain.equals("for")) {
                return; // "for x in words": the words' substitutions were read already; the body follows after "do"
            }
            if (!INTRODUCERS.contains(plain)) {
                break;
            }
            i++;
        }
        while (i < words.size() && words.get(i).assignment >= 0) {
            checkAssignment(words.get(i).assignedName());
            i++;
        }
        if (i == words.size()) {
            return;
        }
        Word program = words.get(i);
        if (program.expanded || program.globbed || program.braced) {
            throw new ShellUnreadable("the program name '" + program.text + "' is not a literal word");
        }
        List<String> args = new ArrayList<>(words.size() - i - 1);
        for (int j = i + 1; j < words.size(); j++) {
            args.add(words.get(j).text.toString());
        }
        Wrappers.run(command(program.text.toString(), args), depth, out);
    }

    /** A command from a program name and its arguments; the name must say which program runs. */
    static ShellCommand command(String path, List<String> args) {
        if (path.isEmpty() || path.endsWith("/")) {
            throw new ShellUnreadable("an empty program name");
        }
        for (int i = 0; i < path.length(); i++) {
            if ("$`*?[{}\n\t ".indexOf(path.charAt(i)) >= 0 || Character.isISOControl(path.charAt(i))) {
                throw new ShellUnreadable("the program name '" + path + "' is not a literal word");
            }
        }
        return new ShellCommand(path.substring(path.lastIndexOf('/') + 1), path, args);
    }

    static void checkAssignment(String name) {
        if (name != null && (LOADER_VARIABLES.contains(name) || name.startsWith("BASH_FUNC_"))) {
            throw new ShellUnreadable("setting " + name + " changes which program runs");
        }
    }
}
