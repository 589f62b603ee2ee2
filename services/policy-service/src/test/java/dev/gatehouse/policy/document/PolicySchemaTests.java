package dev.gatehouse.policy.document;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.gatehouse.policy.document.PolicyYaml.PARSER;
import static dev.gatehouse.policy.document.PolicyYaml.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code policy-schema.json} and the parser agree: every documented example (test documents and the
 * README's YAML blocks) passes both, and documents with common mistakes fail both.
 */
class PolicySchemaTests {

    private static final Schema SCHEMA = load();

    private static Schema load() {
        try (InputStream in = PolicySchemaTests.class.getResourceAsStream("/policy-schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> examples() throws IOException {
        List<String> examples = new ArrayList<>(List.of(resource("example.yaml"), resource("minimal.yaml"),
                resource("upper-case.yaml")));
        examples.addAll(readmeExamples());
        return examples.stream();
    }

    /** The README's ```yaml blocks that are whole documents (they start with apiVersion). */
    static List<String> readmeExamples() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher blocks = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> documents = new ArrayList<>();
        while (blocks.find()) {
            if (blocks.group(1).startsWith("apiVersion:")) {
                documents.add(blocks.group(1));
            }
        }
        return documents;
    }

    @Test
    void theReadmeShowsTheFullExample() throws IOException {
        assertThat(readmeExamples()).contains(resource("example.yaml"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyDocumentedExamplePassesTheSchemaAndTheParser(String yaml) {
        List<Error> errors = SCHEMA.validate(yaml, InputFormat.YAML);

        assertThat(errors).as("schema errors").isEmpty();
        PARSER.parse(yaml);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "rules: []",
            "apiVersion: gatehouse.dev/v2",
            "apiVersion: gatehouse.dev/v1\nkind: Policy",
            "apiVersion: gatehouse.dev/v1\nonUnparsed: allow",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, actoin: allow}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: permit}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: Bad_Id, action: allow}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: allow, review: {approvals: 2}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: review, audit: async}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: review, review: {approvals: 11}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: review, review: {expiry: 10}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: review, review: {expiry: 'PT'}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: deny, match: {sql: {kinds: [selct]}}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: deny, match: {sql: {kinds: [Copy-Program]}}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: deny, match: {kubernetes: {verbs: [exec]}}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: deny, match: {git: {services: [push]}}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: deny, match: {http: {paths: [api]}}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: deny, match: {http: {headers: {'a b': x}}}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: deny, match: {ftp: {}}}]",
            "apiVersion: gatehouse.dev/v1\nrules: [{id: r, action: allow, match: {http: {websocket: yes}}}]",
            "apiVersion: gatehouse.dev/v1\nconnections: [{name: db, type: ftp, upstream: 'http://a'}]",
            "apiVersion: gatehouse.dev/v1\nconnections: [{name: DB, type: http, upstream: 'http://a'}]",
            "apiVersion: gatehouse.dev/v1\nconnections: [{name: db, type: http, upstream: 'http://u:p@a'}]",
            "apiVersion: gatehouse.dev/v1\nconnections: [{name: db, type: postgres, upstream: 'http://a/b'}]",
            "apiVersion: gatehouse.dev/v1\nconnections: [{name: db, type: http}]",
    })
    void commonMistakesFailTheSchemaAndTheParser(String yaml) {
        assertThat(SCHEMA.validate(yaml, InputFormat.YAML)).as("schema errors").isNotEmpty();
        assertThatExceptionOfType(InvalidPolicy.class).isThrownBy(() -> PARSER.parse(yaml));
    }
}
