package dev.gatehouse.support;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;

/**
 * Writes a problem+json body outside Spring MVC (the security filter chain answers before any
 * controller runs), with the same {@link Problems} document and the same Jackson converter Spring MVC
 * renders a {@link org.springframework.http.ProblemDetail} with, so that both look alike. Details are
 * fixed strings: nothing from the token is echoed back.
 */
final class ProblemJsonWriter {

    // Built once, not per refusal. Members in RFC 9457 order (type, title, status, detail), as these
    // answers always were, rather than Jackson 3's default alphabetical order.
    private static final JacksonJsonHttpMessageConverter JSON = new JacksonJsonHttpMessageConverter(
            JsonMapper.builder().disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY));

    private ProblemJsonWriter() {
    }

    static void write(HttpServletResponse response, HttpStatus status, URI type, String detail) throws IOException {
        ServletServerHttpResponse out = new ServletServerHttpResponse(response);
        out.setStatusCode(status);
        JSON.write(Problems.of(status, type, detail), MediaType.APPLICATION_PROBLEM_JSON, out);
        out.flush();
    }
}
