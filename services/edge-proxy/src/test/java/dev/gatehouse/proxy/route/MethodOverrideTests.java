package dev.gatehouse.proxy.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodOverrideTests {

    private static HttpHeaders headers(String... nameValues) {
        HttpHeaders headers = new HttpHeaders();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "x-http-method"})
    void eachOverrideHeaderNamesTheEffectiveMethodUpperCased(String header) {
        assertThat(MethodOverride.of(headers(header, " delete "), null)).isEqualTo("DELETE");
    }

    @Test
    void theMethodParameterCountsWhateverItsNameOrValueEncoding() {
        assertThat(MethodOverride.of(headers(), "a=1&_method=put")).isEqualTo("PUT");
        assertThat(MethodOverride.of(headers(), "%5Fmethod=PATCH&b=2")).isEqualTo("PATCH");
        assertThat(MethodOverride.of(headers(), "_%6Dethod=%44ELETE")).isEqualTo("DELETE");
    }

    @Test
    void noOverrideIsNull() {
        assertThat(MethodOverride.of(headers("Accept", "*/*"), "a=1&method=DELETE&x_method=PUT")).isNull();
        assertThat(MethodOverride.of(headers(), null)).isNull();
    }

    @Test
    void overridesThatAgreeAreOneMethod() {
        assertThat(MethodOverride.of(headers("X-HTTP-Method-Override", "PUT", "X-HTTP-Method", "put"), "_method=PUT"))
                .isEqualTo("PUT");
        assertThat(MethodOverride.withForm("PUT", "a=1&_method=put")).isEqualTo("PUT");
    }

    @Test
    void overridesThatDisagreeOrAreNotAMethodAreRefused() {
        assertThatThrownBy(() -> MethodOverride.of(headers("X-HTTP-Method-Override", "PUT"), "_method=DELETE"))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
        assertThatThrownBy(() -> MethodOverride.of(headers("X-HTTP-Method-Override", "PUT, DELETE"), null))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
        assertThatThrownBy(() -> MethodOverride.of(headers(), "_method=GET&_method=DELETE"))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
        assertThatThrownBy(() -> MethodOverride.of(headers("X-Method-Override", "DE LETE"), null))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
        assertThatThrownBy(() -> MethodOverride.of(headers("X-Method-Override", ""), null))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
        assertThatThrownBy(() -> MethodOverride.of(headers(), "_method="))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
        assertThatThrownBy(() -> MethodOverride.withForm("PUT", "_method=DELETE"))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
    }

    @Test
    void anOverrideBehindASemicolonSeparatorIsRefused() {
        assertThatThrownBy(() -> MethodOverride.of(headers(), "a=1;_method=DELETE"))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
        assertThat(MethodOverride.of(headers(), "a=1;b=2")).isNull();
    }

    @Test
    void aFormBodyGivesItsMethodAndLosesTheFieldWhileMultipartAndJsonAreRefused() {
        MethodOverride.Resolved form = MethodOverride.withBody(null, "application/x-www-form-urlencoded",
                "a=%E9&_method=put&b=\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(form.method()).isEqualTo("PUT");
        assertThat(form.body()).isEqualTo("a=%E9&b=\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(MethodOverride.withBody("PATCH", "text/plain", "_method=DELETE".getBytes()).method()).isEqualTo("PATCH");
        assertThatThrownBy(() -> MethodOverride.withBody(null, "multipart/form-data",
                "--b\r\nContent-Disposition: form-data; name=\"_method\"\r\n\r\nDELETE\r\n--b--".getBytes()))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
        assertThatThrownBy(() -> MethodOverride.withBody(null, "application/vnd.api+json",
                "{\"data\":{},\"_method\":\"DELETE\"}".getBytes()))
                .isInstanceOf(MethodOverride.InvalidMethodOverride.class);
    }

    @Test
    void removingTheParameterKeepsEveryOtherByte() {
        assertThat(MethodOverride.withoutParameter("a=%20x&_method=PUT&b=&c")).isEqualTo("a=%20x&b=&c");
        assertThat(MethodOverride.withoutParameter("%5Fmethod=PUT")).isNull();
        assertThat(MethodOverride.withoutParameter("a=1&")).isEqualTo("a=1&");
    }
}
