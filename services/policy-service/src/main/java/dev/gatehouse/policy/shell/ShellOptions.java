package dev.gatehouse.policy.shell;

import java.util.List;

/** Where a shell's or {@code su}'s options put the script it runs ({@code -c}), if any. */
final class ShellOptions {

    private ShellOptions() {
    }

    /**
     * The script of {@code bash [options] -c script [name [args]]} (the {@code c} may sit in a cluster
     * such as {@code -lc}), or {@code null} when the shell reads a file or its input.
     */
    static String script(List<String> args) {
        boolean dashC = false;
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--") || arg.equals("-")) {
                i++;
                break;
            }
            if (arg.startsWith("--")) {
                i += arg.equals("--rcfile") || arg.equals("--init-file") ? 2 : 1;
                continue;
            }
            if (!(arg.startsWith("-") || arg.startsWith("+")) || arg.length() < 2) {
                break;
            }
            dashC |= arg.indexOf('c') > 0;
            i += arg.indexOf('o') > 0 || arg.indexOf('O') > 0 ? 2 : 1;
        }
        if (!dashC) {
            return null;
        }
        if (i >= args.size()) {
            throw new ShellUnreadable("-c without a script");
        }
        return args.get(i);
    }

    /** The command of {@code su}/{@code runuser}/{@code script} given with {@code -c}, {@code --command}. */
    static String dashC(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--command=")) {
                return arg.substring("--command=".length());
            }
            boolean takesNext = arg.equals("--command")
                    || arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('c') > 0;
            if (takesNext) {
                if (i + 1 >= args.size()) {
                    throw new ShellUnreadable(arg + " without a command");
                }
                return args.get(i + 1);
            }
        }
        return null;
    }
}
