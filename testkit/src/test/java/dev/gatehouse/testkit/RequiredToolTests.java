package dev.gatehouse.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredToolTests {

    @TempDir
    Path dir;

    @AfterEach
    void clearOverride() {
        System.clearProperty(RequiredTool.PATH_PROPERTY);
    }

    @Test
    void findsTheFirstExecutableOnThePathAsAShellWould() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.createFile(first.resolve("psql"));                  // not executable: a shell passes it by
        Path psql = executable(second.resolve("psql"));
        executable(dir.resolve("third-psql"));

        assertThat(RequiredTool.find("psql", first + File.pathSeparator + File.pathSeparator + second)).contains(psql);
        assertThat(RequiredTool.find("psql", dir.toString())).isEmpty();
    }

    @Test
    void aMissingBrowserFailsNamingTheTestAndWhatToInstall() throws IOException {
        executable(dir.resolve("chromium"));                       // the browser without its driver
        System.setProperty(RequiredTool.PATH_PROPERTY, dir.toString());

        assertThatThrownBy(RequiredTool::chromium)
                .isInstanceOf(TestToolMissing.class)
                .hasMessage("RequiredToolTests needs chromium and chromedriver (not found on PATH): "
                        + "run deploy/test-tools.sh (Debian: apt-get install chromium chromium-driver)");
    }

    @Test
    void aMissingClientFailsNamingItsDebianPackage() {
        System.setProperty(RequiredTool.PATH_PROPERTY, dir.toString());

        assertThatThrownBy(RequiredTool::psql).isInstanceOf(AssertionError.class)
                .hasMessageContaining("needs psql (PostgreSQL's client)")
                .hasMessageEndingWith("(Debian: apt-get install postgresql-client)");
        assertThatThrownBy(RequiredTool::pgbench).hasMessageEndingWith("(Debian: apt-get install postgresql)");
        assertThatThrownBy(RequiredTool::git).hasMessageEndingWith("(Debian: apt-get install git)");
        assertThatThrownBy(RequiredTool::curl).hasMessageEndingWith("(Debian: apt-get install curl)");
    }

    @Test
    void theBrowserAndItsDriverAreFoundTogether() throws IOException {
        Path browser = executable(dir.resolve("chromium"));
        Path driver = executable(dir.resolve("chromedriver"));
        System.setProperty(RequiredTool.PATH_PROPERTY, dir.toString());

        assertThat(RequiredTool.chromium()).isEqualTo(new RequiredTool.Chromium(browser, driver));
    }

    private static Path executable(Path file) throws IOException {
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
