package dev.gatehouse.policy.document;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * YAML text in, a validated {@link PolicyDocument} out, or an {@link InvalidPolicy} listing every
 * problem with its line, column and field path. Reading happens in passes, each refusing what the
 * next must not see: size, then a streaming guard (nesting depth, alias count, syntax), then the node
 * tree (aliases expanded under a budget, duplicate keys, tags), then binding (unknown fields, types),
 * then the semantic checks (globs, CEL, references between sections).
 *
 * <p>Thread-safe; hostile input yields an {@link InvalidPolicy}, never another exception.
 */
@Component
public class PolicyDocumentParser {

    private final DocumentLimits limits;
    private final LoadSettings settings;

    public PolicyDocumentParser(DocumentLimits limits) {
        this.limits = limits;
        this.settings = YamlSettings.load(limits);
    }

    public PolicyDocument parse(String yaml) {
        Findings findings = new Findings();
        SourceLocations locations = new SourceLocations();
        Optional<PolicyDocument> document = read(yaml, findings, locations);
        if (document.isEmpty() || !findings.isEmpty()) {
            throw findings.toException(locations);
        }
        return document.get();
    }

    public DocumentLimits limits() {
        return limits;
    }

    private Optional<PolicyDocument> read(String yaml, Findings findings, SourceLocations locations) {
        if (yaml == null || yaml.isBlank()) {
            findings.addAt(1, 1, FieldPaths.ROOT, "the document is empty");
            return Optional.empty();
        }
        if (yaml.length() > limits.maxBytes() || yaml.getBytes(StandardCharsets.UTF_8).length > limits.maxBytes()) {
            findings.addAt(1, 1, FieldPaths.ROOT, "the document is larger than " + limits.maxSize());
            return Optional.empty();
        }
        try {
            if (!YamlGuard.check(yaml, settings, limits, findings)) {
                return Optional.empty();
            }
            Optional<YamlTree.Read> tree = YamlTree.read(yaml, settings, limits, findings);
            if (tree.isEmpty()) {
                return Optional.empty();
            }
            tree.get().locations().copyInto(locations);
            Optional<PolicyDocument> document = DocumentBinder.bind(tree.get().root(), findings);
            document.ifPresent(bound -> DocumentValidator.validate(bound, findings));
            return document;
        } catch (RuntimeException | StackOverflowError e) {
            // Defence in depth: a reader bug must not turn hostile input into a 500 or a stack trace.
            findings.addAt(1, 1, FieldPaths.ROOT, "the document cannot be read (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }
}
