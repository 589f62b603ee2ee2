package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.ActivePolicy;
import dev.gatehouse.policy.document.DocumentLimits;
import dev.gatehouse.policy.document.PolicyDocumentParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Compiles test policies the way the service does: through the YAML parser and its validation. */
final class TestPolicies {

    static final long VERSION = 7;

    private TestPolicies() {
    }

    static PolicyEvaluator evaluator(String resource) {
        return compile(read(resource));
    }

    static PolicyEvaluator compile(String yaml) {
        return PolicyEvaluator.compile(new ActivePolicy(VERSION,
                new PolicyDocumentParser(DocumentLimits.DEFAULTS).parse(yaml), "test", Instant.now()));
    }

    static String read(String resource) {
        try (InputStream in = TestPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
