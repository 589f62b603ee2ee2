package dev.gatehouse.policy.shell;

import java.util.List;

/**
 * One simple command a shell would run, after quote removal: {@code name} is the program's base name
 * ({@code rm} for {@code /bin/rm}), {@code path} the program as written, {@code args} its arguments.
 * A file redirection is a command of its own: name {@code >} (write, append, clobber), {@code <} (read)
 * or {@code <>} with the target as the only argument. Arguments keep expansions as written
 * ({@code $HOME}, {@code $(…)}): the commands inside a substitution are commands of their own.
 */
public record ShellCommand(String name, String path, List<String> args) {

    public ShellCommand {
        args = List.copyOf(args);
    }

    /** {@code name} and the arguments, separated by single spaces, arguments quoted where a space or quote would blur them. */
    public String line() {
        return render(name);
    }

    /** As {@link #line()} with the program as written ({@code /tmp/x/ls -l}). */
    public String pathLine() {
        return render(path);
    }

    /** True when the program is named without a directory or lives in a system binary directory. */
    public boolean systemProgram() {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return true;
        }
        String dir = path.substring(0, slash);
        return dir.equals("/bin") || dir.equals("/usr/bin") || dir.equals("/sbin") || dir.equals("/usr/sbin")
                || dir.equals("/usr/local/bin") || dir.equals("/usr/local/sbin");
    }

    private String render(String program) {
        StringBuilder line = new StringBuilder(program);
        for (String arg : args) {
            line.append(' ').append(quoted(arg));
        }
        return line.toString();
    }

    private static String quoted(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\'' || c == '"')) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
