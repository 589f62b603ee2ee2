package dev.gatehouse.policy.glob;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Column globs match as the edge-proxy's masking matches result column names. */
class ColumnGlobTests {

    @ParameterizedTest
    @CsvSource({
            "api_key, api_key, true",
            "api_key, API_KEY, true",
            "API_Key, api_key, true",
            "api_key, api_keys, false",
            "api_key, my_api_key, false",
            "*_token, refresh_token, true",
            "*_token, REFRESH_TOKEN, true",
            "*_token, _token, true",
            "*_token, token, false",
            "*_token, refresh_token_hint, false",
            "*token*, refresh_token_hint, true",
            "api_?ey, api_key, true",
            "api_?ey, api_ey, false",
            "a*b*c, axxbyyc, true",
            "a*b*c, axxbyy, false",
            "*, anything, true",
            "'  api_key ', api_key, true",
            "straße, STRASSE, false",
            "ÄPI, äpi, true",
    })
    void matchesCaseInsensitivelyWithStarAndQuestionMark(String glob, String name, boolean expected) {
        assertThat(ColumnGlob.compile(glob).matches(name)).isEqualTo(expected);
    }
}
