package dev.gatehouse.proxy.auth;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header-value rule without a regular expression decides as Spring Security's expression does. */
class HeaderValuesTests {

    private static final Pattern SPRING_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void anAbsentHeaderIsNoViolation() {
        assertThat(HeaderValues.allowed(null)).isTrue();
        assertThat(HeaderValues.allowed("")).isTrue();
    }

    @Test
    void agreesWithSpringSecuritysExpressionOnEveryCharAndOnRandomStrings() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String value = "ok" + (char) c + "ok";
            assertThat(HeaderValues.allowed(value)).as("U+%04X", c).isEqualTo(SPRING_DEFAULT.matcher(value).matches());
        }
        Random random = new Random(16);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                value.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x110000) : 0x20 + random.nextInt(0x60));
            }
            String text = value.toString();
            assertThat(HeaderValues.allowed(text)).as("%s", text.codePoints().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(SPRING_DEFAULT.matcher(text).matches());
        }
    }
}
