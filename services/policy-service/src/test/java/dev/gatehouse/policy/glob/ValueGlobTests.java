package dev.gatehouse.policy.glob;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ValueGlobTests {

    @ParameterizedTest
    @CsvSource({
            "acme/*, acme/app, true",
            "acme/*, acme/, true",
            "acme/*, evil/acme/app, false",
            "*/app, acme/app, true",
            "refs/heads/main, refs/heads/main, true",
            "refs/heads/main, refs/heads/main2, false",
            "a*b*c, abc, true",
            "a*b*c, axxbyyc, true",
            "a*b*c, axxbyy, false",
            "ab*ba, aba, false",
            "*, anything, true",
    })
    void matches(String glob, String value, boolean expected) {
        assertThat(ValueGlob.compile(glob).matches(value)).isEqualTo(expected);
    }
}
