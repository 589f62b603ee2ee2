package dev.gatehouse.policy.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test documents and a shortcut to the errors the parser reports for them. */
final class PolicyYaml {

    static final PolicyDocumentParser PARSER = new PolicyDocumentParser(DocumentLimits.DEFAULTS);

    /** Two declared connections, so rules can refer to them; the rule text starts on line 7. */
    static final String HEAD = """
            # a test policy
            apiVersion: gatehouse.dev/v1
            connections:
              - {name: orders-db, type: postgres, upstream: "postgresql://db.internal:5432/orders"}
              - {name: demo-http, type: http, upstream: "http://demo.internal:8080"}
            rules:
            """;

    private PolicyYaml() {
    }

    static String resource(String name) {
        try (InputStream in = PolicyYaml.class.getResourceAsStream("/policies/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource policies/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #HEAD} followed by rules written at column 1 ("- id: ..."), indented here. */
    static String withRules(String rules) {
        return HEAD + rules.lines().map(line -> "  " + line).reduce("", (a, b) -> a + b + "\n");
    }

    static List<PolicyError> errors(String yaml) {
        InvalidPolicy invalid = catchThrowableOfType(InvalidPolicy.class, () -> PARSER.parse(yaml));
        assertThat(invalid).as("the document should be refused").isNotNull();
        return invalid.errors();
    }

    /** The only error, asserted to be at this line and field. */
    static PolicyError single(String yaml, int line, String field) {
        List<PolicyError> errors = errors(yaml);
        assertThat(errors).as(errors.toString()).hasSize(1);
        assertThat(errors.getFirst().line()).as(errors.toString()).isEqualTo(line);
        assertThat(errors.getFirst().field()).isEqualTo(field);
        return errors.getFirst();
    }

    /** One of the errors is at this line and field; returns it. */
    static PolicyError has(List<PolicyError> errors, int line, String field) {
        return errors.stream().filter(e -> e.line() == line && field.equals(e.field())).findFirst()
                .orElseThrow(() -> new AssertionError("no error at line " + line + ", " + field + " in " + errors));
    }
}
