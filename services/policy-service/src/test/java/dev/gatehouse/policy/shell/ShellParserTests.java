package dev.gatehouse.policy.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellParserTests {

    private static List<String> lines(String text) {
        ShellScript script = ShellParser.parse(text);
        assertThat(script.parsed()).as("parsed: %s (%s)", text, script.unparsed()).isTrue();
        return script.commands().stream().map(ShellCommand::line).toList();
    }

    @Test
    void listsAndPipelinesAreOneCommandEach() {
        assertThat(lines("echo a; ls -l && df -h || uptime | wc -l & date"))
                .containsExactly("echo a", "ls -l", "df -h", "uptime", "wc -l", "date");
        assertThat(lines("echo a\nls")).containsExactly("echo a", "ls");
    }

    @Test
    void quotesAreRemovedAndArgumentsWithSpacesStayOneArgument() {
        assertThat(lines("echo 'a b' \"c;d\" e\\ f")).containsExactly("echo 'a b' c;d 'e f'");
        assertThat(ShellParser.parse("r''m -rf /x").commands().getFirst().name()).isEqualTo("rm");
        assertThat(ShellParser.parse("\\rm -rf /x").commands().getFirst().name()).isEqualTo("rm");
    }

    @Test
    void substitutionsRunTheirCommandsToo() {
        assertThat(lines("echo $(whoami) `hostname` \"$(date)\" <(uptime)"))
                .containsExactly("whoami", "hostname", "date", "uptime", "echo $(whoami) `hostname` $(date) <(uptime)");
    }

    @Test
    void singleQuotedSubstitutionIsText() {
        assertThat(lines("echo '$(rm -rf /)'")).containsExactly("echo '$(rm -rf /)'");
    }

    @Test
    void wrappersAndWhatTheyRunAreBothCommands() {
        assertThat(lines("sudo -u app -- systemctl restart web")).containsExactly("sudo -u app -- systemctl restart web",
                "systemctl restart web");
        assertThat(lines("env -i A=1 B=2 nice -n 5 timeout 10 ls -l"))
                .containsExactly("env -i A=1 B=2 nice -n 5 timeout 10 ls -l", "nice -n 5 timeout 10 ls -l",
                        "timeout 10 ls -l", "ls -l");
        assertThat(lines("find /tmp -name x -exec rm -f {} \\;")).contains("rm -f {}");
        assertThat(lines("echo x | xargs -0 rm")).containsExactly("echo x", "xargs -0 rm", "rm");
    }

    @Test
    void shellScriptsAreReadAsShellText() {
        assertThat(lines("bash -c 'echo a; rm -rf /x'")).containsExactly("bash -c 'echo a; rm -rf /x'", "echo a", "rm -rf /x");
        assertThat(lines("sh -ec \"ls\"")).containsExactly("sh -ec ls", "ls");
        assertThat(lines("eval 'ls;' date")).containsExactly("eval ls; date", "ls", "date");
        assertThat(lines("su -c 'id' app")).containsExactly("su -c id app", "id");
        assertThat(lines("bash script.sh")).containsExactly("bash script.sh");
    }

    @Test
    void redirectionsToFilesAreCommandsOfTheirOwn() {
        assertThat(lines("echo x > /etc/motd 2>&1 < in.txt")).containsExactly("echo x", "> /etc/motd", "< in.txt");
        assertThat(lines("ls 2>/dev/null")).containsExactly("ls", "> /dev/null");
        assertThat(lines("cat <<< 'text'")).containsExactly("cat");
    }

    @Test
    void assignmentsAndReservedWordsIntroduceTheCommand() {
        assertThat(lines("LANG=C ls")).containsExactly("ls");
        assertThat(lines("if true; then ls; else df; fi")).containsExactly("true", "ls", "df");
        assertThat(lines("for f in a b; do cat $f; done")).containsExactly("cat $f");
        assertThat(lines("(cd /tmp && ls) > /dev/null")).containsExactly("cd /tmp", "ls", "> /dev/null");
        assertThat(lines("ls # ; rm -rf /")).containsExactly("ls");
    }

    @Test
    void aProgramOutsideTheSystemDirectoriesIsNotASystemProgram() {
        assertThat(ShellParser.parse("/tmp/x/ls").commands().getFirst().systemProgram()).isFalse();
        assertThat(ShellParser.parse("/usr/bin/ls").commands().getFirst().systemProgram()).isTrue();
        assertThat(ShellParser.parse("ls").commands().getFirst().systemProgram()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo 'open", "echo \"open", "echo `open", "echo $(open", "ls )", "cat <<EOF\nx\nEOF",
            "$X -rf /", "${X} a", "$'\\x72m' /", "/bin/r? /", "{rm,-rf,/}", "f() { ls; }; f", "case a in a) ls;; esac",
            "PATH=/tmp ls", "env LD_PRELOAD=/x.so ls", "env -S 'rm -rf /'", "((x=1))", "echo ${x:-$(rm -rf /)}",
            "echo $((1+$(id)))", "sudo --bogus rm", "bash -c", "find / -exec rm", "echo x >", "", "  ", "echo \\",
            "function f { ls; }", "select x in a; do ls; done", "coproc ls"})
    void whatItCannotFollowIsUnparsed(String text) {
        assertThat(ShellParser.parse(text).parsed()).as(text).isFalse();
    }

    @Test
    void nestingIsBounded() {
        String deep = "echo ok";
        for (int i = 0; i < 12; i++) {
            deep = "bash -c " + quote(deep);
        }
        assertThat(ShellParser.parse(deep).parsed()).isFalse();
        assertThat(ShellParser.parse("x".repeat(70_000)).parsed()).isFalse();
        assertThat(ShellParser.parse("ls;".repeat(300)).parsed()).isFalse();
        assertThat(ShellParser.parse("( ".repeat(5000) + "ls" + " )".repeat(5000)).parsed()).isFalse();
        assertThat(ShellParser.parse("echo \"$(".repeat(5000)).parsed()).isFalse();
        assertThat(ShellParser.parse("( ( ls ) )").parsed()).isTrue();
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
