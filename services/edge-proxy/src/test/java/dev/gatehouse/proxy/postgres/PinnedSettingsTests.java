package dev.gatehouse.proxy.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PinnedSettingsTests {

    @ParameterizedTest
    @ValueSource(strings = {"UTF8", "utf-8", "Unicode", "SQL_ASCII", "sql-ascii"})
    void aUtf8OrAsciiClientOpensASession(String encoding) {
        assertThat(PinnedSettings.startupRefusal(Map.of("user", "ci", "client_encoding", encoding))).isNull();
    }

    @Test
    void aClientThatNamesNoEncodingOpensASession() {
        assertThat(PinnedSettings.startupRefusal(Map.of("user", "ci", "application_name", "psql"))).isNull();
    }

    /** The client-only encodings that hide a backslash, their aliases, and the ASCII-safe ones alike: UTF-8 only. */
    @ParameterizedTest
    @ValueSource(strings = {"SJIS", "BIG5", "GBK", "GB18030", "UHC", "JOHAB", "SHIFT_JIS_2004", "WIN932", "WIN936",
            "WIN950", "WIN949", "MSKANJI", "ShiftJIS", "LATIN1", "EUC_JP", "WIN1252", "auto", ""})
    void everyOtherEncodingIsRefusedAtStartupWithWhatToDo(String encoding) {
        String refusal = PinnedSettings.startupRefusal(Map.of("user", "ci", "client_encoding", encoding));

        assertThat(refusal).contains("UTF-8 clients only").contains("\"" + encoding + "\"")
                .contains("PGCLIENTENCODING=UTF8");
    }

    @Test
    void startupParameterNamesAreReadCaseInsensitivelyAsPostgresDoes() {
        assertThat(PinnedSettings.startupRefusal(Map.of("Client_Encoding", "SJIS"))).contains("SJIS");
        assertThat(PinnedSettings.startupRefusal(Map.of("STANDARD_CONFORMING_STRINGS", "off")))
                .contains("standard_conforming_strings");
        assertThat(PinnedSettings.startupRefusal(Map.of("standard_conforming_strings", "on"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-c client_encoding=SJIS", "--client-encoding=sjis", "-cclient_encoding=BIG5",
            "-c statement_timeout=5s -c standard_conforming_strings=off", "--standard_conforming_strings=false",
            "-c standard_conforming_strings", "-c Client_Encoding=GBK", "-c\\ x -c client_encoding=WIN932"})
    void aPinnedSettingInOptionsIsRefused(String options) {
        assertThat(PinnedSettings.startupRefusal(Map.of("user", "ci", "options", options)))
                .contains("in options (PGOPTIONS)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-c statement_timeout=5s", "-c client_encoding=UTF8", "--standard-conforming-strings=on",
            "-c search_path=app\\ schema", ""})
    void optionsThatKeepThePinnedValuesPass(String options) {
        assertThat(PinnedSettings.startupRefusal(Map.of("user", "ci", "options", options))).isNull();
    }

    @Test
    void theValuesThatKeepWhatIsPinnedAreThosePostgresReadsAsTheSame() {
        for (String on : new String[]{"on", "ON", "true", "t", "yes", "y", "1"}) {
            assertThat(PinnedSettings.keepsPinnedValue(PinnedSettings.CONFORMING_STRINGS, on)).as(on).isTrue();
        }
        for (String off : new String[]{"off", "false", "0", "no", "", "o"}) {
            assertThat(PinnedSettings.keepsPinnedValue(PinnedSettings.CONFORMING_STRINGS, off)).as(off).isFalse();
        }
        assertThat(PinnedSettings.keepsPinnedValue(PinnedSettings.CLIENT_ENCODING, "u.t.f-8")).isTrue();
        assertThat(PinnedSettings.keepsPinnedValue(PinnedSettings.CLIENT_ENCODING, "SQL_ASCII"))
                .as("after startup, only UTF8").isFalse();
    }

    @Test
    void aReportedChangeOfAPinnedSettingIsNamedAnythingElseIsNot() {
        assertThat(PinnedSettings.reportedChange("client_encoding", "UTF8")).isNull();
        assertThat(PinnedSettings.reportedChange("standard_conforming_strings", "on")).isNull();
        assertThat(PinnedSettings.reportedChange("TimeZone", "Asia/Tokyo")).isNull();
        assertThat(PinnedSettings.reportedChange("client_encoding", "SJIS")).contains("client_encoding = \"SJIS\"");
        assertThat(PinnedSettings.reportedChange("standard_conforming_strings", "off"))
                .contains("standard_conforming_strings = \"off\"");
    }

    @Test
    void theUpstreamAlwaysGetsTheStrictSettings() {
        assertThat(PinnedSettings.UPSTREAM).containsEntry("client_encoding", "UTF8")
                .containsEntry("standard_conforming_strings", "on");
    }
}
