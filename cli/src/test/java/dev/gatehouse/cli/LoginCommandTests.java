package dev.gatehouse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitLab-style login from an {@code id_tokens} variable: the audience and expiry are checked before the
 * token is kept, and a refusal names expected and actual values without printing the token. (GitHub's
 * endpoint, the real issuer and the proxy: CliSystemIT.)
 */
class LoginCommandTests {

    @TempDir
    Path home;

    @Test
    void aTokenForAnotherAudienceIsRefusedNamingBothAndNotKept() {
        String token = jwt("{\"sub\":\"project_path:acme/app\",\"aud\":\"https://gitlab.example.com\",\"exp\":"
                + (Instant.now().getEpochSecond() + 300) + "}");
        String[] result = login(token);
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).contains("audience https://gitlab.example.com").contains("expects gatehouse")
                .doesNotContain(token);
        assertThat(home.resolve("token")).doesNotExist();
    }

    @Test
    void anExpiredTokenIsRefusedWithItsExpiry() {
        String[] result = login(jwt("{\"sub\":\"s\",\"aud\":[\"gatehouse\"],\"exp\":1700000000}"));
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).contains("expired at 2023-11-14T22:13:20Z");
    }

    @Test
    void aGoodTokenIsKeptOwnerOnlyAndNeverPrinted() throws Exception {
        String token = jwt("{\"sub\":\"project_path:acme/app\",\"iss\":\"https://gitlab.example.com\",\"aud\":\"gatehouse\","
                + "\"exp\":" + (Instant.now().getEpochSecond() + 300) + "}");
        String[] result = login(token);
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(result[1]).contains("as project_path:acme/app").doesNotContain(token);
        assertThat(java.nio.file.Files.getPosixFilePermissions(home.resolve("token")).toString())
                .contains("OWNER_READ").contains("OWNER_WRITE").doesNotContain("GROUP").doesNotContain("OTHERS");
    }

    private String[] login(String token) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Gatehouse.run(new String[] {"login", "--url", "https://gatehouse.example.com"},
                Map.of("GATEHOUSE_HOME", home.toString(), "GATEHOUSE_ID_TOKEN", token), new PrintWriter(out),
                new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
