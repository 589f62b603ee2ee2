package dev.gatehouse.ledger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTests {

    private static String canonical(String json) {
        return CanonicalJson.string(LeafHash.JSON.readTree(json));
    }

    @Test
    void sortsKeysRecursivelyAndDropsWhitespace() {
        assertThat(canonical("{ \"b\" : 1, \"a\": {\"z\": [3, 2, {\"y\":true, \"x\": null}], \"c\": \"d\"} }"))
                .isEqualTo("{\"a\":{\"c\":\"d\",\"z\":[3,2,{\"x\":null,\"y\":true}]},\"b\":1}");
    }

    @Test
    void sortsByUtf16CodeUnits() {
        // U+00E9 (é) sorts after "z"; "A" before "a"; the emoji (a surrogate pair, D83D) after é.
        assertThat(canonical("{\"\u00e9\":1,\"z\":2,\"a\":3,\"A\":4,\"\uD83D\uDE00\":5}"))
                .isEqualTo("{\"A\":4,\"a\":3,\"z\":2,\"\u00e9\":1,\"\uD83D\uDE00\":5}");
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        assertThat(canonical("{\"s\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 slash/ e\\u00e9\"}"))
                .isEqualTo("{\"s\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 slash/ e\u00e9\"}");
    }

    @Test
    void writesNumbersPlainly() {
        assertThat(canonical("[0, -0, 1.0, 1.50, 1e3, 12345678901234567890, -2.5e-3]"))
                .isEqualTo("[0,0,1,1.5,1000,12345678901234567890,-0.0025]");
    }

    @Test
    void isUtf8() {
        assertThat(CanonicalJson.bytes(LeafHash.JSON.readTree("\"\u00e9\"")))
                .isEqualTo("\"\u00e9\"".getBytes(StandardCharsets.UTF_8));
    }
}
