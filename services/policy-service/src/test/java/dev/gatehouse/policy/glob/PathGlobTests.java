package dev.gatehouse.policy.glob;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathGlobTests {

    @ParameterizedTest
    @CsvSource({
            "/**, /, true",
            "/**, /a/b/c, true",
            "/, /, true",
            "/, /a, false",
            "/a/*, /a/b, true",
            "/a/*, /a, false",
            "/a/*, /a/b/c, false",
            "/a/**, /a, true",
            "/a/**/z, /a/z, true",
            "/a/**/z, /a/b/c/z, true",
            "/a/**/z, /a/b/c/y, false",
            "/a/**/z/**, /a/b/z/c/z/d, true",
            "/**/secret, /x/y/secret, true",
            "/repos/*.git/**, /repos/app.git/info/refs, true",
            "/repos/*.git/**, /repos/app/info/refs, false",
            "/Admin, /admin, false",
    })
    void matchesSegments(String glob, String path, boolean expected) {
        String[] segments = PathNormalizer.segments(path).orElseThrow();

        assertThat(PathGlob.compile(glob).matches(segments)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-slash", "/a/../b", "/a/./b", "/a**/b", "/a/**x"})
    void refusesMalformedGlobs(String glob) {
        assertThatIllegalArgumentException().isThrownBy(() -> PathGlob.compile(glob));
    }
}
