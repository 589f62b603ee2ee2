package dev.gatehouse.policy.shell;

import java.util.List;
import java.util.Set;

/**
 * How a wrapper program ({@code sudo}, {@code env}, {@code timeout}, …) reads its options, so the
 * parser finds the command it runs. An option it does not know makes the script unreadable: a wrong
 * guess about which argument is the command would let the real one pass unseen.
 *
 * @param flags     short options without a value
 * @param valued    short options taking a value (attached or the next argument)
 * @param longFlags long options without a value
 * @param longValued long options taking a value ({@code --x=v} or {@code --x v})
 */
record Options(String flags, String valued, Set<String> longFlags, Set<String> longValued) {

    static Options of(String flags, String valued, String... longOptions) {
        Set<String> plain = new java.util.HashSet<>();
        Set<String> withValue = new java.util.HashSet<>();
        for (String option : longOptions) {
            if (option.endsWith("=")) {
                withValue.add(option.substring(0, option.length() - 1));
            } else {
                plain.add(option);
            }
        }
        return new Options(flags, valued, Set.copyOf(plain), Set.copyOf(withValue));
    }

    /** The index of the first operand (not an option) in {@code args}, or {@code args.size()}. */
    int firstOperand(List<String> args) {
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                return i + 1;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                return i;
            }
            i += arg.startsWith("--") ? longOption(arg) : cluster(arg);
        }
        return i;
    }

    private int longOption(String arg) {
        int eq = arg.indexOf('=');
        String name = arg.substring(2, eq < 0 ? arg.length() : eq);
        if (longValued.contains(name)) {
            return eq < 0 ? 2 : 1;
        }
        if (longFlags.contains(name) && eq < 0) {
            return 1;
        }
        throw new ShellUnreadable("unknown option " + arg);
    }

    private int cluster(String arg) {
        for (int j = 1; j < arg.length(); j++) {
            char c = arg.charAt(j);
            if (valued.indexOf(c) >= 0) {
                return j == arg.length() - 1 ? 2 : 1;
            }
            if (flags.indexOf(c) < 0) {
                throw new ShellUnreadable("unknown option -" + c + " in " + arg);
            }
        }
        return 1;
    }
}
