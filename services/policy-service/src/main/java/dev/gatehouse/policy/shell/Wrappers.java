package dev.gatehouse.policy.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Programs that run another command: the wrapper is a command of its own (a rule may name
 * {@code sudo *}) and what it runs is one too, read through its options ({@code sudo -u app systemctl
 * restart x} is also {@code systemctl restart x}). Shells given a script ({@code bash -c '…'},
 * {@code su -c '…'}) and {@code eval} have the script read as shell text, one level deeper.
 */
final class Wrappers {

    /** Wrappers whose command follows their options (and, for some, a fixed number of operands). */
    private static final Map<String, Options> ARGV = Map.ofEntries(
            Map.entry("sudo", Options.of("AbEeHiKklnPSsV", "CDghpRrTtUu", "preserve-env", "login", "shell",
                    "non-interactive", "user=", "group=", "chdir=", "chroot=", "prompt=", "close-from=", "host=")),
            Map.entry("doas", Options.of("Lns", "uC")),
            Map.entry("env", Options.of("i0v", "uC", "ignore-environment", "null", "debug", "unset=", "chdir=")),
            Map.entry("nice", Options.of("0123456789", "n", "adjustment=")),
            Map.entry("nohup", Options.of("", "")),
            Map.entry("timeout", Options.of("v", "sk", "foreground", "preserve-status", "verbose", "signal=",
                    "kill-after=")),
            Map.entry("time", Options.of("pvqa", "fo", "portability", "verbose", "quiet", "append", "format=",
                    "output=")),
            Map.entry("command", Options.of("p", "")),
            Map.entry("builtin", Options.of("", "")),
            Map.entry("exec", Options.of("cl", "a")),
            Map.entry("stdbuf", Options.of("", "ioe", "input=", "output=", "error=")),
            Map.entry("ionice", Options.of("t", "cnpPu", "class=", "classdata=", "ignore")),
            Map.entry("setsid", Options.of("cfw", "", "ctty", "fork", "wait")),
            Map.entry("chroot", Options.of("", "", "userspec=", "groups=", "skip-chdir")),
            Map.entry("xargs", Options.of("0rtpxiel", "aEdILnPs", "null", "no-run-if-empty", "verbose", "interactive",
                    "exit", "open-tty", "arg-file=", "delimiter=", "eof=", "replace=", "max-lines=", "max-args=",
                    "max-procs=", "max-chars=", "process-slot-var=")),
            Map.entry("busybox", Options.of("", "")));
    private static final Set<String> ONE_OPERAND_FIRST = Set.of("timeout", "chroot");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "rbash",
            "yash", "posh");
    private static final Set<String> DASH_C = Set.of("su", "runuser", "script");
    private static final Set<String> FIND_EXEC = Set.of("-exec", "-execdir", "-ok", "-okdir");
    private static final Options WATCH = Options.of("bcdegtx", "nq", "beep", "color", "differences", "errexit",
            "chgexit", "no-title", "exec", "precise", "interval=");

    private Wrappers() {
    }

    static void run(ShellCommand command, int depth, List<ShellCommand> out) {
        out.add(command);
        String name = command.name();
        List<String> args = command.args();
        Options options = ARGV.get(name);
        if (options != null) {
            if (name.equals("command") && (args.contains("-v") || args.contains("-V"))) {
                return; // a lookup, nothing runs
            }
            int first = options.firstOperand(args);
            if (name.equals("env")) {
                first = afterAssignments(args, first);
            } else if (ONE_OPERAND_FIRST.contains(name)) {
                first++;
            }
            argv(args, first, depth, out);
        } else if (SHELLS.contains(name)) {
            String script = ShellOptions.script(args);
            if (script != null) {
                nestedScript(script, depth, out);
            }
        } else if (DASH_C.contains(name)) {
            String script = ShellOptions.dashC(args);
            if (script != null) {
                nestedScript(script, depth, out);
            }
        } else if (name.equals("eval")) {
            nestedScript(String.join(" ", args), depth, out);
        } else if (name.equals("watch")) {
            int first = WATCH.firstOperand(args);
            if (first < args.size()) {
                nestedScript(String.join(" ", args.subList(first, args.size())), depth, out);
            }
        } else if (name.equals("find")) {
            findExec(args, depth, out);
        }
    }

    private static void argv(List<String> args, int first, int depth, List<ShellCommand> out) {
        if (first >= args.size()) {
            return;
        }
        if (depth + 1 > ShellReader.MAX_DEPTH) {
            throw new ShellUnreadable("wrapped deeper than " + ShellReader.MAX_DEPTH + " levels");
        }
        run(CommandWords.command(args.get(first), args.subList(first + 1, args.size())), depth + 1, out);
    }

    private static void nestedScript(String script, int depth, List<ShellCommand> out) {
        ShellReader.read(script, depth + 1, out);
    }

    private static int afterAssignments(List<String> args, int first) {
        int i = first;
        while (i < args.size()) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            if (eq <= 0 || !identifier(arg, eq)) {
                break;
            }
            CommandWords.checkAssignment(arg.substring(0, eq));
            i++;
        }
        return i;
    }

    private static boolean identifier(String text, int end) {
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean letter = c < 128 && (Character.isLetter(c) || c == '_');
            if (!(letter || i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static void findExec(List<String> args, int depth, List<ShellCommand> out) {
        for (int i = 0; i < args.size(); i++) {
            if (FIND_EXEC.contains(args.get(i))) {
                int end = i + 1;
                while (end < args.size() && !args.get(end).equals(";") && !args.get(end).equals("+")) {
                    end++;
                }
                if (end >= args.size() || end == i + 1) {
                    throw new ShellUnreadable("find " + args.get(i) + " without a command or its ';' / '+'");
                }
                argv(args.subList(0, end), i + 1, depth, out);
                i = end;
            }
        }
    }
}
